import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

/// A reloaded configuration: a new engine takes over the running one's state. Monitors whose shape is unchanged
/// continue under new levels; changed ones start afresh with their alert sequences; removed models resolve.
@Suite("Engine takeover")
struct EngineTakeoverTests {
    private static func engine(alert: Double, window: Int = 1_000) -> MonitoringEngine {
        .fraudTestEngine(window: window, featureTest: DistanceTestSettings(metric: .psi, warn: alert, alert: alert))
    }

    /// An engine whose version 1 has a firing data drift alert, and that alert.
    private static func firing(seed: UInt64) throws -> (MonitoringEngine, AlertEvent) {
        var engine = Self.engine(alert: 0.25)
        var events = EngineTestEvents(seed: seed)
        _ = engine.feed(2_000, from: &events)
        let firing = try #require(engine.feed(2_000, from: &events, amountShift: 60).first)
        return (engine, firing)
    }

    @Test("A changed threshold applies at once to windows that continue")
    func changedThresholdKeepsWindows() throws {
        var engine = Self.engine(alert: 100)
        var events = EngineTestEvents(seed: 11)
        // The warm-up, then half a window of shifted traffic that PSI 100 does not alert on.
        #expect(engine.feed(2_000, from: &events).isEmpty)
        #expect(engine.feed(500, from: &events, amountShift: 60).isEmpty)
        var reloaded = Self.engine(alert: 0.25)
        #expect(reloaded.settingsFingerprints == engine.settingsFingerprints, "levels do not shape the state")
        #expect(reloaded.fingerprintsWithLevels != engine.fingerprintsWithLevels)
        var heartbeats = 0
        let takeover = reloaded.takeOver(engine) { heartbeats += 1 }
        #expect(heartbeats == 1, "one per version, so that a long takeover is not taken for a stalled loop")
        #expect(takeover.kept == [SignalSubject(model: "fraud", modelVersion: "1")])
        #expect(takeover.restarted.isEmpty && takeover.removed.versions.isEmpty)
        // Had the monitors restarted, these 1,500 events would be a new warm-up: no window would close.
        let alerts = reloaded.feed(1_500, from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/1/data_drift/amount"])
    }

    @Test("A changed window restarts the monitors, resolves their firing alerts and continues the alert sequence")
    func changedWindowRestarts() throws {
        var engine = Self.engine(alert: 0.25)
        var events = EngineTestEvents(seed: 12)
        _ = engine.feed(2_000, from: &events)
        let fired = engine.feed(2_000, from: &events, amountShift: 60)
        #expect(fired.map(\.status) == [.firing])
        var reloaded = Self.engine(alert: 0.25, window: 500)
        let takeover = reloaded.takeOver(engine)
        #expect(takeover.restarted == [SignalSubject(model: "fraud", modelVersion: "1")])
        let resolved = takeover.outputs.compactMap(\.alert)
        #expect(resolved.map(\.status) == [.resolved])
        #expect(resolved.first?.reason == AlertEvent.monitorsRestarted)
        #expect(resolved.first?.id == EventID.make(dedupKey: fired[0].dedupKey, sequence: 1, status: "resolved"))
        let state = try #require(reloaded.partitions[0]?.versions.values.first)
        #expect(state.alerts.firingKeys.isEmpty && state.breachStarts.isEmpty)
        #expect(state.alerts.highestSequence == 1, "the sequence continues")
        #expect(state.monitor.referenceFeatures == nil, "a new warm-up")
    }

    @Test("A model the new configuration lacks is dropped and its firing alerts resolve")
    func removedModelResolves() throws {
        let (engine, firing) = try Self.firing(seed: 13)
        var reloaded = MonitoringEngine(
            models: [
                MonitorSettings(model: "churn", task: .classification, reference: .warmup(events: 10), windowEvents: 10)
            ],
            policies: [:], joinTTL: 3_600_000, maximumPending: 100_000, instance: "test")
        let takeover = reloaded.takeOver(engine)
        #expect(takeover.removed.versions == [SignalSubject(model: "fraud", modelVersion: "1")])
        #expect(takeover.removed.firingKeys == [firing.dedupKey])
        let resolved = takeover.outputs.compactMap(\.alert)
        #expect(resolved.map(\.status) == [.resolved])
        #expect(resolved.first?.reason == AlertEvent.modelRemoved)
        #expect(reloaded.partitions[0]?.versions.isEmpty == true)
        #expect(reloaded.partitions[0]?.staleKeys == ["v/fraud/1"])
    }

    @Test("State written with the fingerprint of all settings restores its monitors")
    func olderFingerprintRestores() throws {
        var engine = Self.engine(alert: 0.25)
        var events = EngineTestEvents(seed: 14)
        _ = engine.feed(2_500, from: &events)
        var records: [String: [UInt8]] = [:]
        let engineCheckpoint = engine.checkpoint(partition: 0)
        for record in try #require(engineCheckpoint).records { records[record.key] = record.value }
        var snapshot = try engine.versionSnapshot(try #require(records["v/fraud/1"]), model: "fraud")
        #expect(snapshot.header.settingsFingerprint == engine.settingsFingerprints["fraud"])
        snapshot.header.settingsFingerprint = try #require(engine.fingerprintsWithLevels["fraud"])
        records["v/fraud/1"] = try StateEncoder().encode(snapshot)
        var restored = Self.engine(alert: 0.25)
        #expect(restored.restore(partition: 0, records: records, positions: .init()).isEmpty)
        #expect(restored.partitions[0]?.versions.values.first?.monitor.referenceFeatures != nil)
    }

    @Test("A version whose monitors cannot be made under the new settings is dropped and its alerts resolve")
    func versionThatCannotBeMadeIsDropped() throws {
        let (engine, firing) = try Self.firing(seed: 15)
        // A detector no catalog has: the configuration loader refuses it, but the engine must not keep the old
        // monitors under settings they do not have.
        var reloaded = MonitoringEngine.fraudTestEngine(concept: ConceptSettings(detector: "no-such-detector"))
        let takeover = reloaded.takeOver(engine)
        let subject = SignalSubject(model: "fraud", modelVersion: "1")
        #expect(takeover.failed.map(\.subject) == [subject])
        #expect(takeover.failed.first?.reason.contains("no-such-detector") == true, "\(takeover.failed)")
        #expect(takeover.kept.isEmpty && takeover.restarted.isEmpty)
        #expect(takeover.removed.versions == [subject])
        #expect(takeover.removed.firingKeys == [firing.dedupKey])
        let resolved = takeover.outputs.compactMap(\.alert)
        #expect(resolved.map(\.status) == [.resolved])
        #expect(reloaded.partitions[0]?.versions.isEmpty == true)
        #expect(reloaded.partitions[0]?.staleKeys == ["v/fraud/1"])
    }

    @Test("Rates and data-quality levels do not shape the state: a reload changing them keeps the windows")
    func ratesAreLevels() throws {
        func engine(falseAlarmRate: Double, missingRate: Double?) -> MonitoringEngine {
            let settings = MonitorSettings(
                model: "fraud", task: .classification, reference: .warmup(events: 2_000), windowEvents: 1_000,
                defaultFeatureTest: DistanceTestSettings(
                    metric: .psi, calibrated: CalibratedLevels(alert: true, warn: false, falseAlarmRate: falseAlarmRate)
                ),
                quality: QualitySettings(missingRate: missingRate))
            return MonitoringEngine(
                models: [settings], policies: [:], joinTTL: 3_600_000, maximumPending: 100_000, instance: "test")
        }
        let running = engine(falseAlarmRate: 0.001, missingRate: 0.05)
        for reloaded in [
            engine(falseAlarmRate: 0.01, missingRate: 0.05), engine(falseAlarmRate: 0.001, missingRate: nil),
        ] {
            #expect(reloaded.settingsFingerprints == running.settingsFingerprints)
        }
        let otherShape = MonitoringEngine.fraudTestEngine(window: 500)
        #expect(otherShape.settingsFingerprints != running.settingsFingerprints)
    }

    @Test("A model given 'reference: topic' by a reload compares with the profiles read before it")
    func reloadToPublishedReference() throws {
        var engine = Self.engine(alert: 0.25)
        var events = EngineTestEvents(seed: 16)
        let reference = try PublishedProfile.fraudTest(version: "1")
        #expect(engine.receive(reference) == .kept, "the model warms up: the profile is only kept")
        _ = engine.feed(2_000, from: &events)
        var reloaded = MonitoringEngine.fraudTestEngine(reference: .published(fallbackWarmupEvents: 2_000))
        let takeover = reloaded.takeOver(engine)
        #expect(takeover.restarted == [SignalSubject(model: "fraud", modelVersion: "1")])
        #expect(takeover.unusableProfiles.isEmpty)
        let state = try #require(reloaded.partitions[0]?.versions.values.first)
        #expect(state.monitor.publishedDigest == reference.digest, "the restarted monitors compare with the profile")
        #expect(reloaded.feed(2_000, from: &events, amountShift: 60).map(\.dedupKey) == ["fraud/1/data_drift/amount"])
    }
}
