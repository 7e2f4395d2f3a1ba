import Logging
import Metrics

/// A member of a Kafka consumer group, read by polling in batches from async Swift code.
///
/// At-least-once processing with this consumer:
/// 1. `subscribe(topics:)`, then call `poll()` in a loop;
/// 2. process each `.messages` batch; once the outputs a message caused are safely stored, mark it done with
///    `storeOffset(for:)` (or `storeOffsets(_:)`);
/// 3. call `commit()` from time to time: only stored offsets are committed, so a crash re-reads at most what
///    was processed but not yet committed;
/// 4. on `.partitionsRevoked`, finish those partitions' work and store their offsets before the next `poll()`,
///    which commits them and releases the partitions;
/// 5. `close()` commits what is stored and leaves the group.
///
/// Every blocking librdkafka call runs on the consumer's own thread, never on Swift's cooperative pool.
/// Records are fetched only while the caller polls, so a slow caller applies back-pressure to the broker.
public final class KafkaConsumer: Sendable {
    private struct State {
        /// Partitions revoked by the group and reported to the caller, released at the next poll.
        var pendingRevocation: [KafkaTopicPartition]?
        /// Partitions the group assigned that wait for `completeAssignment(startingAt:)`.
        var pendingAssignment: [KafkaTopicPartition]?
        /// The offset (or logical offset) each assigned partition was last started at. An offset reset of one
        /// partition re-assigns the others under the eager protocol, and a partition that has not delivered a
        /// record yet has no position to restart from: it restarts here instead.
        var startOffsets: [KafkaTopicPartition: Int64] = [:]
        var isClosed = false
    }

    private let client: RDKafkaClient
    /// The consumer queue (`rd_kafka_queue_get_consumer`), wrapped for `Sendable`.
    private let consumerQueue: RDKafkaQueue
    private let worker: BlockingWorker
    private let state = LockedValue(State())
    private let offsetReset: KafkaConsumerConfiguration.OffsetReset
    private let defersAssignment: Bool
    /// The offset-reset counters, when the caller named them.
    private let counters: (offsetResets: Counter, skippedMessages: Counter)?
    private let offsetResetTotal = LockedValue(0)

    /// Creates a consumer (`rd_kafka_new`) and joins no group yet.
    ///
    /// - Parameters:
    ///   - configuration: brokers, group, pass-through properties.
    ///   - logger: receives librdkafka's logs and the consumer's own reports.
    ///   - metricNames: the names of the counters of offset resets and of the records they skipped; `nil` keeps no
    ///     counters (resets are still reported by `poll()`, logged and counted in `offsetResetCount`).
    ///   - metricsFactory: where the counters go.
    /// - Throws: `KafkaError.Code.configuration` naming a rejected property; `.clientCreation`.
    public init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger,
        metricNames: KafkaConsumerMetricNames? = nil,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(KafkaError) {
        client = try RDKafkaClient(
            kind: .consumer,
            properties: configuration.rdKafkaProperties(),
            events: [.fetch, .rebalance, .offsetCommit],
            logger: logger
        )
        consumerQueue = client.consumerQueue()
        worker = BlockingWorker(label: "driftwatch.kafka.consumer")
        offsetReset = configuration.offsetReset
        defersAssignment = configuration.defersAssignment
        counters = metricNames.map { names in
            (
                Counter(label: names.offsetResets, factory: metricsFactory),
                Counter(label: names.skippedMessages, factory: metricsFactory)
            )
        }
    }

    deinit {
        if !state.value.isClosed {
            worker.runAndWait { closeOnWorker() }
        }
    }

    /// Subscribes to topics (`rd_kafka_subscribe`); partitions arrive as `.partitionsAssigned` from `poll()`.
    ///
    /// - Throws: `KafkaError.Code.request` if librdkafka refuses the subscription.
    public func subscribe(topics: [String]) throws(KafkaError) {
        try client.subscribe(topics: topics)
    }

