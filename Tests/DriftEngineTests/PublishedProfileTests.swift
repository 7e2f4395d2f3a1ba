import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

/// `reference: topic`: a version compares with the profile published for it, from its first event when the
/// profile came first, in place of its warm-up when it came later; restores and re-reads of the topic keep it.
@Suite("Published profiles")
struct PublishedProfileTests {
    private static func engine(warmup: Int?) -> MonitoringEngine {
        .fraudTestEngine(reference: .published(fallbackWarmupEvents: warmup))
    }

    @Test("A version whose profile is published compares with it from its first event")
    func publishedFirst() throws {
        var engine = Self.engine(warmup: nil)
        var events = EngineTestEvents(seed: 1)
        #expect(engine.receive(try PublishedProfile.fraudTest(version: "2")) == .used(switchedPartitions: 0))
        let alerts = engine.feed(2_000, of: "2", from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/2/data_drift/amount"])
        #expect(alerts.first?.status == .firing)
        #expect(engine.counters.eventsWithoutReference == 0)
        // Version 3 has no profile and no warm-up: its events are counted, not compared.
        #expect(engine.feed(3_000, of: "3", from: &events, amountShift: 60).isEmpty)
        #expect(engine.counters.eventsWithoutReference == 3_000)
    }

    @Test("A profile arriving later replaces a warm-up, which learned the drifted traffic")
    func publishedLater() throws {
        var engine = Self.engine(warmup: 2_000)
        var events = EngineTestEvents(seed: 2)
        #expect(engine.feed(4_000, of: "1", from: &events, amountShift: 60).isEmpty)
        #expect(engine.receive(try PublishedProfile.fraudTest(version: "1")) == .used(switchedPartitions: 1))
        let alerts = engine.feed(2_000, of: "1", from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/1/data_drift/amount"])
        // A profile of another model's reference kind is not used.
        var warmupEngine = MonitoringEngine.fraudTestEngine()
        #expect(warmupEngine.receive(try PublishedProfile.fraudTest(version: "1")) == .kept)
    }

    @Test("A restored version keeps its published profile; the same profile read again changes nothing")
    func restoredAndReadAgain() throws {
        let profile = try PublishedProfile.fraudTest(version: "1")
        var engine = Self.engine(warmup: 2_000)
        var events = EngineTestEvents(seed: 3)
        _ = engine.receive(profile)
        _ = engine.feed(1_500, of: "1", from: &events, amountShift: 60)
        var records: [String: [UInt8]] = [:]
        let engineCheckpoint = engine.checkpoint(partition: 0)
        for record in try #require(engineCheckpoint).records { records[record.key] = record.value }

        // A restart: the topic is read again before the partition is restored, and again after.
        var restored = Self.engine(warmup: 2_000)
        _ = restored.receive(profile)
        #expect(restored.restore(partition: 0, records: records, positions: .init()).isEmpty)
        #expect(
            restored.receive(profile) == .used(switchedPartitions: 0),
            "the restored windows already compare with this profile")
        // The half-filled window continues: the next 500 events close it, the next 1,000 a second one.
        let alerts = restored.feed(500, of: "1", from: &events, amountShift: 60)
        #expect(alerts.map(\.dedupKey) == ["fraud/1/data_drift/amount"])

        // A warm-up restored after its profile arrived adopts it.
        var warming = Self.engine(warmup: 2_000)
        var early = EngineTestEvents(seed: 4)
        _ = warming.feed(500, of: "1", from: &early)
        var warmRecords: [String: [UInt8]] = [:]
        let warmingCheckpoint = warming.checkpoint(partition: 0)
        for record in try #require(warmingCheckpoint).records { warmRecords[record.key] = record.value }
        var adopting = Self.engine(warmup: 2_000)
        _ = adopting.receive(profile)
        _ = adopting.restore(partition: 0, records: warmRecords, positions: .init())
        #expect(adopting.partitions[0]?.versions.values.first?.monitor.publishedDigest == profile.digest)
    }

    @Test("A profile the model's tests cannot use is refused; the version keeps its warm-up and its events")
    func unusableProfileKeepsWarmup() throws {
        // `amount` is tested with an `auto` KS test, which a categorical reference cannot calibrate.
        var unusable = try PublishedProfile.fraudTest(version: "1")
        unusable.profile.features["amount"] = unusable.profile.features["country"]
        let settings = MonitorSettings(
            model: "fraud", task: .classification, reference: .published(fallbackWarmupEvents: 2_000),
            windowEvents: 1_000,
            features: [
                "amount": DistanceTestSettings(metric: .ks, calibrated: CalibratedLevels(alert: true, warn: true))
            ])
        let alerts = AlertSettings(consecutive: 2, cooldown: 0, resolveAfter: 2)
        var engine = MonitoringEngine(
            models: [settings], policies: ["fraud": .init(alerts: alerts)], joinTTL: 3_600_000,
            maximumPending: 100_000, instance: "test")
        var events = EngineTestEvents(seed: 5)

        // Before the version's first event (a restart reading the topic), and again once it runs.
        guard case .unusable(let reason) = engine.receive(unusable) else {
            Issue.record("the unusable profile was taken")
            return
        }
        #expect(reason.contains("amount"), "\(reason)")
        #expect(engine.feed(2_500, of: "1", from: &events).isEmpty)
        #expect(engine.partitions[0]?.versions.values.first?.monitor.referenceFeatures != nil, "the warm-up ended")
        #expect(engine.receive(unusable) != .used(switchedPartitions: 1))
        #expect(engine.partitions[0]?.versions.values.first?.monitor.publishedDigest == nil)

        // The version's state restores (its monitors are not rebuilt from the refused profile).
        var records: [String: [UInt8]] = [:]
        let checkpoint = engine.checkpoint(partition: 0)
        for record in try #require(checkpoint).records { records[record.key] = record.value }
        var restored = MonitoringEngine(
            models: [settings], policies: ["fraud": .init(alerts: alerts)], joinTTL: 3_600_000,
            maximumPending: 100_000, instance: "test")
        _ = restored.receive(unusable)
        #expect(restored.restore(partition: 0, records: records, positions: .init()).isEmpty)
        #expect(restored.partitions[0]?.versions.values.first?.monitor.referenceFeatures != nil)
    }

    @Test("Profiles are kept for the latest max_versions_per_model versions of a model")
    func receivedProfilesAreBounded() throws {
        var engine = Self.engine(warmup: nil)
        let limit = engine.limits.maximumVersionsPerModel
        let profile = try PublishedProfile.fraudTest(version: "0")
        for version in 0..<(limit + 3) {
            var published = profile
            published.modelVersion = "\(version)"
            _ = engine.receive(published)
        }
        let kept = try #require(engine.receivedProfiles["fraud"]).map(\.modelVersion)
        #expect(kept == (3..<(limit + 3)).map(String.init))
        #expect(engine.publishedProfiles.count == limit)
        #expect(engine.publishedProfiles[VersionKey(model: "fraud", version: "2")] == nil)
    }

    /// Anyone who can write the profiles topic could make up model names without end.
    @Test("Profiles of models the configuration lacks are kept for a bounded number of models")
    func unconfiguredModelsAreBounded() throws {
        var engine = Self.engine(warmup: nil)
        var published = try PublishedProfile.fraudTest(version: "1")
        let limit = MonitoringEngine.maximumUnconfiguredProfileModels
        for index in 0..<(limit + 10) {
            published.model = "made-up-\(index)"
            #expect(engine.receive(published) == .kept)
        }
        #expect(engine.receivedProfiles.count == limit)
        #expect(engine.receivedProfiles["made-up-0"] != nil && engine.receivedProfiles["made-up-\(limit)"] == nil)
        published.model = "fraud"
        _ = engine.receive(published)
        #expect(engine.receivedProfiles["fraud"] != nil, "a configured model's profiles are always kept")
    }
}
