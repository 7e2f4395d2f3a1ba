import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

@Suite("Monitoring engine")
struct MonitoringEngineTests {
    /// An alert and the number of the prediction message during which it was emitted.
    struct Emitted {
        var alert: AlertEvent
        var at: Int
    }

    /// An engine watching `fraud`: a warm-up reference, tumbling windows, PSI on every feature.
    static func engine(
        warmup: Int = 2_000, window: Int = 1_000, concept: ConceptSettings? = nil, retrain: RetrainSettings? = nil
    ) -> MonitoringEngine {
        .fraudTestEngine(warmup: warmup, window: window, concept: concept, retrain: retrain)
    }

    /// Feeds `count` predictions of `version` (without outcomes) and returns the alerts they cause.
    static func feed(
        _ count: Int, to engine: inout MonitoringEngine, from events: inout EngineTestEvents, version: String = "1",
        amountShift: Double = 0
    ) -> [Emitted] {
        var emitted: [Emitted] = []
        for _ in 0..<count {
            let at = events.made
            let prediction = events.prediction(version: version, amountShift: amountShift)
            let result = engine.ingestPrediction(prediction.bytes, fallbackTime: nil, partition: 0, offset: Int64(at))
            guard case .accepted(let outputs) = result else {
                Issue.record("prediction \(at) was rejected: \(result)")
                continue
            }
            emitted += outputs.compactMap(\.alert).map { Emitted(alert: $0, at: at) }
        }
        return emitted
    }

    @Test("A strongly shifted feature fires a data_drift alert for that feature alone, resolved once it reverts")
    func dataDriftFiresAndResolves() throws {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 1)
        // The warm-up (messages 0..<2000), then five stationary windows.
        let stationary = Self.feed(7_000, to: &engine, from: &events)
        #expect(stationary.isEmpty, "stationary traffic alerted: \(stationary.map(\.alert.dedupKey))")

        let shifted = Self.feed(3_000, to: &engine, from: &events, amountShift: 60)
        #expect(shifted.map(\.alert.dedupKey) == ["fraud/1/data_drift/amount"])
        let firing = try #require(shifted.first)
        #expect(firing.alert.status == .firing)
        #expect(firing.alert.kind == .dataDrift)
        #expect(firing.alert.model == "fraud")
        #expect(firing.alert.modelVersion == "1")
        #expect(firing.alert.feature == "amount")
        #expect(firing.alert.detector == "psi")
        // The shift begins at message 7000: the second or third window after it fires.
        #expect((8_999...9_999).contains(firing.at), "fired at message \(firing.at)")

