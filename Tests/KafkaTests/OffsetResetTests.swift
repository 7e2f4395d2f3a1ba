import DriftwatchTestSupport
import Foundation
import Kafka
import MetricsTestKit
import Testing

/// Data deleted before it was read must be reported, never skipped silently.
@Suite("Offset out of range", .serialized, .timeLimit(.minutes(2)))
struct OffsetResetTests {
    @Test func jumpOverDeletedDataIsReported() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "retention", partitions: 1)
        let group = "retention-\(UUID())"
        let producer = try TestClients.producer(broker)
        try await TestClients.produce(TestClients.numberedMessages(topic: topic, count: 10), with: producer)

        let first = try TestClients.consumer(broker, group: group, topic: topic)
        #expect(try await TestClients.consume(first, count: 10, timeout: .seconds(30)).count == 10)
        try await first.commit()
        await first.close()

        // The mock cluster keeps about 5 MiB per partition: 7 MiB more pushes the committed offset out.
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 1024)
        let bulk = (0..<7 * 1024).map { _ in KafkaProducerMessage(topic: topic, key: nil, value: filler) }
        try await TestClients.produce(bulk, with: producer)
        await producer.close()

        let metrics = TestMetrics()
        var configuration = KafkaConsumerConfiguration(client: TestClients.settings(broker), groupID: group)
        configuration.sessionTimeout = .seconds(6)
        let second = try KafkaConsumer(
            configuration: configuration, logger: TestClients.logger,
            metricNames: KafkaConsumerMetricNames(
                offsetResets: "driftwatch_kafka_offset_resets_total",
                skippedMessages: "driftwatch_kafka_skipped_messages_total"),
            metricsFactory: metrics)
        try second.subscribe(topics: [topic])
        var resets: [KafkaOffsetReset] = []
        var received = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while resets.isEmpty || received == 0, ContinuousClock.now < deadline {
            for event in try await second.poll() {
                switch event {
                case .offsetReset(let reset): resets.append(reset)
                case .messages(let messages): received += messages.count
                default: break
                }
            }
        }
        await second.close()

        try #require(resets.count == 1)
        #expect(resets[0].topicPartition == KafkaTopicPartition(topic: topic, partition: 0))
        #expect(resets[0].requestedOffset == 10)
        #expect(resets[0].resumedOffset > 10)
        #expect(resets[0].skippedMessages == resets[0].resumedOffset - 10)
        #expect(received > 0, "consumption did not go on after the reset")
        #expect(second.offsetResetCount == 1)
        #expect(try metrics.expectCounter("driftwatch_kafka_offset_resets_total").totalValue == 1)
        #expect(
            try metrics.expectCounter("driftwatch_kafka_skipped_messages_total").totalValue
                == resets[0].skippedMessages)
        #expect(await broker.stop() == 0)
    }

    /// A reset on one partition restarts only that partition: partitions that have not delivered a record yet
    /// (so librdkafka knows no position for them) keep the offsets they were assigned, instead of falling back
    /// to a committed offset they do not have, which resets again, forever.
    @Test func resetBesideIdlePartitionsResumesConsumption() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "retention-idle", partitions: 4)
        let group = "retention-idle-\(UUID())"
        let producer = try TestClients.producer(broker)
        let first = (0..<10).map {
            KafkaProducerMessage(topic: topic, partition: 0, key: nil, value: Array("\($0)".utf8))
        }
        try await TestClients.produce(first, with: producer)
        let reader = try TestClients.consumer(broker, group: group, topic: topic)
        #expect(try await TestClients.consume(reader, count: 10, timeout: .seconds(30)).count == 10)
        try await reader.commit()
        await reader.close()

        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 1024)
        let bulk = (0..<7 * 1024).map { _ in KafkaProducerMessage(topic: topic, partition: 0, key: nil, value: filler) }
        try await TestClients.produce(bulk, with: producer)
        await producer.close()

        let consumer = try TestClients.consumer(broker, group: group, topic: topic)
        var resets: [KafkaOffsetReset] = []
        var received = 0
        var longestPoll = Duration.zero
        let deadline = ContinuousClock.now + .seconds(30)
        while received < 100, ContinuousClock.now < deadline {
            let started = ContinuousClock.now
            let events = try await consumer.poll()
            longestPoll = max(longestPoll, ContinuousClock.now - started)
            for event in events {
                switch event {
                case .offsetReset(let reset): resets.append(reset)
                case .messages(let messages): received += messages.count
                default: break
                }
            }
        }
        await consumer.close()

        #expect(resets.count == 1)
        #expect(received >= 100, "consumption did not go on after the reset")
        #expect(longestPoll < .seconds(5), "a poll must return even while offsets keep resetting")
        #expect(await broker.stop() == 0)
    }
}
