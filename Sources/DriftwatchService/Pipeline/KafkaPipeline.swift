import DriftEngine
import Kafka
import Logging
import ServiceLifecycle

/// The consume–process–produce loop: at-least-once outputs, effectively-once state.
///
/// For each polled batch the processor's outputs are produced and **acknowledged by the broker** before the next
/// batch. With a state changelog (what `driftwatch run` uses), input offsets are stored and committed only with a
/// checkpoint of the state that covers them: every `checkpointEvents` records or `checkpointInterval`, on revoke and
/// at shutdown. Newly assigned partitions are restored from the state topic before any of their records is read,
/// and consumption starts where the restored state left off, so no record is counted twice or skipped by the
/// monitors; outputs after the last checkpoint are produced again with the same ids (see ARCHITECTURE.md, "Durable
/// state"). Without a changelog, offsets are stored after each batch and committed every `checkpointInterval`.
/// An output or checkpoint that cannot be delivered stops the pipeline (exit status 1) rather than committing
/// past it.
public struct KafkaPipeline<Processor: RecordProcessor & Sendable>: Service {
    /// Where and how often state is checkpointed.
    package struct StateSettings: Sendable {
        package var changelog: StateChangelog
        package var checkpointEvents: Int

        package init(changelog: StateChangelog, checkpointEvents: Int) {
            self.changelog = changelog
            self.checkpointEvents = checkpointEvents
        }
    }

    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let topics: [String]
    private let processor: Processor
    private let logger: Logger
    private let checkpointInterval: Duration
    private let maxBatch: Int
    private let counters: PipelineCounters?
    private let health: ProcessorHealth?
    private let state: StateSettings?

    /// Creates the loop; nothing runs until `run()`.
    ///
    /// - Parameters:
    ///   - topics: the input topics, co-partitioned: partition `P` of each belongs to the same state.
    ///   - counters: where the consumer lag per partition, the assignment, each batch's processing time and the
    ///     checkpoints are recorded.
    ///   - health: where the assignment, broker connections and the loop's heartbeat are reported for probes.
    ///   - state: the state changelog; the consumer must defer its assignments
    ///     (`KafkaConsumerConfiguration.defersAssignment`). `nil` keeps state in memory only.
    public init(
        consumer: KafkaConsumer, producer: KafkaProducer, topics: [String], processor: Processor, logger: Logger,
        counters: PipelineCounters? = nil, health: ProcessorHealth? = nil, checkpointInterval: Duration = .seconds(1),
        maxBatch: Int = 5000
    ) {
        self.init(
            consumer: consumer, producer: producer, topics: topics, processor: processor, logger: logger,
            counters: counters, health: health, state: nil, checkpointInterval: checkpointInterval, maxBatch: maxBatch)
    }

    package init(
        consumer: KafkaConsumer, producer: KafkaProducer, topics: [String], processor: Processor, logger: Logger,
        counters: PipelineCounters?, health: ProcessorHealth?, state: StateSettings?, checkpointInterval: Duration,
        maxBatch: Int = 5000
    ) {
        self.consumer = consumer
        self.producer = producer
        self.topics = topics
        self.processor = processor
        self.logger = logger
        self.checkpointInterval = checkpointInterval
        self.maxBatch = maxBatch
        self.counters = counters
        self.health = health
        self.state = state
    }

    /// What the loop tracks between checkpoints.
    private struct Progress {
        var processor: Processor
        var changelog: StateChangelog?
        /// Input partitions (by number) with records since their last checkpoint.
        var touched: Set<Int32> = []
        var eventsSinceCheckpoint = 0
        var lastCheckpoint = ContinuousClock.now
        /// Whether stored offsets wait for a commit that failed (the group refuses commits while it rebalances);
        /// it is retried every second, so that an idle partition's offsets do not stay behind.
        var commitPending = false
    }

