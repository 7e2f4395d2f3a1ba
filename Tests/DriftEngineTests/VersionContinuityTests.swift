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
}
