import DriftDetection
import Foundation

/// The reference fixtures written by `Benchmarks/scripts/generate_detector_fixtures.py`.
enum DetectorFixtures {
    /// One reference run: a stream, textual parameters, and the reference's signals.
    struct Case: Decodable, Sendable, CustomStringConvertible {
        let stream: String
        let parameters: [String: String]
        let drifts: [Int]
        /// Runs of updates that reported a warning, as inclusive `[first, last]` pairs.
        let warnings: [[Int]]

        var description: String {
            let parameterText = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "\(stream) [\(parameterText.joined(separator: ", "))]"
        }
    }

    /// All reference runs of one detector.
    struct DetectorFile: Decodable, Sendable {
        let detector: String
        let cases: [Case]
    }

    private struct StreamsFile: Decodable {
        let scale: Double
        let numeric: [String: [Int]]
        let binary: [String: String]
    }

    /// The twelve detectors whose signals must equal the reference's exactly.
    static let deterministicDetectors = DetectorCatalog.names.filter { $0 != "kswin" }

    /// The input streams by `family/name`, e.g. `numeric/sudden-1`.
    static let streams: [String: [Double]] = {
        let file: StreamsFile = load("streams")
        var streams: [String: [Double]] = [:]
        for (name, scaled) in file.numeric {
            streams["numeric/\(name)"] = scaled.map { Double($0) / file.scale }
        }
        for (name, bits) in file.binary {
            streams["binary/\(name)"] = bits.map { $0 == "1" ? 1 : 0 }
        }
        return streams
    }()

    /// The reference runs of `detector`.
    static func file(for detector: String) -> DetectorFile {
        load(detector)
    }

    /// Decodes `Fixtures/detectors/<name>.json` from the test bundle.
    static func load<Value: Decodable>(_ name: String) -> Value {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/detectors")
        else {
            fatalError("fixture Fixtures/detectors/\(name).json is missing from the test bundle")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(contentsOf: url))
        } catch {
            fatalError("fixture \(name).json does not decode: \(error)")
        }
    }
}

/// The signals of one run, in the fixtures' shape, for comparing runs.
struct SignalRecord: Equatable, CustomStringConvertible {
    var drifts: [Int] = []
    var warnings: [[Int]] = []

    /// Records the signal of update `index`.
    mutating func record(_ signal: DriftSignal, at index: Int) {
        if signal.isDrift { drifts.append(index) }
        guard signal.isWarning else { return }
        if let last = warnings.last, last[1] == index - 1 {
            warnings[warnings.count - 1][1] = index
        } else {
            warnings.append([index, index])
        }
    }

    /// Runs `detector` over `values` from its current state.
    static func run<Detector: SequentialDetector>(_ detector: inout Detector, over values: some Sequence<Double>)
        -> SignalRecord
    {
        var record = SignalRecord()
        for (index, value) in values.enumerated() {
            record.record(detector.update(value), at: index)
        }
        return record
    }

    var description: String { "drifts \(drifts), warnings \(warnings)" }
}