    /// Waits up to `timeout` for something to happen and returns it, in order.
    ///
    /// Releases partitions revoked by the previous poll first (after committing their stored offsets).
    /// Returns an empty array when nothing happened within `timeout`.
    ///
    /// - Parameters:
    ///   - maxMessages: the most records one call returns.
    ///   - timeout: how long to wait for the first event.
    /// - Throws: `KafkaError.Code.fatal` when the client failed fatally; `.closed` after `close()`.
    public func poll(maxMessages: Int = 1000, timeout: Duration = .milliseconds(100)) async throws(KafkaError)
        -> [KafkaConsumerEvent]
    {
        try await worker.run { () throws(KafkaError) in
            try self.pollOnWorker(maxMessages: maxMessages, timeout: timeout)
        }
    }

    /// Starts the partitions of a deferred assignment (see `KafkaConsumerConfiguration.defersAssignment`): those in
    /// `offsets` at the given offset, the others at their committed offset (or by the reset policy).
    ///
    /// Call it after a poll returned `.partitionsAssigned` and before polling again; a poll that finds the assignment
    /// still pending completes it at the committed offsets.
    public func completeAssignment(startingAt offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        try await worker.run { () throws(KafkaError) in try self.completeAssignmentOnWorker(startingAt: offsets) }
    }

    /// Reads the given partitions outside any group, from the given offsets (`rd_kafka_assign`): for a consumer
    /// that restores state from a topic. Replaces whatever was assigned before.
    public func assign(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        try await worker.run { () throws(KafkaError) in
            func failure() -> String { "Cannot assign \(offsets.keys.sorted())" }
            if offsets.isEmpty {
                try self.client.unassignAll(context: failure())
            } else {
                try self.client.assign(
                    RDKafkaTopicPartitionList(offsets.map { ($0.key, offset: $0.value) }), context: failure())
            }
            self.state.withLock { $0.startOffsets = offsets }
        }
    }

    /// The low and high watermarks of a partition, asked of its leader (`rd_kafka_query_watermark_offsets`): the
    /// first offset still on the broker and the offset the next record will get.
    public func watermarks(_ partition: KafkaTopicPartition, timeout: Duration = .seconds(10))
        async throws(KafkaError) -> (low: Int64, high: Int64)
    {
        try await worker.run { () throws(KafkaError) in
            try self.client.queryWatermarks(partition, timeout: timeout)
        }
    }

    /// Marks a record as processed: its partition's next commit covers it (`rd_kafka_offsets_store`).
    public func storeOffset(for message: KafkaConsumerMessage) throws(KafkaError) {
        try storeOffsets([message.topicPartition: message.offset + 1])
    }

    /// Marks records as processed, by the offset of the next record to read in each partition.
    ///
    /// - Throws: `KafkaError.Code.request` when a partition is not assigned to this consumer.
    public func storeOffsets(_ nextOffsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        guard !nextOffsets.isEmpty else { return }
        try client.storeOffsets(RDKafkaTopicPartitionList(nextOffsets.map { ($0.key, offset: $0.value) }))
    }

    /// Commits the stored offsets and waits for the group coordinator to acknowledge them (`rd_kafka_commit`).
    ///
    /// - Throws: `KafkaError.Code.request` when the commit fails; it is retriable when `isRetriable` says so.
    public func commit() async throws(KafkaError) {
        try await worker.run { () throws(KafkaError) in try self.commitOnWorker() }
    }

