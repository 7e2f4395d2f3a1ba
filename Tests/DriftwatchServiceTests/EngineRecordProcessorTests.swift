import DriftDetection
import DriftEngine
import DriftwatchService
import Kafka
import MetricsTestKit
import Testing

@Suite("Engine record processor")
struct EngineRecordProcessorTests {
    static let topics = EngineRecordProcessor.Topics(
        predictions: "predictions", outcomes: "outcomes", alerts: "drift-alerts", retrain: "retrain-triggers",
        deadLetters: "driftwatch-dlq"
    )

    static func processor(metrics: TestMetrics, limits: MonitoringLimits = MonitoringLimits()) -> EngineRecordProcessor
    {
        let engine = MonitoringEngine(
            models: [
                MonitorSettings(model: "fraud", task: .classification, reference: .warmup(events: 10), windowEvents: 5)
            ],
            policies: [:], joinTTL: 60_000, maximumPending: 100, instance: "test", limits: limits
        )
        return EngineRecordProcessor(
            engine: engine, topics: topics,
            counters: PipelineCounters(inputTopics: [topics.predictions, topics.outcomes], factory: metrics)
        )
    }

    static func message(_ topic: String, offset: Int64, _ json: String) -> KafkaConsumerMessage {
        KafkaConsumerMessage(
            topicPartition: KafkaTopicPartition(topic: topic, partition: 2), offset: offset, key: Array("fraud".utf8),
            value: Array(json.utf8), headers: [KafkaHeader(key: "trace", text: "t-1")], timestampMilliseconds: 1_000
        )
    }

