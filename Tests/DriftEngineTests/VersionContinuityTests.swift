import Testing

@testable import DriftEngine

/// What a model version's alerts look like to the world across a restore, a move and a return after retirement.
@Suite("Version continuity")
struct VersionContinuityTests {
    @Test("A restored partition lists its firing alerts as they were published")
    func restoredPartitionListsItsFiringAlerts() throws {
        var engine = MonitoringEngine.fraudTestEngine()
        var events = EngineTestEvents(seed: 1)
        _ = engine.feed(7_000, from: &events)
        let fired = engine.feed(3_000, from: &events, amountShift: 60)
        let firing = try #require(fired.last)
        #expect(firing.status == .firing)
        #expect(engine.firingAlerts(inPartition: 0) == [firing])

        let written = engine.checkpoint(partition: 0)
        let checkpoint = try #require(written)
        var restored = MonitoringEngine.fraudTestEngine()
        #expect(restored.firingAlerts(inPartition: 0).isEmpty)
        #expect(
            restored.restore(partition: 0, records: checkpoint.latestRecords, positions: checkpoint.positions).isEmpty)
        let listed = restored.firingAlerts(inPartition: 0)
        #expect(listed == [firing])
        #expect(listed.first?.id == firing.id)
        #expect(restored.firingAlerts(inPartition: 1).isEmpty)
    }

    /// Ids derive from the dedup key and the sequence: a version that retired and comes back must not repeat the
    /// ids of its first life, or its new retrain trigger would pass for one delivered long ago.
    @Test("A version that comes back after retiring continues its alert and retrain sequences, across a restore")
    func returningVersionContinuesItsSequences() throws {
        let retrain = RetrainSettings(mode: .automatic, on: [.kind(.dataDrift)])
        func engine() -> MonitoringEngine { .fraudTestEngine(retrain: retrain, retireAfter: 120_000) }
        var first = engine()
        var events = EngineTestEvents(seed: 5)
        _ = first.feed(7_000, from: &events)
        let firstLife = first.feedOutputs(3_000, from: &events, amountShift: 60)
        let firing = try #require(firstLife.compactMap(\.alert).first)
        let trigger = try #require(firstLife.compactMap(\.retrain).first)
        #expect((firing.sequence, trigger.sequence) == (1, 1))
        // Version 2 alone for more than two minutes retires version 1; its sequences stay on the state topic.
        #expect(first.feed(1_300, of: "2", from: &events).map(\.reason) == [AlertEvent.versionRetired])
        let afterRetiring = first.checkpoint(partition: 0)
        let retired = try #require(afterRetiring)
        #expect(retired.records.contains { $0.key == "r/fraud/1" && $0.value != nil })
        #expect(retired.records.contains { $0.key == "v/fraud/1" && $0.value == nil })

        var restored = engine()
        #expect(restored.restore(partition: 0, records: retired.latestRecords, positions: retired.positions).isEmpty)
        _ = restored.feed(3_000, from: &events)
        let secondLife = restored.feedOutputs(3_000, from: &events, amountShift: 60)
        let again = try #require(secondLife.compactMap(\.alert).first)
        let newTrigger = try #require(secondLife.compactMap(\.retrain).first)
        #expect(again.dedupKey == firing.dedupKey && again.status == .firing)
        #expect((again.sequence, newTrigger.sequence) == (2, 2))
        #expect(again.id != firing.id)
        #expect(newTrigger.id != trigger.id)
        let afterReturning = restored.checkpoint(partition: 0)
        let returned = try #require(afterReturning)
        #expect(returned.records.contains { $0.key == "r/fraud/1" && $0.value == nil }, "the floor is used up")
    }

    /// An engine whose version 1 fired, and the checkpoint of its partition.
    private static func firedAndCheckpointed() throws -> (AlertEvent, PartitionCheckpoint) {
        var engine = MonitoringEngine.fraudTestEngine()
        var events = EngineTestEvents(seed: 6)
        _ = engine.feed(7_000, from: &events)
        let firing = try #require(engine.feed(3_000, from: &events, amountShift: 60).first)
        let written = engine.checkpoint(partition: 0)
        return (firing, try #require(written))
    }

    /// A restart under a configuration that changed the version's monitors: a signal the new monitors lack would
    /// fire for good (and the new owner keeps firing alerts alive at Alertmanager).
    @Test("A restore whose monitors restart resolves their firing alerts, to be published before the next batch")
    func restoreWithRestartedMonitorsResolves() throws {
        let (firing, checkpoint) = try Self.firedAndCheckpointed()
        var restored = MonitoringEngine.fraudTestEngine(window: 500)
        #expect(
            restored.restore(partition: 0, records: checkpoint.latestRecords, positions: checkpoint.positions).isEmpty)
        #expect(restored.firingAlerts(inPartition: 0).isEmpty)
        let taken = restored.takeRestoreOutputs()
        let resolved = taken.outputs.compactMap(\.alert)
        #expect(resolved.map(\.dedupKey) == [firing.dedupKey])
        #expect(resolved.first?.reason == AlertEvent.monitorsRestarted)
        #expect(resolved.first?.sequence == firing.sequence)
        #expect(taken.partitions == [0])
        #expect(restored.takeRestoreOutputs().outputs.isEmpty, "taken once")
        let written = restored.checkpoint(partition: 0)
        #expect(try #require(written).records.contains { $0.key == "v/fraud/1" && $0.value != nil })
    }

    @Test("A restore without the version's model resolves its firing alerts and keeps its sequences")
    func restoreWithoutTheModelResolves() throws {
        let (firing, checkpoint) = try Self.firedAndCheckpointed()
        var restored = MonitoringEngine(
            models: [
                MonitorSettings(model: "churn", task: .classification, reference: .warmup(events: 10), windowEvents: 10)
            ],
            policies: [:], joinTTL: 3_600_000, maximumPending: 100_000, instance: "test")
        #expect(
            restored.restore(partition: 0, records: checkpoint.latestRecords, positions: checkpoint.positions).isEmpty)
        let resolved = restored.takeRestoreOutputs().outputs.compactMap(\.alert)
        #expect(resolved.map(\.dedupKey) == [firing.dedupKey])
        #expect(resolved.first?.reason == AlertEvent.modelRemoved)
        let written = restored.checkpoint(partition: 0)
        let records = try #require(written).records
        #expect(records.contains { $0.key == "v/fraud/1" && $0.value == nil })
        #expect(records.contains { $0.key == "r/fraud/1" && $0.value != nil })
    }

    /// An evicted version's alerts would otherwise stay open at the pager (Alertmanager would let them expire).
    @Test("A version evicted by max_versions_per_model resolves its firing alerts")
    func evictedVersionResolves() throws {
        var limits = MonitoringLimits()
        limits.maximumVersionsPerModel = 1
        let fraud = try #require(MonitoringEngine.fraudTestEngine().configuration(of: "fraud"))
        var engine = MonitoringEngine(
            models: [fraud.settings], policies: ["fraud": fraud.policies], joinTTL: 3_600_000,
            maximumPending: 100_000, instance: "test", limits: limits)
        var events = EngineTestEvents(seed: 7)
        _ = engine.feed(7_000, from: &events)
        let firing = try #require(engine.feed(3_000, from: &events, amountShift: 60).first)
        let resolved = engine.feed(1, of: "2", from: &events)
        #expect(resolved.map(\.dedupKey) == [firing.dedupKey])
        #expect(resolved.first?.status == .resolved && resolved.first?.reason == AlertEvent.versionEvicted)
        #expect(resolved.first?.sequence == firing.sequence)
        #expect(engine.takeEvictedVersions().firingKeys == [firing.dedupKey])
    }
}