        let reverted = Self.feed(4_000, to: &engine, from: &events)
        #expect(reverted.map(\.alert.dedupKey) == ["fraud/1/data_drift/amount"])
        let resolved = try #require(reverted.first)
        #expect(resolved.alert.status == .resolved)
        #expect(resolved.alert.feature == "amount")
        #expect((11_999...12_999).contains(resolved.at), "resolved at message \(resolved.at)")
    }

    /// A window in which a feature has no usable value cannot be compared with the reference; its other signals
    /// (the data-quality check made for exactly this case above all) are still evaluated, and the event that closed
    /// the window is accepted.
    @Test("A window without any value of a feature still evaluates the rest, and alerts on the missing values")
    func windowWithoutAFeatureStillEvaluates() throws {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 3)
        #expect(Self.feed(3_000, to: &engine, from: &events).isEmpty)
        var alerts: [AlertEvent] = []
        for index in 0..<2_000 {
            let prediction = events.prediction()
            let text = String(decoding: prediction.bytes, as: UTF8.self)
                .replacing(#/"amount":[^,]*,/#, with: index.isMultiple(of: 2) ? #""amount":null,"# : "")
            let result = engine.ingestPrediction(Array(text.utf8), fallbackTime: nil, partition: 0, offset: 0)
            guard case .accepted(let outputs) = result else {
                Issue.record("prediction \(index) without amount was rejected: \(result)")
                break
            }
            alerts += outputs.compactMap(\.alert)
        }
        #expect(alerts.map(\.dedupKey) == ["fraud/1/data_quality/amount/missing_rate"])
        #expect(alerts.first?.detector == "missing_rate")
    }

    /// One event from a wrong clock must not move event time for everything after it.
    @Test("An event time far ahead of its record's timestamp, or outside 1970–9999, is rejected")
    func eventTimesFromWrongClocksAreRejected() throws {
        var engine = MonitoringEngine.fraudTestEngine(warmup: 100, window: 100, windowDuration: 60_000)
        var events = EngineTestEvents(seed: 4)
        let now = EngineTestEvents.start
        let future = #"{"id": "f", "model": "fraud", "ts": "9999-12-31T23:59:59Z", "prediction": {"label": "a"}}"#
        guard
            case .rejected(let reason) = engine.ingestPrediction(
                Array(future.utf8), fallbackTime: now, partition: 0, offset: 0)
        else {
            Issue.record("an event in the year 9999 was accepted")
            return
        }
        #expect(reason.description.contains("minutes after the record was written"), "\(reason)")
        let untimed = #"{"id": "u", "model": "fraud", "prediction": {"label": "a"}}"#
        guard
            case .rejected(let overflow) = engine.ingestPrediction(
                Array(untimed.utf8), fallbackTime: .max, partition: 0, offset: 1)
        else {
            Issue.record("a record timestamp near Int64.max was accepted")
            return
        }
        #expect(overflow.description.contains("outside the years 1970 to 9999"))
        let outcome = #"{"id": "x", "model": "fraud", "ts": "2100-01-01T00:00:00Z", "label": "a"}"#
        guard case .rejected = engine.ingestOutcome(Array(outcome.utf8), fallbackTime: now, partition: 0, offset: 0)
        else {
            Issue.record("an outcome a century ahead was accepted")
            return
        }
        // Time was not moved: ordinary events after them are on time.
        for index in 0..<1_000 {
            let prediction = events.prediction()
            guard
                case .accepted = engine.ingestPrediction(
                    prediction.bytes, fallbackTime: prediction.time, partition: 0, offset: Int64(index + 2))
            else {
                Issue.record("prediction \(index) was rejected")
                return
            }
        }
        #expect(engine.counters.lateEvents == 0)
        #expect(engine.counters.limitHits == [.eventTimeLead: 2])
    }

    @Test("A retrain trigger points at the breach run that fired, not at an earlier breach that never did")
    func retrainStartsAtTheRunThatFired() throws {
        var engine = Self.engine(retrain: RetrainSettings(mode: .automatic, on: [.kind(.dataDrift)]))
        var events = EngineTestEvents(seed: 3)
        #expect(Self.feed(4_000, to: &engine, from: &events).isEmpty)
        // One breaching window alone does not fire (consecutive: 2); clean windows follow.
        #expect(Self.feed(1_000, to: &engine, from: &events, amountShift: 60).isEmpty)
        #expect(Self.feed(2_000, to: &engine, from: &events).isEmpty)
        // The real drift starts at message 7000.
        var triggers: [RetrainTrigger] = []
        for _ in 0..<3_000 {
            let at = events.made
            let prediction = events.prediction(amountShift: 60)
            guard
                case .accepted(let outputs) = engine.ingestPrediction(
                    prediction.bytes, fallbackTime: nil, partition: 0, offset: Int64(at)
                )
            else { continue }
            for case .retrain(let trigger) in outputs { triggers.append(trigger) }
        }
        let trigger = try #require(triggers.first)
        #expect(trigger.offsets[0] == 7_000, "the trigger points at offset \(trigger.offsets[0] ?? -1)")
    }

    @Test("A retrain reason held back by min_interval is released when the interval ends, without another alert")
    func heldRetrainReasonsAreReleasedOnTime() throws {
        // Half an hour: 18,000 messages of EngineTestEvents.
        let retrain = RetrainSettings(mode: .automatic, on: [.kind(.dataDrift)], minInterval: 1_800_000)
        var engine = Self.engine(retrain: retrain)
        var events = EngineTestEvents(seed: 5)
        var triggers: [RetrainTrigger] = []
        var firings = 0
        func feed(_ count: Int, amountShift: Double = 0) {
            for _ in 0..<count {
                let at = events.made
                let prediction = events.prediction(amountShift: amountShift)
                guard
                    case .accepted(let outputs) = engine.ingestPrediction(
                        prediction.bytes, fallbackTime: nil, partition: 0, offset: Int64(at))
                else {
                    Issue.record("prediction \(at) was rejected")
                    continue
                }
                triggers += outputs.compactMap(\.retrain)
                firings += outputs.compactMap(\.alert).filter { $0.status == .firing }.count
            }
        }
        // Warm-up and clean traffic, a drift that fires (the first trigger), clean traffic that resolves it, and a
        // second drift within the half hour: its reason is held.
        feed(4_000)
        feed(3_000, amountShift: 60)
        feed(3_000)
        feed(3_000, amountShift: 60)
        #expect(firings == 2)
        #expect(triggers.count == 1)
        // Clean traffic only, well past the end of the interval: no alert fires, the held reason goes out anyway,
        // stamped with the end of the interval.
        feed(17_000)
        #expect(firings == 2)
        try #require(triggers.count == 2, "\(triggers.count) triggers")
        #expect(triggers[1].time == triggers[0].time + 1_800_000)
        #expect(triggers[1].reasons.count == 1)
    }

    @Test("Versions beyond limits.max_versions_per_model evict the least recently used one, counted and reported")
    func versionsPerModelAreBounded() throws {
        var limits = MonitoringLimits()
        limits.maximumVersionsPerModel = 3
        var engine = MonitoringEngine(
            models: [Self.engine().configuration(of: "fraud")!.settings], policies: [:], joinTTL: 3_600_000,
            maximumPending: 1_000, instance: "test", limits: limits)
        var events = EngineTestEvents(seed: 6)
        // Versions 0, 1, 2, then 0 again (1 is now the least recently used), then 3 and 4.
        for (offset, version) in ["0", "1", "2", "0", "3", "4"].enumerated() {
            let prediction = events.prediction(version: version)
            let result = engine.ingestPrediction(
                prediction.bytes, fallbackTime: nil, partition: 0, offset: Int64(offset))
            #expect(result.isAccepted)
        }
        let evicted = engine.takeEvictedVersions()
        #expect(evicted.versions.map(\.modelVersion) == ["1", "2"])
        #expect(engine.counters.limitHits == [.versionsPerModel: 2])
        let evictedAgain = engine.takeEvictedVersions()
        #expect(evictedAgain.versions.isEmpty)
        let written = engine.checkpoint(partition: 0)
        let checkpoint = try #require(written)
        let tombstones = checkpoint.records.filter { $0.value == nil }.map(\.key)
        #expect(tombstones == ["v/fraud/1", "v/fraud/2"])
    }

    @Test("A warm-up takes at most limits.max_features_per_warmup feature names, the same ones in any process")
    func warmupFeatureNamesAreBounded() throws {
        var limits = MonitoringLimits()
        limits.maximumFeaturesPerWarmup = 5
        var engine = MonitoringEngine(
            models: [Self.engine(warmup: 10).configuration(of: "fraud")!.settings], policies: [:],
            joinTTL: 3_600_000, maximumPending: 1_000, instance: "test", limits: limits)
        for index in 0..<10 {
            let names = (0..<4).map { #""f\#(index * 4 + $0)": 1"# }.joined(separator: ", ")
            let json = #"{"id": "\#(index)", "model": "fraud", "features": {\#(names)}, "prediction": {"label": "a"}}"#
            #expect(
                engine.ingestPrediction(Array(json.utf8), fallbackTime: 0, partition: 0, offset: Int64(index))
                    .isAccepted)
        }
        // Four names from the first event, one (the first in sorted order) from the second; none later.
        #expect(engine.counters.limitHits == [.featuresPerWarmup: 35])
        let layout = try #require(engine.partitions[0]?.versions.values.first?.monitor.referenceFeatures)
        #expect(layout == ["f0", "f1", "f2", "f3", "f4"])
    }

    @Test("One model's unmatched outcomes fill its own share of the pending joins, not another model's")
    func pendingJoinsAreSharedBetweenModels() throws {
        let settings = ["fraud", "churn"].map { model in
            MonitorSettings(
                model: model, task: .classification, reference: .warmup(events: 100), windowEvents: 100,
                defaultFeatureTest: DistanceTestSettings(metric: .psi))
        }
        var engine = MonitoringEngine(
            models: settings, policies: [:], joinTTL: 3_600_000, maximumPending: 100, instance: "test")
        var offset: Int64 = 0
        func ingest(_ json: String, outcome: Bool) -> MonitoringEngine.Result {
            offset += 1
            let bytes = Array(json.utf8)
            return outcome
                ? engine.ingestOutcome(bytes, fallbackTime: 0, partition: 0, offset: offset)
                : engine.ingestPrediction(bytes, fallbackTime: 0, partition: 0, offset: offset)
        }
        for index in 0..<40 {
            _ = ingest(#"{"id": "c\#(index)", "model": "churn", "prediction": {"label": "a"}}"#, outcome: false)
        }
        for index in 0..<500 {
            _ = ingest(#"{"id": "junk\#(index)", "model": "fraud", "label": "a"}"#, outcome: true)
        }
        // Each model holds at most half of the 100; churn's 40 predictions still wait, and join.
        #expect(engine.counters.limitHits == [.pendingPerModel: 450])
        #expect(engine.joinCounters.waitingPredictions == 40)
        #expect(engine.joinCounters.joined == 0)
        _ = ingest(#"{"id": "c0", "model": "churn", "label": "a"}"#, outcome: true)
        #expect(engine.joinCounters.joined == 1)
    }

    @Test("A new model_version warms up its own reference and keeps the drifted values as its normal")
    func newVersionGetsFreshMonitors() {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 2)
        let before = Self.feed(4_000, to: &engine, from: &events)
        let drifted = Self.feed(2_000, to: &engine, from: &events, amountShift: 60)
        #expect(before.isEmpty)
        #expect(drifted.map(\.alert.dedupKey) == ["fraud/1/data_drift/amount"])

        let secondVersion = Self.feed(5_000, to: &engine, from: &events, version: "2", amountShift: 60)
        #expect(secondVersion.isEmpty, "version 2 alerted: \(secondVersion.map(\.alert.dedupKey))")

        // Against its own (shifted) reference, version 2 sees the old values as drift; version 1 sees them clear.
        let secondBack = Self.feed(3_000, to: &engine, from: &events, version: "2")
        #expect(secondBack.map(\.alert.dedupKey) == ["fraud/2/data_drift/amount"])
        #expect(secondBack.first?.alert.status == .firing)
        let firstBack = Self.feed(2_000, to: &engine, from: &events, version: "1")
        #expect(firstBack.map(\.alert.dedupKey) == ["fraud/1/data_drift/amount"])
        #expect(firstBack.first?.alert.status == .resolved)
    }

    static let invalidPredictions: [(message: String, reason: String)] = [
        (#"{"id":"a","model":"fraud","#, "invalid JSON"),
        (#"{"model":"fraud","prediction":{"label":"fraud"}}"#, "id: required field is missing"),
        (#"{"id":"a","model":"churn","prediction":{"label":"stay"}}"#, #"model "churn" is not in the configuration"#),
        (
            #"{"id":"a","model":"fraud","features":{"amount":[1,2]},"prediction":{"label":"fraud"}}"#,
            "features.amount: expected number, string, boolean or null, got array"
        ),
    ]

    @Test("Invalid predictions are rejected with a reason naming the problem", arguments: invalidPredictions)
    func rejectsInvalidPredictions(message: String, reason: String) throws {
        var engine = Self.engine()
        let result = engine.ingestPrediction(Array(message.utf8), fallbackTime: 0, partition: 0, offset: 0)
        #expect(!result.isAccepted)
        guard case .rejected(let text) = result else { throw RejectionMissing() }
        #expect(text.description.contains(reason), "reason: \(text)")
    }

    @Test("Invalid outcomes are rejected with a reason; valid predictions and outcomes are accepted")
    func acceptsValidAndRejectsInvalidOutcomes() throws {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 3)
        let prediction = events.prediction()
        #expect(engine.ingestPrediction(prediction.bytes, fallbackTime: nil, partition: 0, offset: 0).isAccepted)
        #expect(
            engine.ingestOutcome(
                events.outcome(of: prediction, errorRate: 0), fallbackTime: nil, partition: 0, offset: 0
            ).isAccepted)

        let result = engine.ingestOutcome(
            Array(#"{"id":"a","model":"fraud","label":[1]}"#.utf8), fallbackTime: 0, partition: 0, offset: 0)
        #expect(!result.isAccepted)
        guard case .rejected(let text) = result else { throw RejectionMissing() }
        #expect(text.description.hasPrefix("label: expected"), "reason: \(text)")
    }

    @Test("An error rate rising from 5% to 40% fires concept_drift and triggers a retrain with the input offsets")
    func conceptDriftFiresAndTriggersRetrain() throws {
        let retrain = RetrainSettings(mode: .automatic, on: [.kind(.conceptDrift)])
        // With River's defaults (a warm-up of 30, drift at 3 standard deviations), DDM often fixes its minimum on a
        // run of correct predictions and fires on a steady 5% error rate; a longer warm-up and 4 deviations do not.
        let ddm = ConceptSettings(detector: "ddm", parameters: ["warm_start": "300", "drift_threshold": "4"])
        var engine = Self.engine(warmup: 500, window: 500, concept: ddm, retrain: retrain)
        var events = EngineTestEvents(seed: 4)
        let partition: Int32 = 3
        let firstOffset: Int64 = 1_000
        var alerts: [Emitted] = []
        var triggers: [RetrainTrigger] = []
        var late: [[UInt8]] = []
        func collect(_ result: MonitoringEngine.Result, at index: Int) {
            guard case .accepted(let outputs) = result else {
                Issue.record("message \(index) was rejected: \(result)")
                return
            }
            alerts += outputs.compactMap(\.alert).map { Emitted(alert: $0, at: index) }
            triggers += outputs.compactMap(\.retrain)
        }
        for index in 0..<3_000 {
            let prediction = events.prediction()
            let outcome = events.outcome(of: prediction, errorRate: index < 1_500 ? 0.05 : 0.4)
            // Every tenth outcome comes before its prediction; the others about twenty predictions after it.
            if index % 10 == 0 {
                collect(engine.ingestOutcome(outcome, fallbackTime: nil, partition: partition, offset: 0), at: index)
            } else {
                late.append(outcome)
            }
            let offset = firstOffset + Int64(index)
            collect(
                engine.ingestPrediction(prediction.bytes, fallbackTime: nil, partition: partition, offset: offset),
                at: index)
            if late.count > 18 {
                collect(
                    engine.ingestOutcome(late.removeFirst(), fallbackTime: nil, partition: partition, offset: 0),
                    at: index)
            }
        }

        let concept = alerts.filter { $0.alert.kind == .conceptDrift }
        let firing = try #require(concept.first)
        #expect(firing.alert.status == .firing)
        #expect(firing.alert.dedupKey == "fraud/1/concept_drift")
        #expect(firing.alert.feature == nil)
        #expect(firing.alert.detector == "ddm")
        #expect(firing.at >= 1_500, "fired at message \(firing.at), before the error rate rose")

        let trigger = try #require(triggers.first)
        #expect(triggers.count == 1)
        #expect(trigger.model == "fraud")
        #expect(trigger.modelVersion == "1")
        #expect(trigger.mode == .automatic)
        #expect(trigger.reasons.map(\.kind) == [.conceptDrift])
        #expect(Array(trigger.offsets.keys) == [partition])
        let offset = try #require(trigger.offsets[partition])
        #expect((firstOffset..<firstOffset + 3_000).contains(offset))
    }

    /// The partition a trigger names decides which instance of a group delivers it: a label drift's trigger named
    /// none, so every instance sent it.
    @Test("A label drift's retrain trigger points at the version's latest predictions")
    func labelDriftTriggerHasOffsets() throws {
        // The label's reference comes from a profile built with the true labels.
        var validation = EngineTestEvents(seed: 9)
        let lines = (0..<4_000).map { _ in
            let prediction = validation.prediction()
            return prediction.bytes.dropLast() + Array(#","label":"\#(prediction.label)"}"#.utf8)
        }
        let profile = try ReferenceDataReader.buildProfile(
            from: Array(lines.joined(separator: Array("\n".utf8))), source: "test",
            builder: try ProfileBuilder(model: "fraud"))
        let settings = MonitorSettings(
            model: "fraud", task: .classification, reference: .profile(profile), windowEvents: 500,
            defaultFeatureTest: DistanceTestSettings(metric: .psi), label: DistanceTestSettings(metric: .psi))
        let retrain = RetrainSettings(mode: .automatic, on: [.kind(.labelDrift)])
        var engine = MonitoringEngine(
            models: [settings], policies: ["fraud": .init(alerts: AlertSettings(consecutive: 2), retrain: retrain)],
            joinTTL: 3_600_000, maximumPending: 100_000, instance: "test")
        var events = EngineTestEvents(seed: 8)
        let partition: Int32 = 2
        var triggers: [RetrainTrigger] = []
        for index in 0..<4_000 {
            let prediction = events.prediction()
            let offset = 500 + Int64(index)
            _ = engine.ingestPrediction(prediction.bytes, fallbackTime: nil, partition: partition, offset: offset)
            // Outcomes flip half the labels from the 2,000th on: the labels' distribution moves.
            let outcome = events.outcome(of: prediction, errorRate: index < 2_000 ? 0 : 0.5)
            let result = engine.ingestOutcome(outcome, fallbackTime: nil, partition: partition, offset: offset)
            guard case .accepted(let outputs) = result else {
                Issue.record("outcome \(index) was rejected: \(result)")
                continue
            }
            triggers += outputs.compactMap(\.retrain)
        }
        let trigger = try #require(triggers.first)
        #expect(trigger.reasons.map(\.kind) == [.labelDrift])
        #expect(Array(trigger.offsets.keys) == [partition])
        #expect((2_500..<4_500).contains(trigger.offsets[partition] ?? -1), "\(trigger.offsets)")
    }

    @Test("Lost records raise a data_quality alert that fires and then resolves under one dedup_key")
    func lostRecordsFireAndResolve() {
        var engine = Self.engine()
        let outputs = engine.recordsLost(topic: "predictions", partition: 2, requestedOffset: 100, resumedOffset: 250)
        let alerts = outputs.compactMap(\.alert)
        #expect(alerts.count == outputs.count)
        #expect(alerts.map(\.status) == [.firing, .resolved])
        #expect(alerts.allSatisfy { $0.kind == .dataQuality })
        #expect(alerts.first?.value == 150)
        #expect(Set(alerts.map(\.dedupKey)).count == 1)
    }

    @Test("An alert is encoded keyed by its dedup_key as a CloudEvents 1.0 alert")
    func encodesAlertsAsCloudEvents() throws {
        var engine = Self.engine()
        let output = try #require(
            engine.recordsLost(topic: "predictions", partition: 0, requestedOffset: 5, resumedOffset: 9).first)
        let alert = try #require(output.alert)
        let (key, value) = engine.encode(output)
        #expect(key == alert.dedupKey)
        let parsed = try JSONSerialization.jsonObject(with: Data(value))
        let object = try #require(parsed as? [String: Any])
        #expect(object["specversion"] as? String == "1.0")
        #expect(object["type"] as? String == "io.driftwatch.alert")
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["dedup_key"] as? String == key)
    }
}

/// A rejected record was expected.
private struct RejectionMissing: Error {}
