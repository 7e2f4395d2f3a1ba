import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

/// `reference: topic`: a version compares with the profile published for it, from its first event when the
/// profile came first, in place of its warm-up when it came later; restores and re-reads of the topic keep it.
@Suite("Published profiles")
struct PublishedProfileTests {
    /// Feeds `count` predictions of `version` and returns the alerts among the outputs.
    private static func feed(
        _ count: Int, of version: String, to engine: inout MonitoringEngine, from events: inout EngineTestEvents,
        amountShift: Double = 0
    ) -> [AlertEvent] {
        var alerts: [AlertEvent] = []
        for _ in 0..<count {
            let offset = Int64(events.made)
            let prediction = events.prediction(version: version, amountShift: amountShift)
            let result = engine.ingestPrediction(prediction.bytes, fallbackTime: nil, partition: 0, offset: offset)
            guard case .accepted(let outputs) = result else {
                Issue.record("prediction \(offset) was rejected: \(result)")
                continue
            }
            for case .alert(let alert) in outputs { alerts.append(alert) }
        }
        return alerts
    }

    /// The profile `driftwatch profile build` makes of 4,000 unshifted predictions, published for `version`.
    private static func published(version: String, seed: UInt64 = 9) throws -> PublishedProfile {
        var events = EngineTestEvents(seed: seed)
        let lines = (0..<4_000).map { _ in events.prediction().bytes }.joined(separator: Array("\n".utf8))
        let profile = try ReferenceDataReader.buildProfile(
            from: Array(lines), source: "test", builder: try ProfileBuilder(model: "fraud"))
        let bytes = try JSONEncoder().encode(profile)
        return PublishedProfile(model: "fraud", modelVersion: version, profile: profile, bytes: bytes)
    }

    private static func engine(warmup: Int?) -> MonitoringEngine {
        .fraudTestEngine(reference: .published(fallbackWarmupEvents: warmup))
    }

    @Test("A version whose profile is published compares with it from its first event")
    func publishedFirst() throws {
        var engine = Self.engine(warmup: nil)
        var events = EngineTestEvents(seed: 1)
        #expect(engine.receive(try Self.published(version: "2")) == (true, 0))
        let alerts = Self.feed(2_000, of: "2", to: &engine, from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/2/data_drift/amount"])
        #expect(alerts.first?.status == .firing)
        #expect(engine.counters.eventsWithoutReference == 0)
        // Version 3 has no profile and no warm-up: its events are counted, not compared.
        #expect(Self.feed(3_000, of: "3", to: &engine, from: &events, amountShift: 60).isEmpty)
        #expect(engine.counters.eventsWithoutReference == 3_000)
    }

    @Test("A profile arriving later replaces a warm-up, which learned the drifted traffic")
    func publishedLater() throws {
        var engine = Self.engine(warmup: 2_000)
        var events = EngineTestEvents(seed: 2)
        #expect(Self.feed(4_000, of: "1", to: &engine, from: &events, amountShift: 60).isEmpty)
        #expect(engine.receive(try Self.published(version: "1")) == (true, 1))
        let alerts = Self.feed(2_000, of: "1", to: &engine, from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/1/data_drift/amount"])
        // A profile of another model's reference kind is not used.
        var warmupEngine = MonitoringEngine.fraudTestEngine()
        #expect(warmupEngine.receive(try Self.published(version: "1")) == (false, 0))
    }

    @Test("A restored version keeps its published profile; the same profile read again changes nothing")
    func restoredAndReadAgain() throws {
        let profile = try Self.published(version: "1")
        var engine = Self.engine(warmup: 2_000)
        var events = EngineTestEvents(seed: 3)
        _ = engine.receive(profile)
        _ = Self.feed(1_500, of: "1", to: &engine, from: &events, amountShift: 60)
        var records: [String: [UInt8]] = [:]
        let engineCheckpoint = engine.checkpoint(partition: 0)
        for record in try #require(engineCheckpoint).records { records[record.key] = record.value }

        // A restart: the topic is read again before the partition is restored, and again after.
        var restored = Self.engine(warmup: 2_000)
        _ = restored.receive(profile)
        #expect(restored.restore(partition: 0, records: records, positions: .init()).isEmpty)
        #expect(restored.receive(profile) == (true, 0), "the restored windows already compare with this profile")
        // The half-filled window continues: the next 500 events close it, the next 1,000 a second one.
        let alerts = Self.feed(500, of: "1", to: &restored, from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/1/data_drift/amount"])

        // A warm-up restored after its profile arrived adopts it.
        var warming = Self.engine(warmup: 2_000)
        var early = EngineTestEvents(seed: 4)
        _ = Self.feed(500, of: "1", to: &warming, from: &early)
        var warmRecords: [String: [UInt8]] = [:]
        let warmingCheckpoint = warming.checkpoint(partition: 0)
        for record in try #require(warmingCheckpoint).records { warmRecords[record.key] = record.value }
        var adopting = Self.engine(warmup: 2_000)
        _ = adopting.receive(profile)
        _ = adopting.restore(partition: 0, records: warmRecords, positions: .init())
        #expect(adopting.partitions[0]?.versions.values.first?.monitor.publishedDigest == profile.digest)
    }
}
