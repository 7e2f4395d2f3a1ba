import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

/// Producer and group consumer against a dev broker in a separate process.
@Suite("Consumer groups over a dev broker", .serialized, .timeLimit(.minutes(3)))
struct ConsumerGroupTests {
    @Test func everyProducedMessageIsConsumed() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "all", partitions: 8)
        let producer = try TestClients.producer(broker)
        let count = 100_000
        try await TestClients.produce(TestClients.numberedMessages(topic: topic, count: count), with: producer)
        await producer.close()

        let consumer = try TestClients.consumer(broker, group: "all-\(UUID())", topic: topic)
        let received = try await TestClients.consume(consumer, count: count)
        await consumer.close()

        #expect(received.count == count)
        let missing = Set((0..<count).map(String.init)).subtracting(received.map(\.text))
        #expect(missing.count == 0, "\(missing.count) records never arrived")
        #expect(await broker.stop() == 0)
    }

    @Test func restartedConsumerResumesFromCommittedOffsets() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "resume", partitions: 4)
        let group = "resume-\(UUID())"
        let producer = try TestClients.producer(broker)
        try await TestClients.produce(TestClients.numberedMessages(topic: topic, count: 2000), with: producer)

        let first = try TestClients.consumer(broker, group: group, topic: topic)
        let firstBatch = try await TestClients.consume(first, count: 1)
        try await first.commit()
        await first.close()

        // Records produced after the first consumer left are read by the second one too.
        try await TestClients.produce(
            TestClients.numberedMessages(topic: topic, count: 1000, from: 2000), with: producer)
        await producer.close()

        let second = try TestClients.consumer(broker, group: group, topic: topic)
        let secondBatch = try await TestClients.consume(second, count: 3000 - firstBatch.count, timeout: .seconds(30))
        await second.close()

        let firstValues = Set(firstBatch.map(\.text))
        let secondValues = Set(secondBatch.map(\.text))
        #expect(!firstValues.isEmpty)
        let reread = firstValues.intersection(secondValues)
        #expect(reread.count == 0, "\(reread.count) records committed by the first consumer were read again")
        let missing = Set((0..<3000).map(String.init)).subtracting(firstValues.union(secondValues))
        #expect(missing.count == 0, "\(missing.count) records were never read")
        #expect(firstBatch.count + secondBatch.count == 3000)
        #expect(await broker.stop() == 0)
    }

    @Test func joiningConsumerTakesPartitionsThroughRevokeAndAssign() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "rebalance", partitions: 4)
        let group = "rebalance-\(UUID())"
        let ownership = Ownership()
        // A consumer joins the group as soon as it subscribes, so the third one is created only later.
        var members = try (0..<2).map { _ in try TestClients.consumer(broker, group: group, topic: topic) }

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for (index, member) in members.enumerated() {
                tasks.addTask { try await ownership.follow(member, as: index) }
            }
            try await ownership.waitUntil { owned in
                owned[0, default: []].count == 2 && owned[1, default: []].count == 2
            }
            let third = try TestClients.consumer(broker, group: group, topic: topic)
            members.append(third)
            tasks.addTask { try await ownership.follow(third, as: 2) }
            try await ownership.waitUntil { owned in
                owned.count == 3 && owned.values.allSatisfy { !$0.isEmpty }
                    && owned.values.map(\.count).reduce(0, +) == 4
            }
            await ownership.stop()
            try await tasks.waitForAll()
        }
        let owned = await ownership.owned
        let all = owned.values.flatMap { $0 }
        #expect(all.count == 4, "a partition is owned twice or not at all: \(owned)")
        #expect(Set(all) == Set((0..<4).map { KafkaTopicPartition(topic: topic, partition: $0) }))
        #expect(await ownership.revocations > 0, "the third member's arrival revoked nothing")
        for member in members { await member.close() }
        #expect(await broker.stop() == 0)
    }
}

/// Tracks which member owns which partitions from the assign and revoke events each one reports.
private actor Ownership {
    private(set) var owned: [Int: Set<KafkaTopicPartition>] = [:]
    private(set) var revocations = 0
    private var isStopped = false

    func follow(_ consumer: KafkaConsumer, as member: Int) async throws {
        while !isStopped {
            for event in try await consumer.poll(timeout: .milliseconds(50)) {
                switch event {
                case .partitionsAssigned(let partitions):
                    owned[member, default: []].formUnion(partitions)
                case .partitionsRevoked(let partitions):
                    owned[member, default: []].subtract(partitions)
                    revocations += 1
                default:
                    break
                }
            }
        }
    }

    func waitUntil(_ condition: ([Int: Set<KafkaTopicPartition>]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition(owned) {
            guard ContinuousClock.now < deadline else {
                Issue.record("ownership never settled: \(owned)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func stop() {
        isStopped = true
    }
}
