import Kafka
import Logging
import ServiceLifecycle

/// The consume–process–produce loop with at-least-once delivery.
///
/// For each polled batch: the processor's outputs are produced and **acknowledged by the broker** before the
/// batch's offsets are stored; stored offsets are committed every `commitInterval` and at shutdown. A crash
/// therefore re-reads at most the records whose outputs were not yet acknowledged or whose offsets were not yet
/// committed; alert and retrain ids are deterministic, so downstream consumers can drop the duplicates.
/// An output that cannot be delivered stops the pipeline (exit status 1) rather than committing past it.
public struct KafkaPipeline<Processor: RecordProcessor & Sendable>: Service {
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let topics: [String]
    private let processor: Processor
    private let logger: Logger
    private let commitInterval: Duration
    private let maxBatch: Int
    private let counters: PipelineCounters?
    private let health: ProcessorHealth?

    /// Creates the loop; nothing runs until `run()`.
    ///
    /// - Parameters:
    ///   - counters: where the consumer lag per partition and the assignment are recorded, every `commitInterval`,
    ///     and each batch's processing time.
    ///   - health: where the assignment and broker connections are reported for readiness probes.
    public init(
        consumer: KafkaConsumer, producer: KafkaProducer, topics: [String], processor: Processor, logger: Logger,
        counters: PipelineCounters? = nil, health: ProcessorHealth? = nil, commitInterval: Duration = .seconds(1),
        maxBatch: Int = 5000
    ) {
        self.consumer = consumer
        self.producer = producer
        self.topics = topics
        self.processor = processor
        self.logger = logger
        self.commitInterval = commitInterval
        self.maxBatch = maxBatch
        self.counters = counters
        self.health = health
    }

    /// Consumes until graceful shutdown, then finishes in-flight work, flushes the producer, commits and leaves
    /// the group.
    public func run() async throws {
        var processor = self.processor
        try consumer.subscribe(topics: topics)
        logger.info("Consuming", metadata: ["topics": "\(topics.joined(separator: ","))"])
        var lastCommit = ContinuousClock.now
        do {
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                for event in try await consumer.poll(maxMessages: maxBatch) {
                    try await handle(event, processor: &processor)
                }
                if ContinuousClock.now - lastCommit >= commitInterval {
                    await commit()
                    reportProgress()
                    lastCommit = ContinuousClock.now
                }
            }
        } catch {
            logger.error("Processing stopped: \(error)")
            await shutDown()
            throw error
        }
        await shutDown()
    }

    private func handle(_ event: KafkaConsumerEvent, processor: inout Processor) async throws {
        switch event {
        case .messages(let messages):
            let start = ContinuousClock.now
            try await produce(processor.process(messages))
            counters?.recordBatch(latency: ContinuousClock.now - start)
            var next: [KafkaTopicPartition: Int64] = [:]
            for message in messages { next[message.topicPartition] = message.offset + 1 }
            try consumer.storeOffsets(next)
        case .offsetReset(let reset):
            try await produce(processor.recordsLost(reset))
        case .partitionsRevoked(let partitions):
            processor.partitionsRevoked(partitions)
            reportProgress()
        case .partitionsAssigned:
            reportProgress()
        case .error(let error):
            logger.warning("Kafka: \(error)")
        }
    }

    /// Reports the assignment, lag and broker connections to the metrics and the readiness probe.
    private func reportProgress() {
        let assigned = (try? consumer.assignment()) ?? []
        counters?.recordAssignment(partitions: assigned.count)
        counters?.recordLag(consumer.lag(assigned))
        health?.recordAssignment(partitions: assigned.count)
        health?.recordConnectedBrokers(consumer.connectedBrokers)
    }

    /// Produces outputs and waits until the broker acknowledged every one.
    private func produce(_ outputs: [KafkaProducerMessage]) async throws {
        guard !outputs.isEmpty else { return }
        for result in try await producer.sendBatch(outputs) {
            _ = try result.get()
        }
    }

    private func commit() async {
        do {
            try await consumer.commit()
        } catch {
            logger.warning("Committing offsets failed; retrying at the next interval: \(error)")
        }
    }

    private func shutDown() async {
        await commit()
        await producer.close()
        await consumer.close()
        logger.info("Stopped: outputs flushed, offsets committed")
    }
}
