import Kafka
import Logging

/// Reads every partition of a topic from its first offset, outside any consumer group (it commits nothing): how
/// each instance learns the whole retrain topic and the whole profiles topic, whichever partitions it owns.
package struct WholeTopicReader: Sendable {
    package let topic: String
    /// What the topic is, for messages: "retrain", "profiles".
    private let role: String
    private let consumer: KafkaConsumer
    private let client: KafkaClientSettings
    private let logger: Logger

    /// - Parameters:
    ///   - role: what the topic is, for messages ("the \(role) topic 'name' does not exist").
    ///   - client: the brokers and properties.
    package init(topic: String, role: String, client: KafkaClientSettings, groupID: String, logger: Logger)
        throws(KafkaError)
    {
        var settings = client
        settings.statisticsInterval = nil
        if settings.properties["fetch.wait.max.ms"] == nil { settings.properties["fetch.wait.max.ms"] = "100" }
        self.topic = topic
        self.role = role
        self.client = settings
        self.logger = logger
        consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: settings, groupID: groupID), logger: logger)
    }

    /// Assigns every partition of the topic at its first offset.
    ///
    /// - Returns: the end at this moment of each partition that holds records.
    /// - Throws: `KafkaError` when the brokers cannot be asked, or `.request` when the topic does not exist.
    package func start() async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        let admin = try KafkaAdmin(client: client, logger: logger)
        // A short wait: a broker answers metadata in milliseconds, and a process that stops waits for this call.
        guard let count = try await admin.partitionCounts(timeout: .seconds(5))[topic] else {
            throw KafkaError(
                code: .request,
                message: "The \(role) topic '\(topic)' does not exist; create it, or check kafka.topics.\(role)")
        }
        var starts: [KafkaTopicPartition: Int64] = [:]
        var ends: [KafkaTopicPartition: Int64] = [:]
        for number in 0..<count {
            let partition = KafkaTopicPartition(topic: topic, partition: number)
            let (low, high) = try await consumer.watermarks(partition)
            starts[partition] = low
            if high > low { ends[partition] = high }
        }
        try await consumer.assign(starts)
        return ends
    }

    /// What one read brought.
    package struct Batch {
        /// The records, in the order of each partition.
        package var messages: [KafkaConsumerMessage] = []
        /// The next offset of each partition read from.
        package var next: [KafkaTopicPartition: Int64] = [:]
        /// Each partition's end as the fetches report it.
        package var ends: [KafkaTopicPartition: Int64] = [:]
    }

    /// Reads what arrives within `timeout`.
    package func read(timeout: Duration = .milliseconds(200)) async throws(KafkaError) -> Batch {
        var batch = Batch()
        for event in try await consumer.poll(maxMessages: 1000, timeout: timeout) {
            guard case .messages(let messages) = event else { continue }
            for message in messages {
                batch.next[message.topicPartition] = message.offset + 1
                batch.ends[message.topicPartition] = consumer.fetchedHighWatermark(message.topicPartition)
            }
            batch.messages += messages
        }
        return batch
    }

    /// Decodes each record of `batch` with `decode`, in order: `nil` leaves a record out, and a record `decode`
    /// throws on is logged with its place and skipped, so that one bad record does not stop the topic being read.
    package func records<Record>(of batch: Batch, _ decode: (KafkaConsumerMessage) throws -> Record?) -> [Record] {
        batch.messages.compactMap { message in
            do {
                return try decode(message)
            } catch {
                let partition = message.topicPartition
                logger.warning(
                    "Skipped a record of the \(role) topic: \(error)",
                    metadata: [LogKey.source: "\(partition.topic)/\(partition.partition)/\(message.offset)"])
                return nil
            }
        }
    }

    /// Reads the whole topic as it is now, handing each batch to `body`.
    ///
    /// - Throws: `KafkaError` when the topic cannot be read to its end within `timeout`.
    package func readToEnd(timeout: Duration = .seconds(60), _ body: (Batch) -> Void) async throws(KafkaError) {
        var catchUp = CatchUp(ends: try await start())
        let deadline = ContinuousClock.now + timeout
        while !catchUp.isComplete {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(
                    code: .request,
                    message: "Could not read the \(role) topic '\(topic)' to its end within \(timeout); check that "
                        + "the brokers are reachable")
            }
            let batch = try await read()
            body(batch)
            catchUp.advance(by: batch)
        }
    }

    /// Whether the records that were on the topic at ``start()`` have all been read.
    package struct CatchUp {
        /// The end of each partition that held records at the start, moved on to what fetches report.
        private var ends: [KafkaTopicPartition: Int64]
        private var positions: [KafkaTopicPartition: Int64] = [:]

        package init(ends: [KafkaTopicPartition: Int64]) {
            self.ends = ends
        }

        package var isComplete: Bool { ends.allSatisfy { positions[$0.key, default: -1] >= $0.value } }

        /// Takes in what a read brought. The end is the later of the queried one and the fetches': brokers that
        /// answer ListOffsets short of the end would otherwise end the catching up early.
        package mutating func advance(by batch: Batch) {
            positions.merge(batch.next) { max($0, $1) }
            ends.merge(batch.ends.filter { ends[$0.key] != nil }) { max($0, $1) }
        }
    }

    /// Leaves the brokers.
    package func close() async {
        await consumer.close()
    }
}
