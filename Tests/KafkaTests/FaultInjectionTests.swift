import DriftwatchTestSupport
import Foundation
import InMemoryLogging
import Kafka
import Logging
import Testing

/// Transient broker faults injected through the dev broker's control commands.
@Suite("Fault injection", .serialized, .timeLimit(.minutes(3)))
struct FaultInjectionTests {
    @Test func transientErrorsAndABrokerOutageLoseNothing() async throws {
        let broker = try await DevBrokerProcess(arguments: ["--brokers", "3"])
        let topic = try await broker.createTopic(prefix: "faults", partitions: 6)
        let count = 20_000

        #expect(
            try await broker.control(
                "fail Produce NOT_LEADER_FOR_PARTITION REQUEST_TIMED_OUT NOT_ENOUGH_REPLICAS NOT_LEADER_FOR_PARTITION"
            ) == "ok")
        // librdkafka retries these errors itself; its debug log shows that they happened.
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "driftwatch.tests.faults") { _ in logs }
        logger.logLevel = .debug
        let producer = try TestClients.producer(broker, debug: "msg,protocol", logger: logger)
        let messages = TestClients.numberedMessages(topic: topic, count: count)
        async let firstHalf = producer.sendBatch(Array(messages[..<(count / 2)]))
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await broker.control("down 2") == "ok")
        try await Task.sleep(for: .seconds(1))
        #expect(try await broker.control("up 2") == "ok")
        let secondHalf = try await producer.sendBatch(Array(messages[(count / 2)...]))
        let failures = try await (firstHalf + secondHalf).filter { (try? $0.get()) == nil }
        #expect(failures.isEmpty, "undelivered: \(failures.prefix(3))")
        await producer.close()

        #expect(try await broker.control("fail OffsetCommit COORDINATOR_NOT_AVAILABLE NOT_COORDINATOR") == "ok")
        // The debug logs make this test slow on a loaded machine: a long session keeps the group stable meanwhile.
        let consumer = try TestClients.consumer(
            broker, group: "faults-\(UUID())", topic: topic, debug: "cgrp", logger: logger, sessionTimeout: .seconds(45)
        )
        let received = try await TestClients.consume(consumer, count: count)
        try await consumer.commit()
        let partitions = (0..<6).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        let committed = try await consumer.committedOffsets(partitions)
        await consumer.close()

        let missing = Set((0..<count).map(String.init)).subtracting(received.map(\.text))
        #expect(missing.count == 0, "\(missing.count) records were lost")
        #expect(received.count == count, "the idempotent producer wrote duplicates")
        let logText = logs.entries.map { "\($0.message)" }
        #expect(logText.contains { $0.contains("Not leader for partition") }, "no injected Produce error was seen")
        #expect(
            logText.contains { $0.contains("Coordinator not available") }, "no injected OffsetCommit error was seen")
        #expect(committed.values.reduce(0, +) == Int64(count))
        #expect(await broker.stop() == 0)
    }

    @Test func controlCommandsExplainMistakes() async throws {
        let broker = try await DevBrokerProcess()
        #expect(
            try await broker.control("fail Produce NO_SUCH_ERROR").hasPrefix("error: unknown error 'NO_SUCH_ERROR'"))
        #expect(try await broker.control("fail Teleport REQUEST_TIMED_OUT").hasPrefix("error: unknown API 'Teleport'"))
        #expect(try await broker.control("topic t zero").hasPrefix("error: PARTITIONS must be a positive integer"))
        #expect(try await broker.control("down 9").hasPrefix("error: Cannot take broker 9 down"))
        #expect(try await broker.control("dance").hasPrefix("error: unknown command 'dance'"))
        #expect(await broker.stop() == 0)
    }
}