    /// Consumes until graceful shutdown, then finishes in-flight work, checkpoints, flushes the producer, commits
    /// and leaves the group.
    public func run() async throws {
        var progress = Progress(processor: processor, changelog: state?.changelog)
        do {
            try await progress.changelog?.prepare()
        } catch {
            logger.error("Cannot use the state topic: \(error)")
            await shutDown()
            throw error
        }
        try consumer.subscribe(topics: topics)
        logger.info(
            "Consuming",
            metadata: ["topics": "\(topics.joined(separator: ","))", LogKey.librdkafka: "\(KafkaLibrary.version)"])
        var lastReport = ContinuousClock.now
        do {
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                health?.recordHeartbeat()
                let updated = progress.processor.applyUpdates { health?.recordHeartbeat() }
                if !updated.outputs.isEmpty { try await produce(updated.outputs) }
                progress.touched.formUnion(updated.changedPartitions)
                for event in try await consumer.poll(maxMessages: maxBatch) {
                    try await handle(event, &progress)
                }
                let elapsed = ContinuousClock.now - progress.lastCheckpoint
                if progress.changelog == nil {
                    if elapsed >= checkpointInterval {
                        progress.commitPending = !(await commit())
                        progress.lastCheckpoint = ContinuousClock.now
                    }
                } else if progress.eventsSinceCheckpoint >= (state?.checkpointEvents ?? .max)
                    || (elapsed >= checkpointInterval && !progress.touched.isEmpty)
                {
                    try await checkpoint(progress.touched, &progress)
                }
                if ContinuousClock.now - lastReport >= .seconds(1) {
                    if progress.commitPending { progress.commitPending = !(await commit()) }
                    reportProgress()
                    lastReport = ContinuousClock.now
                }
            }
            if progress.changelog != nil {
                try await checkpoint(progress.touched, &progress)
            }
        } catch {
            logger.error("Processing stopped: \(error)")
            await shutDown()
            throw error
        }
        await shutDown()
    }

    private func handle(_ event: KafkaConsumerEvent, _ progress: inout Progress) async throws {
        switch event {
        case .messages(let messages):
            let start = ContinuousClock.now
            try await produce(progress.processor.process(messages), replacingOversizedWith: progress.processor)
            counters?.recordBatch(latency: ContinuousClock.now - start)
            if progress.changelog == nil {
                var next: [KafkaTopicPartition: Int64] = [:]
                for message in messages { next[message.topicPartition] = message.offset + 1 }
                try consumer.storeOffsets(next)
            } else {
                progress.eventsSinceCheckpoint += messages.count
                for message in messages { progress.touched.insert(message.topicPartition.partition) }
            }
        case .offsetReset(let reset):
            try await produce(progress.processor.recordsLost(reset))
            progress.touched.insert(reset.topicPartition.partition)
        case .partitionsRevoked(let partitions):
            let numbers = Set(partitions.map(\.partition))
            if progress.changelog != nil {
                try await checkpoint(numbers.intersection(progress.touched), &progress)
            }
            progress.processor.partitionsRevoked(numbers)
            progress.changelog?.forget(numbers)
        case .partitionsAssigned(let partitions):
            if progress.changelog != nil {
                try await restore(partitions, &progress)
            }
            reportProgress()
        case .error(let error):
            logger.warning("Kafka: \(error)")
        }
    }

    /// Restores the state of newly assigned partitions, then starts them where that state left off.
    private func restore(_ partitions: [KafkaTopicPartition], _ progress: inout Progress) async throws {
        var starts: [KafkaTopicPartition: Int64] = [:]
        for number in Set(partitions.map(\.partition)).sorted() {
            health?.recordHeartbeat()
            let start = ContinuousClock.now
            guard let restored = try await progress.changelog?.restore(partition: number) else { continue }
            let failures =
                restored.failures
                + progress.processor.restore(
                    partition: number, records: restored.records, positions: restored.positions ?? InputPositions())
            for failure in failures {
                logger.error(
                    "Discarded unreadable state; what it held starts afresh (a model version warms up again)",
                    metadata: [
                        LogKey.partition: "\(number)", LogKey.stateKey: "\(failure.key)",
                        LogKey.reason: "\(failure.reason)",
                    ])
            }
            let duration = ContinuousClock.now - start
            counters?.recordRestore(duration: duration, failures: failures.count)
            logger.info(
                restored.positions == nil ? "No saved state; starting afresh" : "Restored state",
                metadata: [
                    LogKey.partition: "\(number)", LogKey.records: "\(restored.recordCount)",
                    LogKey.bytes: "\(restored.byteCount)", LogKey.durationMilliseconds: "\(duration.milliseconds)",
                ])
            if progress.changelog?.needsRewrite(number) == true { progress.touched.insert(number) }
            guard let positions = restored.positions else { continue }
            for partition in partitions where partition.partition == number {
                let offset = partition.topic == topics.first ? positions.predictions : positions.outcomes
                if let offset { starts[partition] = offset }
            }
        }
        try await consumer.completeAssignment(startingAt: starts)
        // The previous owner's last commit may have failed (a commit while the group rebalances is refused): the
        // restored positions are what the state covers, so they are committed now rather than at the next
        // checkpoint, which an idle partition might never reach.
        guard !starts.isEmpty else { return }
        try consumer.storeOffsets(starts)
        progress.commitPending = !(await commit())
    }

    /// The state bytes up to which the checkpoints of several partitions are written as one batch: their round
    /// trips overlap, and what is held in memory at once stays bounded however many model versions changed.
    static var checkpointBatchBytes: Int { 16 << 20 }

    /// Writes checkpoints of partitions, then stores and commits the input offsets they cover.
    private func checkpoint(_ partitions: Set<Int32>, _ progress: inout Progress) async throws {
        var offsets: [KafkaTopicPartition: Int64] = [:]
        var batch: [Int32: PartitionCheckpoint] = [:]
        var batchBytes = 0
        for (index, number) in partitions.sorted().enumerated() {
            if let checkpoint = progress.processor.checkpoint(partition: number) {
                batch[number] = checkpoint
                batchBytes += checkpoint.records.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
                if let offset = checkpoint.positions.predictions, let topic = topics.first {
                    offsets[KafkaTopicPartition(topic: topic, partition: number)] = offset
                }
                if let offset = checkpoint.positions.outcomes, topics.count > 1 {
                    offsets[KafkaTopicPartition(topic: topics[1], partition: number)] = offset
                }
            }
            guard batchBytes >= Self.checkpointBatchBytes || index == partitions.count - 1, !batch.isEmpty else {
                continue
            }
            let written = try await progress.changelog?.write(batch) ?? [:]
            for number in batch.keys.sorted() { counters?.recordCheckpoint(bytes: written[number] ?? 0) }
            (batch, batchBytes) = ([:], 0)
        }
        progress.touched.subtract(partitions)
        progress.eventsSinceCheckpoint = 0
        progress.lastCheckpoint = ContinuousClock.now
        guard !offsets.isEmpty else { return }
        try consumer.storeOffsets(offsets)
        progress.commitPending = !(await commit())
    }

    /// Reports the assignment, lag and broker connections to the metrics and the readiness probe.
    private func reportProgress() {
        let assigned = (try? consumer.assignment()) ?? []
        counters?.recordAssignment(partitions: assigned.count)
        counters?.recordLag(consumer.lag(assigned))
        health?.recordAssignment(partitions: assigned.count)
        health?.recordConnectedBrokers(consumer.connectedBrokers)
    }

    /// Produces outputs and waits until the broker acknowledged every one; one refused as too large is produced
    /// again in the smaller form `processor` gives it, if it has one.
    private func produce(_ outputs: [KafkaProducerMessage], replacingOversizedWith processor: Processor? = nil)
        async throws
    {
        guard !outputs.isEmpty else { return }
        let results = try await producer.sendBatch(outputs)
        var replacements: [KafkaProducerMessage] = []
        for (output, result) in zip(outputs, results) {
            guard case .failure(let error) = result else { continue }
            guard error.isRecordTooLarge, let replacement = processor?.replacement(forOversized: output) else {
                throw error
            }
            logger.warning(
                "An output was too large for its topic; produced again without the original record's bytes",
                metadata: [LogKey.topic: "\(output.topic)", LogKey.reason: "\(error.message)"])
            replacements.append(replacement)
        }
        guard !replacements.isEmpty else { return }
        for result in try await producer.sendBatch(replacements) {
            _ = try result.get()
        }
    }

    /// Commits the stored offsets; whether it worked (a failure is retried by the loop).
    @discardableResult
    private func commit() async -> Bool {
        do {
            try await consumer.commit()
            return true
        } catch {
            logger.warning("Committing offsets failed; retrying in a second: \(error)")
            return false
        }
    }

    private func shutDown() async {
        await commit()
        await producer.close()
        await consumer.close()
        logger.info("Stopped: outputs flushed, offsets committed")
    }
}