    /// The committed offsets of partitions, as the group coordinator has them (`rd_kafka_committed`).
    ///
    /// - Returns: the next offset to read per partition; partitions without a committed offset are absent.
    public func committedOffsets(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10))
        async throws(KafkaError) -> [KafkaTopicPartition: Int64]
    {
        try await worker.run { () throws(KafkaError) in
            var list = RDKafkaTopicPartitionList(partitions)
            try self.client.fillCommittedOffsets(&list, timeout: timeout)
            return list.validOffsets
        }
    }

    /// The partitions currently assigned to this consumer (`rd_kafka_assignment`).
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        try client.assignment().sorted()
    }

    /// The next offset this consumer will read per partition (`rd_kafka_position`); absent before the first
    /// record of a partition was consumed.
    public func positions(_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: Int64] {
        var list = RDKafkaTopicPartitionList(partitions)
        client.fillPositions(&list)
        return list.validOffsets
    }

    /// How many records each partition holds beyond this consumer's position, from the high watermarks of the
    /// latest fetch responses (`rd_kafka_get_watermark_offsets`; no request is sent).
    public func lag(_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: Int64] {
        var result: [KafkaTopicPartition: Int64] = [:]
        for (partition, position) in positions(partitions) {
            if let high = fetchedHighWatermark(partition) {
                result[partition] = max(0, high - position)
            }
        }
        return result
    }

    /// The high watermark of a partition in the latest fetch response (`rd_kafka_get_watermark_offsets`; no
    /// request is sent), or `nil` before the first fetch.
    ///
    /// Some Kafka-compatible brokers answer `ListOffsets` (which ``watermarks(_:timeout:)`` sends) with a high
    /// watermark short of the end while their fetch responses carry the right one; see the README's Kafka section.
    public func fetchedHighWatermark(_ partition: KafkaTopicPartition) -> Int64? {
        guard let high = client.fetchedWatermarks(partition)?.high, high >= 0 else { return nil }
        return high
    }

    /// How many offset resets (data lost before it was read) this consumer has reported.
    public var offsetResetCount: Int { offsetResetTotal.value }

    /// The latest statistics JSON from librdkafka, when `statisticsInterval` is set.
    public var statistics: String? { client.latestStatistics }

    /// How many brokers the consumer is connected to, from the latest statistics; `nil` before the first
    /// statistics arrive (they need `statisticsInterval`).
    public var connectedBrokers: Int? {
        client.latestStatistics.flatMap { BrokerStatistics.connectedBrokers(inStatistics: $0) }
    }

    /// Commits the stored offsets, leaves the group and stops (`rd_kafka_consumer_close_queue`).
    ///
    /// Calling it again does nothing. Afterwards `poll()` throws `KafkaError.Code.closed`.
    public func close() async {
        _ = try? await worker.run { self.closeOnWorker() }
    }

    // MARK: - On the worker thread

    private func pollOnWorker(maxMessages: Int, timeout: Duration) throws(KafkaError) -> [KafkaConsumerEvent] {
        guard !state.value.isClosed else {
            throw KafkaError(code: .closed, message: "The consumer is closed; create a new one.")
        }
        try releasePendingRevocation()
        if state.value.pendingAssignment != nil {
            client.logger.warning("Polled before completing a deferred assignment: starting at committed offsets")
            try completeAssignmentOnWorker(startingAt: [:])
        }
        var collector = EventCollector()
        var waitMilliseconds = Int32(clamping: timeout.milliseconds)
        // Events other than records (errors, resets) can arrive without pause; returning by this deadline keeps
        // the caller's loop, its shutdown and its health reports going whatever librdkafka reports.
        let deadline = ContinuousClock.now + max(timeout, .milliseconds(100))
        while collector.messageCount < maxMessages, ContinuousClock.now < deadline {
            let continuation = try consumerQueue.poll(timeoutMilliseconds: waitMilliseconds) {
                event throws(KafkaError) in try handle(event, into: &collector)
            }
            // No event within the wait, or one after which this poll returns.
            guard continuation == .goOn else { break }
            waitMilliseconds = 0
        }
        return collector.finish()
    }

    private enum Continuation { case goOn, stop }

    private func handle(_ event: RDKafkaEvent, into collector: inout EventCollector) throws(KafkaError) -> Continuation
    {
        switch event.kind {
        case .fetch:
            while let message = event.nextMessage() {
                if message.error == .noError {
                    collector.append(KafkaConsumerMessage(message))
                } else {
                    try handleFailedFetch(message, into: &collector)
                }
            }
            return .goOn
        case .rebalance:
            return try handleRebalance(event, into: &collector)
        case .offsetCommit:
            return .goOn
        case .error where event.topicPartition != nil:
            try handlePartitionError(event, into: &collector)
            return .goOn
        default:
            let (_, fatal) = client.handleCommonEvent(event)
            if let fatal { throw fatal }
            return .goOn
        }
    }

    private func handleRebalance(_ event: RDKafkaEvent, into collector: inout EventCollector) throws(KafkaError)
        -> Continuation
    {
        let partitions = event.topicPartitions.sorted()
        switch event.error {
        case .assignPartitions where defersAssignment:
            client.logger.info("Partitions assigned", metadata: [LogKey.partition: "\(partitions)"])
            state.withLock { $0.pendingAssignment = partitions }
            collector.append(.partitionsAssigned(partitions))
            return .stop
        case .assignPartitions:
            var starting = event.copyTopicPartitionList()
            setStartingOffsets(&starting)
            try changeAssignment(starting, assign: true)
            client.logger.info("Partitions assigned", metadata: [LogKey.partition: "\(partitions)"])
            collector.append(.partitionsAssigned(partitions))
            return .goOn
        case .revokePartitions:
            client.logger.info("Partitions revoked", metadata: [LogKey.partition: "\(partitions)"])
            state.withLock { $0.pendingRevocation = partitions }
            collector.append(.partitionsRevoked(partitions))
            return .stop
        default:
            let error = KafkaError(code: .request, event.error, context: "Rebalance failed")
            try unassignAll()
            collector.append(.error(error))
            return .goOn
        }
    }

    /// Sets newly assigned partitions to their starting offsets: the committed offset where there is one, else the
    /// configured reset position. A committed offset the broker no longer has is reported when the fetch fails (see
    /// `resetPosition`).
    private func setStartingOffsets(_ list: inout RDKafkaTopicPartitionList) {
        do {
            try client.fillCommittedOffsets(&list, timeout: .seconds(10))
        } catch {
            // Unknown: librdkafka fetches the committed offsets itself and reports a missing one as an offset
            // reset without an offset, which `resetPosition` applies.
            return
        }
        list.replaceLogicalOffsets(with: RDKafkaOffset.start(of: offsetReset))
    }

    private func completeAssignmentOnWorker(startingAt offsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        guard
            let pending = state.withLock({ state in
                defer { state.pendingAssignment = nil }
                return state.pendingAssignment
            })
        else { return }
        var starting = RDKafkaTopicPartitionList(pending)
        setStartingOffsets(&starting)
        starting.setOffsets(offsets)
        try changeAssignment(starting, assign: true)
    }

    /// Commits the stored offsets of revoked partitions and releases them.
    private func releasePendingRevocation() throws(KafkaError) {
        guard
            let revoked = state.withLock({ state in
                let pending = state.pendingRevocation
                state.pendingRevocation = nil
                return pending
            })
        else { return }
        do {
            try commitOnWorker()
        } catch {
            client.logger.warning("Could not commit offsets of revoked partitions: \(error)")
        }
        try changeAssignment(RDKafkaTopicPartitionList(revoked), assign: false)
    }

    /// Whether the group uses the cooperative (incremental) rebalance protocol rather than the eager one.
    private var isCooperative: Bool {
        client.rebalanceProtocol == "COOPERATIVE"
    }

    /// Applies an assignment change with the group's protocol: incremental for cooperative, whole for eager.
    private func changeAssignment(_ list: borrowing RDKafkaTopicPartitionList, assign: Bool) throws(KafkaError) {
        let incremental = isCooperative
        if incremental {
            try assign ? client.incrementalAssign(list) : client.incrementalUnassign(list)
        } else if assign {
            try client.assign(list)
        } else {
            try client.unassignAll()
        }
        let elements = list.elements
        state.withLock { state in
            if !incremental { state.startOffsets = [:] }
            for (partition, offset, _) in elements { state.startOffsets[partition] = assign ? offset : nil }
        }
    }

    /// Releases every assigned partition, whatever the group's protocol.
    private func unassignAll() throws(KafkaError) {
        try client.unassignAll()
        state.withLock { $0.startOffsets = [:] }
    }

    /// Handles a partition-level consumer error: an offset reset is applied and reported, others are passed on.
    private func handlePartitionError(_ event: RDKafkaEvent, into collector: inout EventCollector) throws(KafkaError) {
        let (topicPartition, offset) = event.topicPartition!
        try handleConsumerError(
            event.error, topicPartition: topicPartition, offset: offset, reason: event.errorString, into: &collector
        )
    }

    /// Handles a consumer error delivered in place of a record.
    private func handleFailedFetch(_ message: RDKafkaMessage, into collector: inout EventCollector)
        throws(KafkaError)
    {
        try handleConsumerError(
            message.error, topicPartition: message.topicPartition, offset: message.offset,
            reason: message.errorReason, into: &collector
        )
    }

    private func handleConsumerError(
        _ error: KafkaErrorCode, topicPartition: KafkaTopicPartition, offset: Int64, reason: String,
        into collector: inout EventCollector
    ) throws(KafkaError) {
        switch error {
        case .partitionEOF:
            return
        case .autoOffsetReset:
            if let reset = try resetPosition(topicPartition, requestedOffset: offset, reason: reason) {
                collector.append(.offsetReset(reset))
            }
        default:
            if client.hasFatalError {
                throw client.fatalError()
            }
            collector.append(.error(KafkaError(code: .request, error, context: "Fetch from \(topicPartition) failed")))
        }
    }

    /// Moves a partition whose offset is gone to the configured reset position, reporting lost data.
    ///
    /// A partition without any committed offset simply starts by the policy; that loses nothing and is not
    /// reported.
    private func resetPosition(_ topicPartition: KafkaTopicPartition, requestedOffset: Int64, reason: String)
        throws(KafkaError) -> KafkaOffsetReset?
    {
        guard requestedOffset >= 0 else {
            try seek(topicPartition, to: RDKafkaOffset.start(of: offsetReset))
            return nil
        }
        let (low, high) = try client.queryWatermarks(topicPartition, timeout: .seconds(10))
        let resumed = offsetReset == .earliest ? low : high
        let reset = KafkaOffsetReset(
            topicPartition: topicPartition, requestedOffset: requestedOffset, resumedOffset: resumed, reason: reason
        )
        offsetResetTotal.withLock { $0 += 1 }
        counters?.offsetResets.increment()
        counters?.skippedMessages.increment(by: Int(reset.skippedMessages))
        client.logger.error(
            """
            Records were lost before they could be read: the committed offset is no longer on the broker \
            (retention, or the partition was recreated). Consumption resumes at \(resumed).
            """,
            metadata: [
                LogKey.topic: "\(topicPartition.topic)", LogKey.partition: "\(topicPartition.partition)",
                LogKey.offset: "\(requestedOffset)", LogKey.lostMessages: "\(reset.skippedMessages)",
            ]
        )
        try seek(topicPartition, to: resumed)
        return reset
    }

    /// Restarts a partition stopped by an offset reset at `offset`, by assigning it again: librdkafka does not
    /// resume fetching a partition in that state when it is merely sought.
    private func seek(_ topicPartition: KafkaTopicPartition, to offset: Int64) throws(KafkaError) {
        if isCooperative {
            let single = RDKafkaTopicPartitionList([(topicPartition, offset: offset)])
            try changeAssignment(single, assign: false)
            try changeAssignment(single, assign: true)
        } else {
            // The eager protocol only replaces the whole assignment: the others restart where they are, or where
            // they were started if they have not delivered a record yet.
            let current = try assignment()
            let positions = positions(current)
            let starts = state.value.startOffsets
            let list = RDKafkaTopicPartitionList(
                current.map { partition in
                    let position = positions[partition] ?? starts[partition] ?? RDKafkaOffset.invalid
                    return (partition, offset: partition == topicPartition ? offset : position)
                })
            try changeAssignment(list, assign: true)
        }
    }

    private func commitOnWorker() throws(KafkaError) {
        try client.commitStoredOffsets()
    }

    private func closeOnWorker() {
        guard !state.value.isClosed else { return }
        state.withLock {
            $0.pendingRevocation = nil
            $0.pendingAssignment = nil
        }
        do {
            try commitOnWorker()
        } catch {
            client.logger.warning("Could not commit offsets before closing: \(error)")
        }
        do {
            try client.closeConsumer(onRebalance: { try? unassignAll() })
        } catch {
            client.logger.warning("\(error)")
        }
        state.withLock { $0.isClosed = true }
        consumerQueue.destroy()
    }
}

/// Collects a poll's events in order, batching consecutive records into one `.messages` event.
private struct EventCollector {
    private var events: [KafkaConsumerEvent] = []
    private var messages: [KafkaConsumerMessage] = []
    private(set) var messageCount = 0

    mutating func append(_ message: KafkaConsumerMessage) {
        messages.append(message)
        messageCount += 1
    }

    mutating func append(_ event: KafkaConsumerEvent) {
        flushMessages()
        events.append(event)
    }

    mutating func finish() -> [KafkaConsumerEvent] {
        flushMessages()
        return events
    }

    private mutating func flushMessages() {
        guard !messages.isEmpty else { return }
        events.append(.messages(messages))
        messages = []
    }
}
