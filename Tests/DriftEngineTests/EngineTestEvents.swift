import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

/// Seeded prediction and outcome messages of a `fraud` classification model, as producers write them.
///
/// Features: `amount` ~ N(100 + shift, 15), `age` ~ N(40, 10) and `country` (four categories). The model predicts
/// `fraud` for a fifth of the events. Message `n` happens `n` tenths of a second after ``start``.
struct EngineTestEvents {
    /// A prediction message and what an outcome needs to refer to it.
    struct Prediction {
        var id: String
        var label: String
        var time: Int64
        var bytes: [UInt8]
    }

    /// 2026-11-22T10:00:00.000Z.
    static let start: Int64 = 1_795_341_600_000

    private var random: SplitMix64
    /// The messages made so far, which numbers the next one.
    private(set) var made = 0

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// The next prediction of `model` version `version`, its `amount` shifted by `amountShift`.
    mutating func prediction(model: String = "fraud", version: String = "1", amountShift: Double = 0) -> Prediction {
        let id = "\(model)-\(version)-\(made)"
        let time = Self.start + Int64(made) * 100
        made += 1
        let amount = normal(mean: 100 + amountShift, deviation: 15)
        let age = normal(mean: 40, deviation: 10)
        let country = ["KR", "US", "DE", "JP"][Int(uniform() * 4)]
        let label = uniform() < 0.2 ? "fraud" : "legit"
        let score = label == "fraud" ? 0.6 + 0.4 * uniform() : 0.5 * uniform()
        let json =
            #"{"id":"\#(id)","model":"\#(model)","model_version":"\#(version)","ts":"\#(Self.ts(time))","#
            + #""features":{"amount":\#(amount),"age":\#(age),"country":"\#(country)"},"#
            + #""prediction":{"label":"\#(label)","score":\#(score)}}"#
        return Prediction(id: id, label: label, time: time, bytes: Array(json.utf8))
    }

    /// The outcome of `prediction`: its label, flipped with probability `errorRate`, a second after it.
    mutating func outcome(of prediction: Prediction, errorRate: Double, model: String = "fraud") -> [UInt8] {
        let wrong = uniform() < errorRate
        let label = wrong ? (prediction.label == "fraud" ? "legit" : "fraud") : prediction.label
        let json =
            #"{"id":"\#(prediction.id)","model":"\#(model)","ts":"\#(Self.ts(prediction.time + 1_000))","#
            + #""label":"\#(label)"}"#
        return Array(json.utf8)
    }

    private static func ts(_ time: Int64) -> String { RFC3339Time.string(fromMilliseconds: time) }

    private mutating func uniform() -> Double { Double.random(in: 0..<1, using: &random) }

    private mutating func normal(mean: Double, deviation: Double) -> Double {
        let u = max(uniform(), .leastNonzeroMagnitude)
        return mean + deviation * (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }
}

extension MonitoringEngine {
    /// An engine watching the `fraud` model of ``EngineTestEvents``: a warm-up reference, PSI on every feature,
    /// alerts after two breaching windows, resolved after two clean ones, no cooldown; versions retired after
    /// `retireAfter` milliseconds without predictions, when given.
    static func fraudTestEngine(
        warmup: Int = 2_000, window: Int = 1_000, windowDuration: Int64? = nil, concept: ConceptSettings? = nil,
        retrain: RetrainSettings? = nil, retireAfter: Int64? = nil, reference: MonitorSettings.Reference? = nil,
        featureTest: DistanceTestSettings = DistanceTestSettings(metric: .psi)
    ) -> MonitoringEngine {
        let settings = MonitorSettings(
            model: "fraud", task: .classification, reference: reference ?? .warmup(events: warmup),
            windowEvents: window, defaultFeatureTest: featureTest, concept: concept, windowDuration: windowDuration
        )
        let alerts = AlertSettings(consecutive: 2, cooldown: 0, resolveAfter: 2)
        return MonitoringEngine(
            models: [settings], policies: ["fraud": .init(alerts: alerts, retrain: retrain, retireAfter: retireAfter)],
            joinTTL: 3_600_000,
            maximumPending: 100_000, instance: "test"
        )
    }
}

extension MonitoringEngine {
    /// Feeds `count` predictions of `version` from `events` (partition 0, each at the offset that numbers it), their
    /// `amount` shifted by `amountShift`; returns the alerts among the outputs. A rejected prediction is an issue.
    mutating func feed(
        _ count: Int, of version: String = "1", from events: inout EngineTestEvents, amountShift: Double = 0
    ) -> [AlertEvent] {
        feedOutputs(count, of: version, from: &events, amountShift: amountShift).compactMap(\.alert)
    }

    /// ``feed(_:of:from:amountShift:)``, returning every output.
    mutating func feedOutputs(
        _ count: Int, of version: String = "1", from events: inout EngineTestEvents, amountShift: Double = 0
    ) -> [Output] {
        var all: [Output] = []
        for _ in 0..<count {
            let offset = Int64(events.made)
            let prediction = events.prediction(version: version, amountShift: amountShift)
            let result = ingestPrediction(prediction.bytes, fallbackTime: nil, partition: 0, offset: offset)
            guard case .accepted(let outputs) = result else {
                Issue.record("prediction \(offset) was rejected: \(result)")
                continue
            }
            all += outputs
        }
        return all
    }
}

extension PublishedProfile {
    /// The profile `driftwatch profile build` makes of 4,000 unshifted predictions of ``EngineTestEvents``,
    /// published for version `version` of `fraud`.
    static func fraudTest(version: String, seed: UInt64 = 9) throws -> PublishedProfile {
        var events = EngineTestEvents(seed: seed)
        let lines = (0..<4_000).map { _ in events.prediction().bytes }.joined(separator: Array("\n".utf8))
        let profile = try ReferenceDataReader.buildProfile(
            from: Array(lines), source: "test", builder: try ProfileBuilder(model: "fraud"))
        let bytes = try JSONEncoder().encode(profile)
        return PublishedProfile(model: "fraud", modelVersion: version, profile: profile, bytes: bytes)
    }
}

extension MonitoringEngine.Output {
    /// The alert, if this output is one.
    var alert: AlertEvent? {
        if case .alert(let alert) = self { return alert }
        return nil
    }

    /// The retrain trigger, if this output is one.
    var retrain: RetrainTrigger? {
        if case .retrain(let trigger) = self { return trigger }
        return nil
    }
}

extension MonitoringEngine {
    /// A model version's record from a checkpoint, decoded with its model's settings.
    func versionSnapshot(_ bytes: [UInt8], model: String) throws -> VersionSnapshot {
        var decoder = try StateDecoder(bytes)
        decoder.userInfo[ModelMonitor.settingsKey] = try #require(configuration(of: model)?.settings)
        return try decoder.decode(VersionSnapshot.self)
    }
}

extension PartitionCheckpoint {
    /// The state records as a compacted topic keeps them: the latest value per key; tombstones delete.
    var latestRecords: [String: [UInt8]] {
        var records: [String: [UInt8]] = [:]
        for record in self.records { records[record.key] = record.value }
        return records
    }
}
