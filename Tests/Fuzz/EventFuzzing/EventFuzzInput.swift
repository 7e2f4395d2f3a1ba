import DriftDetection
import DriftEngine
import Foundation
import WireFormat

/// What the event fuzz target does with one input, and what the tests replaying its corpus and saved crashes do with
/// each file: the input's records go through a ``MonitoringEngine`` the way the pipeline hands them over, so that
/// what the decoder accepts also reaches the monitors, the policies and the durable state.
///
/// An input is a list of records, one a line (blank lines are skipped). A line starting with `o` is an outcome
/// message (the rest of the line); any other line is a prediction message, as it is. Record `n` has the Kafka
/// timestamp ``start`` + `n` tenths of a second, partition 0 and offset `n`.
///
/// The engine watches a `fraud` classifier with a reference profile (so its predictions are decoded straight into
/// the profile's feature order) and an `eta` regression model learning its reference from a warm-up of three events;
/// windows are a few events or a second long, so that a short input already closes windows, raises alerts and
/// triggers retraining.
///
/// Rejecting a record is fine. What counts as a finding is a crash, a hang, or one of these broken promises, which
/// ``Report/violations`` lists:
/// - an alert or retrain trigger whose CloudEvent is not valid JSON;
/// - a checkpoint (taken after the first half of the records) that the engine cannot restore;
/// - the decoder accepting or rejecting a prediction differently, or reading it differently, with the feature
///   layout than without it.
package enum EventFuzzInput {
    /// 2026-11-22T10:00:00.000Z, the Kafka timestamp of the first record.
    package static let start: Int64 = 1_795_341_600_000

    /// The configured model names.
    package static let models: Set<String> = ["fraud", "eta"]

    /// One record of an input.
    package enum Record: Equatable, Sendable {
        case prediction([UInt8])
        case outcome([UInt8])
    }

    /// What became of an input.
    package struct Report: Sendable {
        /// The engine's answer to each record, in order.
        package var results: [MonitoringEngine.Result] = []
        /// Promises the engine or the decoder broke, each described; empty when all held.
        package var violations: [String] = []
    }

    /// Splits an input into its records.
    package static func records(of input: [UInt8]) -> [Record] {
        input.split(separator: UInt8(ascii: "\n")).map { line in
            line.first == UInt8(ascii: "o") ? .outcome(Array(line.dropFirst())) : .prediction(Array(line))
        }
    }

    /// Runs an input's records through a fresh engine, checkpointing and restoring it halfway.
    package static func replay(_ input: [UInt8]) -> Report {
        let records = records(of: input)
        var report = Report()
        var engine = engineTemplate
        let half = records.count / 2
        for index in 0..<half {
            ingest(records[index], number: index, into: &engine, report: &report)
        }
        engine = restoredCopy(of: engine, report: &report)
        for index in half..<records.count {
            ingest(records[index], number: index, into: &engine, report: &report)
        }
        for (index, record) in records.enumerated() {
            if case .prediction(let bytes) = record {
                compareLayoutDecoding(bytes, fallbackTime: time(of: index), report: &report)
            }
        }
        return report
    }

    // MARK: - The engine

    /// The partition every record comes from.
    private static let partition: Int32 = 0

    /// The engine every input starts from (a value: each input gets its own copy).
    private static let engineTemplate: MonitoringEngine = {
        let fraud = MonitorSettings(
            model: "fraud", task: .classification, reference: .profile(fraudProfile), windowEvents: 4,
            windowSlide: 2,
            features: [
                "amount": DistanceTestSettings(metric: .psi), "age": DistanceTestSettings(metric: .ks),
                "country": DistanceTestSettings(metric: .chi2),
            ],
            defaultFeatureTest: DistanceTestSettings(metric: .js), prediction: DistanceTestSettings(metric: .js),
            label: DistanceTestSettings(metric: .hellinger),
            concept: ConceptSettings(detector: "ddm", parameters: ["warm_start": "2"]),
            quality: QualitySettings(
                missingRate: 0.05, typeMismatchRate: 0.01, outOfRangeRate: 0.1, unseenCategoryRate: 0.1)
        )
        let eta = MonitorSettings(
            model: "eta", task: .regression, reference: .warmup(events: 3), windowEvents: 4,
            prediction: DistanceTestSettings(metric: .wasserstein, alert: 1),
            label: DistanceTestSettings(metric: .tvd),
            concept: ConceptSettings(detector: "adwin", parameters: ["clock": "1", "grace_period": "2"]),
            windowDuration: 1_000, windowDurationSlide: 500
        )
        let alerts = AlertSettings(consecutive: 1, cooldown: 0, resolveAfter: 1)
        var engine = MonitoringEngine(
            models: [fraud, eta],
            policies: [
                "fraud": .init(
                    alerts: alerts,
                    retrain: RetrainSettings(
                        mode: .automatic, on: [.kind(.conceptDrift), .severity(.warning)], minInterval: 1_000)),
                "eta": .init(
                    alerts: alerts, retrain: RetrainSettings(mode: .approvalRequired, on: [.severity(.critical)])),
            ],
            joinTTL: 5_000, maximumPending: 6, instance: "fuzz"
        )
        engine.keepsEvaluations = true
        return engine
    }()

    /// The `fraud` model's reference: two numeric features, a categorical and a boolean one, labels and scores.
    private static let fraudProfile: ReferenceProfile = {
        let rows: [(amount: Double, age: Double, country: String, isNew: Bool, label: String, score: Double)] = [
            (98.5, 41, "KR", false, "legit", 0.12), (120.25, 35, "US", true, "fraud", 0.91),
            (87, 52, "DE", false, "legit", 0.07), (101.75, 29, "JP", false, "legit", 0.33),
            (143.5, 38, "US", true, "fraud", 0.78), (95, 61, "KR", false, "legit", 0.21),
            (110, 44, "DE", true, "legit", 0.45), (76.25, 33, "JP", false, "legit", 0.02),
        ]
        do {
            var builder = try ProfileBuilder(model: "fraud", binCount: 4)
            for row in rows {
                builder.add(
                    PredictionEvent(
                        id: row.label, model: "fraud", eventTime: 0,
                        features: [
                            "amount": .number(row.amount), "age": .number(row.age), "country": .string(row.country),
                            "is_new": .bool(row.isNew),
                        ],
                        prediction: .init(label: ClassLabel(row.label), score: row.score)
                    ),
                    outcome: .string(row.label))
            }
            return try builder.build()
        } catch {
            fatalError("the fuzz target's reference profile cannot be built: \(error)")
        }
    }()

    /// Record `number`'s Kafka timestamp.
    private static func time(of number: Int) -> Int64 { start + Int64(number) * 100 }

    private static func ingest(
        _ record: Record, number: Int, into engine: inout MonitoringEngine, report: inout Report
    ) {
        let result: MonitoringEngine.Result
        switch record {
        case .prediction(let bytes):
            result = engine.ingestPrediction(
                bytes, fallbackTime: time(of: number), partition: partition, offset: Int64(number))
        case .outcome(let bytes):
            result = engine.ingestOutcome(
                bytes, fallbackTime: time(of: number), partition: partition, offset: Int64(number))
        }
        report.results.append(result)
        if case .accepted(let outputs) = result {
            for output in outputs {
                let (key, value) = engine.encode(output)
                if (try? JSONSerialization.jsonObject(with: Data(value))) == nil {
                    report.violations.append(
                        "record \(number): the output keyed '\(key)' is not valid JSON: "
                            + String(decoding: value, as: UTF8.self))
                }
            }
        }
        _ = engine.takeEvaluations()
    }

    /// A fresh engine restored from `engine`'s checkpoint of the partition (or `engine` itself when it holds none).
    private static func restoredCopy(of engine: MonitoringEngine, report: inout Report) -> MonitoringEngine {
        var engine = engine
        guard let checkpoint = engine.checkpoint(partition: partition) else { return engine }
        var latest: [String: [UInt8]] = [:]
        for record in checkpoint.records {
            latest[record.key] = record.value
        }
        var restored = engineTemplate
        let failures = restored.restore(partition: partition, records: latest, positions: checkpoint.positions)
        for failure in failures {
            report.violations.append("the checkpoint it has just written cannot be restored: \(failure)")
        }
        return restored
    }

    // MARK: - The decoder with and without a feature layout

    private static let decoder = EventDecoder(knownModels: models)

    /// The layouts the engine decodes with: the profile's features, sorted by name.
    private static let layouts = ["fraud": FeatureLayout(names: fraudProfile.features.keys.sorted())]

    /// Reports a prediction that the decoder treats differently with the layouts than without.
    private static func compareLayoutDecoding(_ bytes: [UInt8], fallbackTime: Int64, report: inout Report) {
        let plain = Result { () throws(EventError) in try decoder.decodePrediction(bytes, fallbackTime: fallbackTime) }
        let laidOut = Result { () throws(EventError) in
            try decoder.decodePrediction(bytes, fallbackTime: fallbackTime, layouts: layouts)
        }
        let message = String(decoding: bytes, as: UTF8.self)
        switch (plain, laidOut) {
        case (.failure(let plainError), .failure(let laidOutError)):
            if plainError.description != laidOutError.description {
                report.violations.append(
                    "the decoder rejects \(message) as '\(plainError)' without a layout, as '\(laidOutError)' with one")
            }
        case (.success, .failure(let error)):
            report.violations.append("the decoder accepts \(message) without a layout, rejects it with one: \(error)")
        case (.failure(let error), .success):
            report.violations.append("the decoder rejects \(message) without a layout (\(error)), accepts it with one")
        case (.success(let event), .success(let (laidOutEvent, vector))):
            if let difference = difference(event, laidOutEvent, vector) {
                report.violations.append("the decoder reads \(message) differently with a layout: \(difference)")
            }
        }
    }

    /// How a prediction read with a layout (its features in `vector`, when there is one) differs from the same read
    /// without; `nil` when it does not.
    private static func difference(_ plain: PredictionEvent, _ laidOut: PredictionEvent, _ vector: FeatureVector?)
        -> String?
    {
        var expected = plain
        var actual = laidOut
        expected.features = [:]
        actual.features = [:]
        guard expected == actual else { return "\(plain) without, \(laidOut) with" }
        guard let vector, let layout = layouts[laidOut.model] else {
            return plain.features == laidOut.features ? nil : "features \(plain.features) and \(laidOut.features)"
        }
        var features: [String: FeatureValue] = [:]
        for (name, value) in zip(layout.names, vector.values) {
            features[name] = value
        }
        let known = plain.features.filter { layout.position(of: $0.key) != nil }
        if known != features { return "the layout's features are \(known) without it, \(features) with it" }
        let unexpected = Set(plain.features.keys.filter { layout.position(of: $0) == nil })
        if unexpected != Set(vector.unexpected) || vector.unexpected.count != unexpected.count {
            return "the features outside the layout are \(unexpected.sorted()) without it, \(vector.unexpected) with it"
        }
        return nil
    }
}