    /// A reload between batches changes the state of partitions that may see no record for a long time: the
    /// pipeline must checkpoint them all the same.
    @Test func aReloadMarksEveryOwnedPartitionChanged() throws {
        let updates = EngineUpdates()
        let settings = MonitorSettings(
            model: "fraud", task: .classification, reference: .warmup(events: 10), windowEvents: 5)
        func engine(window: Int) -> MonitoringEngine {
            var settings = settings
            settings.windowEvents = window
            return MonitoringEngine(
                models: [settings], policies: [:], joinTTL: 60_000, maximumPending: 100, instance: "test")
        }
        var processor = EngineRecordProcessor(
            engine: engine(window: 5), topics: Self.topics,
            counters: PipelineCounters(inputTopics: [Self.topics.predictions], factory: TestMetrics()),
            updates: updates)
        _ = processor.process([
            Self.message("predictions", offset: 7, #"{"id": "1", "model": "fraud", "prediction": {"label": "a"}}"#)
        ])
        let versionRecords = { (checkpoint: PartitionCheckpoint?) in
            checkpoint?.records.filter { $0.key.hasPrefix("v/") }.count ?? 0
        }
        #expect(versionRecords(processor.checkpoint(partition: 2)) == 1)
        #expect(versionRecords(processor.checkpoint(partition: 2)) == 0, "nothing changed since the checkpoint")
        #expect(processor.applyUpdates {}.changedPartitions.isEmpty)

        updates.post(.configuration(engine(window: 8)))
        #expect(processor.applyUpdates {}.changedPartitions == [2])
        #expect(versionRecords(processor.checkpoint(partition: 2)) == 1)
    }

    /// A version evaluated early in a batch and retired later in it leaves no signal on the status page.
    @Test func aVersionRetiredInABatchLeavesTheStatusPage() throws {
        func processor(board: StatusBoard) -> EngineRecordProcessor {
            let settings = MonitorSettings(
                model: "fraud", task: .classification, reference: .warmup(events: 10), windowEvents: 5,
                defaultFeatureTest: DistanceTestSettings(metric: .psi))
            let engine = MonitoringEngine(
                models: [settings], policies: ["fraud": .init(retireAfter: 60_000)], joinTTL: 60_000,
                maximumPending: 100, instance: "test")
            return EngineRecordProcessor(
                engine: engine, topics: Self.topics,
                counters: PipelineCounters(inputTopics: [Self.topics.predictions], factory: TestMetrics()),
                board: board)
        }
        let start: Int64 = 1_700_000_000_000
        func prediction(_ number: Int, version: String, at time: Int64) -> KafkaConsumerMessage {
            let json =
                #"{"id": "\#(number)", "model": "fraud", "model_version": "\#(version)", "#
                + #""ts": "\#(RFC3339Time.string(fromMilliseconds: time))", "#
                + #""features": {"amount": \#(number % 7)}, "prediction": {"label": "a"}}"#
            return KafkaConsumerMessage(
                topicPartition: KafkaTopicPartition(topic: "predictions", partition: 2), offset: Int64(number),
                key: Array("fraud".utf8), value: Array(json.utf8), timestampMilliseconds: time)
        }
        let firstLife = (0..<20).map { prediction($0, version: "1", at: start + Int64($0) * 1_000) }
        let alone = StatusBoard(factory: TestMetrics())
        var probe = processor(board: alone)
        _ = probe.process(firstLife)
        #expect(alone.snapshot().map(\.modelVersion) == ["1"], "version 1 is evaluated within the batch")

        // Version 2, ten minutes later in the same batch, retires version 1.
        let board = StatusBoard(factory: TestMetrics())
        var retiring = processor(board: board)
        let letters = retiring.process(firstLife + [prediction(20, version: "2", at: start + 600_000)])
            .filter { $0.topic == Self.topics.deadLetters }
        #expect(letters.isEmpty, "\(letters.map(\.headers))")
        #expect(board.snapshot().map(\.modelVersion) == [], "version 1 retired; version 2 has no evaluation yet")
    }

    /// Each profile the pipeline applies is calibrated on its loop: a key's records not yet applied count once.
    @Test func aVersionsLaterProfileReplacesOneNotYetApplied() throws {
        func published(_ version: String, events: Int) -> PublishedProfile {
            let profile = ReferenceProfile(
                model: "fraud", modelVersion: version, events: events, features: [:],
                prediction: PredictionProfile(label: nil, score: nil, value: nil), label: nil)
            return PublishedProfile(model: "fraud", modelVersion: version, profile: profile, bytes: [])
        }
        let updates = EngineUpdates()
        updates.post(.profile(published("1", events: 1)))
        updates.post(.profile(published("2", events: 2)))
        updates.post(.withdrawal(model: "fraud", modelVersion: "1"))
        updates.post(.profile(published("1", events: 3)))
        let taken = updates.take()
        #expect(taken.map(\.profileKey) == ["fraud/2", "fraud/1"])
        guard case .profile(let latest) = taken.last else {
            Issue.record("the last update is not a profile")
            return
        }
        #expect(latest.profile.events == 3)
        #expect(updates.take().isEmpty)
    }

    @Test func invalidRecordsBecomeDeadLettersAndEverythingIsCounted() throws {
        let metrics = TestMetrics()
        var processor = Self.processor(metrics: metrics)
        let outputs = processor.process([
            Self.message("predictions", offset: 7, #"{"id": "1", "model": "fraud", "prediction": {"label": "a"}}"#),
            Self.message("predictions", offset: 8, #"{"model": "fraud"}"#),
            Self.message("outcomes", offset: 3, #"{"id": "1", "model": "fraud", "label": "a"}"#),
        ])

        try #require(outputs.count == 1)
        let letter = outputs[0]
        #expect(letter.topic == "driftwatch-dlq")
        #expect(letter.key == Array("fraud".utf8))
        #expect(letter.value == Array(#"{"model": "fraud"}"#.utf8))
        #expect(letter.headers.map(\.key) == ["trace", "driftwatch.error", "driftwatch.source"])
        #expect(letter.headers[1].value.map { String(decoding: $0, as: UTF8.self) } == "id: required field is missing")
        #expect(letter.headers[2].value.map { String(decoding: $0, as: UTF8.self) } == "predictions/2/8")

        func events(_ topic: String, _ result: String) throws -> Int64 {
            try metrics.expectCounter("driftwatch_events_total", [("topic", topic), ("result", result)]).totalValue
        }
        #expect(try events("predictions", "accepted") == 1)
        #expect(try events("predictions", "rejected") == 1)
        #expect(try events("outcomes", "accepted") == 1)
        #expect(try metrics.expectCounter("driftwatch_dead_letters_total").totalValue == 1)
        #expect(try metrics.expectGauge("driftwatch_join_pending").lastValue == 0, "the pair joined")
    }

    /// A reason quotes the event; a long or hostile event must not make its dead letter larger than it was.
    @Test func deadLetterReasonsAreCutShort() throws {
        var limits = MonitoringLimits()
        limits.events.maximumStringBytes = 1 << 20
        var processor = Self.processor(metrics: TestMetrics(), limits: limits)
        let model = String(repeating: "m", count: 5_000)
        let outputs = processor.process([
            Self.message("predictions", offset: 1, #"{"id": "1", "model": "\#(model)", "prediction": {"label": "a"}}"#)
        ])
        let reason = try #require(outputs.first?.headers.first { $0.key == "driftwatch.error" }?.value)
        #expect(reason.count < 1_100)
        #expect(String(decoding: reason, as: UTF8.self).hasSuffix("more characters)"))
    }

    /// A limit that bites is counted by its setting's name.
    @Test func limitHitsAreCountedByLimit() throws {
        let metrics = TestMetrics()
        var processor = Self.processor(metrics: metrics)
        let id = String(repeating: "i", count: 300)
        let outputs = processor.process([
            Self.message(
                "predictions", offset: 1, #"{"id": "\#(id)", "model": "fraud", "prediction": {"label": "a"}}"#),
            Self.message("outcomes", offset: 2, #"{"id": "\#(id)", "model": "fraud", "label": "a"}"#),
        ])
        #expect(outputs.map(\.topic) == ["driftwatch-dlq", "driftwatch-dlq"])
        #expect(
            try metrics.expectCounter("driftwatch_limit_hits_total", [("limit", "max_string_bytes")]).totalValue == 2)
    }

    /// A dead letter too large for its topic is replaced by one without the original's bytes; nothing else is.
    @Test func onlyDeadLettersHaveASmallerForm() throws {
        var processor = Self.processor(metrics: TestMetrics())
        let letter = try #require(
            processor.process([Self.message("predictions", offset: 8, #"{"model": "fraud"}"#)]).first)
        let smaller = try #require(processor.replacement(forOversized: letter))
        #expect(smaller.value == nil && smaller.key == nil)
        #expect(smaller.headers.map(\.key) == ["driftwatch.error", "driftwatch.source", "driftwatch.dropped"])
        #expect(processor.replacement(forOversized: smaller)?.topic == nil)
        let alert = KafkaProducerMessage(topic: "drift-alerts", key: nil, value: [1])
        #expect(processor.replacement(forOversized: alert)?.topic == nil)
    }
}
