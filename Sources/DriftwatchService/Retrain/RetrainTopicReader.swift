import Kafka
import Logging
import WireFormat

/// Reads the retrain topic from its start, outside any consumer group, into a ``RetrainLedger``: what `run` follows
/// to deliver triggers and show pending approvals, and what `driftwatch retrain approve` looks a trigger up in.
package struct RetrainTopicReader: Sendable {
    package let topic: String
    private let consumer: KafkaConsumer
    private let client: KafkaClientSettings
    private let logger: Logger

    /// - Parameter client: the brokers and properties (the reader uses no group: it commits nothing).
    package init(topic: String, client: KafkaClientSettings, groupID: String, logger: Logger) throws(KafkaError) {
        var settings = client
        settings.statisticsInterval = nil
        if settings.properties["fetch.wait.max.ms"] == nil { settings.properties["fetch.wait.max.ms"] = "100" }
        self.topic = topic
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
                message: "The retrain topic '\(topic)' does not exist; create it, or check kafka.topics.retrain")
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
        /// driftwatch's records, each with its record time (milliseconds since the Unix epoch).
        package var events: [(event: RetrainTopicEvent, recordTime: Int64)] = []
        /// The next offset of each partition read from.
        package var next: [KafkaTopicPartition: Int64] = [:]
        /// Each partition's end as the fetches report it.
        package var ends: [KafkaTopicPartition: Int64] = [:]
    }

    /// Reads what arrives within `timeout`; records that are not readable are logged and skipped.
    package func read(timeout: Duration = .milliseconds(200)) async throws(KafkaError) -> Batch {
        var batch = Batch()
        for event in try await consumer.poll(maxMessages: 1000, timeout: timeout) {
            guard case .messages(let messages) = event else { continue }
            for message in messages {
                batch.next[message.topicPartition] = message.offset + 1
                batch.ends[message.topicPartition] = consumer.fetchedHighWatermark(message.topicPartition)
                guard let value = message.value else { continue }
                do {
                    guard let event = try RetrainTopicEvent(cloudEvent: value) else { continue }
                    batch.events.append((event, message.timestampMilliseconds ?? 0))
                } catch {
                    let partition = message.topicPartition
                    logger.warning(
                        "Skipped a record of the retrain topic: \(error)",
                        metadata: [LogKey.source: "\(partition.topic)/\(partition.partition)/\(message.offset)"])
                }
            }
        }
        return batch
    }

    /// Applies a batch's events to `ledger`, logging decisions that contradict an earlier one.
    package func apply(_ batch: Batch, to ledger: inout RetrainLedger) {
        for (event, recordTime) in batch.events {
            guard let ignored = ledger.apply(event, recordTime: recordTime) else { continue }
            logger.warning(
                "A second, different decision on a retrain trigger is ignored: the first one stands",
                metadata: [LogKey.triggerID: "\(ignored.triggerID)", "by": "\(ignored.by)"])
        }
    }

    /// Reads the whole topic, as it is now, into a ledger.
    ///
    /// - Throws: `KafkaError` when the topic cannot be read to its end within `timeout`.
    package func readToEnd(timeout: Duration = .seconds(60)) async throws(KafkaError) -> RetrainLedger {
        var catchUp = CatchUp(ends: try await start())
        var ledger = RetrainLedger()
        let deadline = ContinuousClock.now + timeout
        while !catchUp.isComplete {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(
                    code: .request,
                    message: "Could not read the retrain topic '\(topic)' to its end within \(timeout); check that "
                        + "the brokers are reachable")
            }
            let batch = try await read()
            apply(batch, to: &ledger)
            catchUp.advance(by: batch)
        }
        return ledger
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
