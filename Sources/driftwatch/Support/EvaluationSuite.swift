import DriftDetection

/// A synthetic stream with known change points, for judging a detector.
struct LabelledStream: Sendable {
    /// The kind of change the stream shows, e.g. `abrupt mean shift`.
    let scenario: String
    /// The values, in order.
    let values: [Double]
    /// The 0-based indices of the first value of each new concept; empty for a stationary stream.
    let changePoints: [Int]
}

/// The built-in labelled streams of `driftwatch evaluate`: deterministic, generated from fixed seeds.
///
/// Numeric streams (6,000 values of unit-variance Gaussian noise): an abrupt mean shift of +1σ at 2,000
/// and back at 4,000; a gradual shift of +1σ ramped over 2,000–2,500; the standard deviation doubling
/// at 3,000; and a stationary stream. Binary streams (10,000 error bits): the error rate rising abruptly
/// from 0.1 to 0.3 at 5,000; rising gradually over 5,000–6,000; alternating 0.1 / 0.3 every 2,500; a
/// stationary rate of 0.15; and the error streams of the SEA, STAGGER and Agrawal generators (see
/// ``ConceptDriftGenerator``), each with an abrupt concept drift at 5,000 and a gradual one over 5,000–6,000. A
/// gradual change's change point is where the ramp starts.
enum EvaluationSuite {
    /// Streams generated per scenario, each from its own seed.
    static let streamsPerScenario = 10

    /// The streams for detectors that read `input`.
    static func streams(for input: DetectorInput) -> [LabelledStream] {
        let scenarios = input == .numeric ? numericScenarios : binaryScenarios
        return scenarios.enumerated().flatMap { offset, scenario in
            (0..<streamsPerScenario).map { replicate in
                var generator = SplitMix64(seed: UInt64(1000 * (offset + 1) + replicate))
                let values = (0..<scenario.length).map { scenario.draw($0, &generator) }
                return LabelledStream(scenario: scenario.name, values: values, changePoints: scenario.changePoints)
            }
        }
    }

    /// The streams for detectors that read `input` as JSON lines, for other tools to run the same streams:
    /// `{"scenario": …, "change_points": […], "values": […]}`.
    static func jsonLines(for input: DetectorInput) -> String {
        streams(for: input).map { stream in
            let values = stream.values.map { input == .binary ? String(Int($0)) : "\($0)" }.joined(separator: ",")
            let changes = stream.changePoints.map(String.init).joined(separator: ",")
            return "{\"scenario\": \"\(stream.scenario)\", \"change_points\": [\(changes)], \"values\": [\(values)]}"
        }.joined(separator: "\n") + "\n"
    }

    private struct Scenario: Sendable {
        let name: String
        let length: Int
        let changePoints: [Int]
        /// The value at a position, drawn with the generator.
        let draw: @Sendable (Int, inout SplitMix64) -> Double
    }

    private static let numericScenarios = [
        Scenario(name: "abrupt mean shift", length: 6000, changePoints: [2000, 4000]) { index, generator in
            (index >= 2000 && index < 4000 ? 1 : 0) + generator.nextGaussian()
        },
        Scenario(name: "gradual mean shift", length: 6000, changePoints: [2000]) { index, generator in
            ramp(index, from: 2000, to: 2500) + generator.nextGaussian()
        },
        Scenario(name: "variance increase", length: 6000, changePoints: [3000]) { index, generator in
            (index >= 3000 ? 2 : 1) * generator.nextGaussian()
        },
        Scenario(name: "stationary", length: 6000, changePoints: []) { _, generator in
            generator.nextGaussian()
        },
    ]

    private static let binaryScenarios =
        [
            Scenario(name: "abrupt error increase", length: 10000, changePoints: [5000]) { index, generator in
                bit(index >= 5000 ? 0.3 : 0.1, &generator)
            },
            Scenario(name: "gradual error increase", length: 10000, changePoints: [5000]) { index, generator in
                bit(0.1 + 0.2 * ramp(index, from: 5000, to: 6000), &generator)
            },
            Scenario(name: "recurring error rate", length: 10000, changePoints: [2500, 5000, 7500]) {
                index, generator in
                bit((index / 2500) % 2 == 0 ? 0.1 : 0.3, &generator)
            },
            Scenario(name: "stationary", length: 10000, changePoints: []) { _, generator in
                bit(0.15, &generator)
            },
        ] + [ConceptDriftGenerator.sea, .stagger, .agrawal].flatMap(conceptDriftScenarios)

    /// A generator's abrupt and gradual concept drift.
    private static func conceptDriftScenarios(_ source: ConceptDriftGenerator) -> [Scenario] {
        [
            Scenario(name: "\(source.name) abrupt", length: 10000, changePoints: [5000]) { index, generator in
                source.errorBit(drifted: index >= 5000, &generator)
            },
            Scenario(name: "\(source.name) gradual", length: 10000, changePoints: [5000]) { index, generator in
                let drifted = generator.nextUnitDouble() < ramp(index, from: 5000, to: 6000)
                return source.errorBit(drifted: drifted, &generator)
            },
        ]
    }

    /// 0 before `start`, 1 from `end`, linear in between.
    private static func ramp(_ index: Int, from start: Int, to end: Int) -> Double {
        min(1, max(0, Double(index - start) / Double(end - start)))
    }

    /// 1 with probability `rate`, else 0.
    private static func bit(_ rate: Double, _ generator: inout SplitMix64) -> Double {
        generator.nextUnitDouble() < rate ? 1 : 0
    }
}
