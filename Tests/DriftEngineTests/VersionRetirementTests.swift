import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

/// `retire_after`: a model version without predictions for that long of the partition's event time is retired, its
/// firing alerts resolved with a reason and its state dropped. Message `n` of ``EngineTestEvents`` happens `n`
/// tenths of a second after its start, so 1,200 messages span the two minutes these engines retire after.
@Suite("Version retirement")
struct VersionRetirementTests {
    private static let retireAfter: Int64 = 120_000
    private static let start = EngineTestEvents.start

    private static func engine() -> MonitoringEngine {
        .fraudTestEngine(retireAfter: retireAfter)
    }

    private static let version1 = VersionKey(model: "fraud", version: "1")
    private static let version2 = VersionKey(model: "fraud", version: "2")

    @Test("A version without predictions for retire_after resolves its firing alerts and drops its state")
    func idleVersionIsRetired() throws {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 1)
        // Version 1: the warm-up and five stationary windows, then a shifted feature that fires (messages 0..<10000).
        _ = engine.feed(7_000, of: "1", from: &events)
        let shifted = engine.feed(3_000, of: "1", from: &events, amountShift: 60)
        let firing = try #require(shifted.first)
        #expect(shifted.map(\.dedupKey) == ["fraud/1/data_drift/amount"])
        #expect(firing.status == .firing)
        #expect(engine.counters.versionsRetired == 0)
        #expect(engine.checkpoint(partition: 0) != nil)

        // Version 2 only, from message 10000: version 1's last prediction (message 9999) is more than two minutes
        // before message 11200.
        let alerts = engine.feed(1_300, of: "2", from: &events)
        let resolved = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(resolved.status == .resolved)
        #expect(resolved.reason == AlertEvent.versionRetired)
        #expect(resolved.dedupKey == firing.dedupKey)
        #expect(resolved.sequence == firing.sequence)
        #expect(resolved.severity == firing.severity)
        #expect(resolved.startedAt == firing.startedAt)
        #expect(resolved.detector == "psi")
        #expect(resolved.id == EventID.make(dedupKey: firing.dedupKey, sequence: firing.sequence, status: "resolved"))
        #expect(resolved.time == Self.start + 11_200 * 100)
        #expect(resolved.window.start == Self.start + 9_999 * 100)
        #expect(resolved.summary.contains("retired"))
        let (key, value) = engine.encode(.alert(resolved))
        #expect(key == firing.dedupKey)
        #expect(String(decoding: value, as: UTF8.self).hasSuffix(#""reason": "version retired"}}"#))

        #expect(engine.counters.versionsRetired == 1)
        #expect(engine.partitions[0]?.versions.keys.sorted { $0.version < $1.version } == [Self.version2])
        let retired = engine.takeRetiredVersions()
        #expect(retired.versions == [SignalSubject(model: "fraud", modelVersion: "1")])
        #expect(retired.firingKeys == [firing.dedupKey])
        #expect(engine.takeRetiredVersions().versions.isEmpty)
        #expect(engine.takeEvictedVersions().versions.isEmpty)
        let written = engine.checkpoint(partition: 0)
        let checkpoint = try #require(written)
        #expect(checkpoint.records.filter { $0.value == nil }.map(\.key) == ["v/fraud/1"])
        #expect(checkpoint.records.contains { $0.key == "v/fraud/2" && $0.value != nil })
    }

    @Test("A version with a prediction within retire_after is kept; one exactly retire_after old too")
    func recentVersionIsKept() throws {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 2)
        // Version 1 at messages 0..<100 (last at 9.9 s), version 2 at 100..<1300 (last at 129.9 s): exactly
        // retire_after after version 1's last prediction.
        _ = engine.feed(100, of: "1", from: &events)
        _ = engine.feed(1_200, of: "2", from: &events)
        #expect(engine.counters.versionsRetired == 0)
        #expect(engine.partitions[0]?.versions.count == 2)
        // The next check is due when version 1 could first retire, not at every event.
        #expect(engine.partitions[0]?.nextRetirementCheck == Self.start + 9_900 + Self.retireAfter + 1)

        _ = engine.feed(1, of: "2", from: &events)
        #expect(engine.counters.versionsRetired == 1)
        #expect(engine.partitions[0]?.versions.keys.map(\.version) == ["2"])
        let retired = engine.takeRetiredVersions()
        #expect(retired.versions.map(\.modelVersion) == ["1"])
        #expect(retired.firingKeys.isEmpty)
    }

    @Test("Without retire_after, no version is retired")
    func noRetirementWithoutSetting() {
        var engine = MonitoringEngine.fraudTestEngine()
        var events = EngineTestEvents(seed: 3)
        _ = engine.feed(10, of: "1", from: &events)
        _ = engine.feed(2_000, of: "2", from: &events)
        #expect(engine.counters.versionsRetired == 0)
        #expect(engine.partitions[0]?.versions.count == 2)
        #expect(engine.partitions[0]?.nextRetirementCheck == .max)
    }

    @Test("A checkpoint keeps each version's last event time; state without one restores as the partition's latest")
    func restoreKeepsLastEventTime() throws {
        var engine = Self.engine()
        var events = EngineTestEvents(seed: 4)
        _ = engine.feed(100, of: "1", from: &events)
        _ = engine.feed(50, of: "2", from: &events)
        let written = engine.checkpoint(partition: 0)
        let checkpoint = try #require(written)
        let records = checkpoint.latestRecords

        var restored = Self.engine()
        #expect(restored.restore(partition: 0, records: records, positions: checkpoint.positions).isEmpty)
        #expect(restored.partitions[0]?.versions[Self.version1]?.lastEventTime == Self.start + 9_900)
        #expect(restored.partitions[0]?.versions[Self.version2]?.lastEventTime == Self.start + 14_900)
        // Restored, version 1 retires at the same message as it would have without the restore.
        _ = restored.feed(1_150, of: "2", from: &events)
        #expect(restored.counters.versionsRetired == 0)
        _ = restored.feed(1, of: "2", from: &events)
        #expect(restored.counters.versionsRetired == 1)

        // State written before versions kept their last event time (as JSON, format_version 1).
        var older = records
        var snapshot = try engine.versionSnapshot(try #require(older["v/fraud/1"]), model: "fraud")
        snapshot.header.formatVersion = 1
        snapshot.policies.lastEventTime = nil
        let text = String(decoding: try MonitoringEngine.snapshotEncoder.encode(snapshot), as: UTF8.self)
        #expect(!text.contains("last_event_time"))
        older["v/fraud/1"] = Array(text.utf8)
        var upgraded = Self.engine()
        #expect(upgraded.restore(partition: 0, records: older, positions: checkpoint.positions).isEmpty)
        #expect(upgraded.partitions[0]?.versions[Self.version1]?.lastEventTime == Self.start + 14_900)
    }

    @Test("The retirement time saturates instead of overflowing")
    func retirementTimeSaturates() {
        #expect(MonitoringEngine.retirement(lastEventTime: 1_000, after: 500) == 1_501)
        #expect(MonitoringEngine.retirement(lastEventTime: .max - 10, after: 500) == .max)
    }
}
