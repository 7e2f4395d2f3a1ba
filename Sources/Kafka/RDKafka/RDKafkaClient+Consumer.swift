import CRdKafka

/// What a failed change of the assignment says by default.
private let assignmentChangeFailure = "Cannot change the assignment"

/// The consumer calls of librdkafka, with Swift values in and out and failures as `KafkaError.Code.request`.
extension RDKafkaClient {
    /// Sends the main queue's events to the consumer queue (`rd_kafka_poll_set_consumer`) and returns that queue
    /// (`rd_kafka_queue_get_consumer`), which the caller destroys.
    func consumerQueue() -> RDKafkaQueue {
        rd_kafka_poll_set_consumer(handle)
        return RDKafkaQueue(rd_kafka_queue_get_consumer(handle)!)
    }

    /// Subscribes to topics (`rd_kafka_subscribe`).
    func subscribe(topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(topics.map { KafkaTopicPartition(topic: $0, partition: -1) })
        let result = KafkaErrorCode(rd_kafka_subscribe(handle, list.pointer))
        guard result == .noError else {
            throw KafkaError(code: .request, result, context: "Cannot subscribe to \(topics.joined(separator: ", "))")
        }
    }

    /// Replaces the whole assignment with `list` (`rd_kafka_assign`).
    ///
    /// - Parameter context: what the error says failed.
    func assign(
        _ list: borrowing RDKafkaTopicPartitionList, context: @autoclosure () -> String = assignmentChangeFailure
    ) throws(KafkaError) {
        try check(rd_kafka_assign(handle, list.pointer), context())
    }

    /// Releases every assigned partition (`rd_kafka_assign` with no list).
    ///
    /// - Parameter context: what the error says failed.
    func unassignAll(context: @autoclosure () -> String = assignmentChangeFailure) throws(KafkaError) {
        try check(rd_kafka_assign(handle, nil), context())
    }

    /// Adds partitions to the assignment (`rd_kafka_incremental_assign`), for the cooperative protocol.
    func incrementalAssign(_ list: borrowing RDKafkaTopicPartitionList) throws(KafkaError) {
        if let error = rd_kafka_incremental_assign(handle, list.pointer) {
            throw KafkaError(code: .request, consuming: error, context: assignmentChangeFailure)
        }
    }

    /// Removes partitions from the assignment (`rd_kafka_incremental_unassign`), for the cooperative protocol.
    func incrementalUnassign(_ list: borrowing RDKafkaTopicPartitionList) throws(KafkaError) {
        if let error = rd_kafka_incremental_unassign(handle, list.pointer) {
            throw KafkaError(code: .request, consuming: error, context: assignmentChangeFailure)
        }
    }

    /// The group's rebalance protocol (`rd_kafka_rebalance_protocol`): `COOPERATIVE`, `EAGER` or `NONE`.
    var rebalanceProtocol: String { String(cString: rd_kafka_rebalance_protocol(handle)) }

    /// The partitions currently assigned (`rd_kafka_assignment`), in librdkafka's order.
    func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let result = KafkaErrorCode(rd_kafka_assignment(handle, &list))
        guard result == .noError, let list else {
            throw KafkaError(code: .request, result, context: "Cannot read the assignment")
        }
        return RDKafkaTopicPartitionList(adopting: list).elements.map(\.0)
    }

    /// The low and high watermarks of a partition, asked of its leader (`rd_kafka_query_watermark_offsets`).
    func queryWatermarks(_ partition: KafkaTopicPartition, timeout: Duration) throws(KafkaError)
        -> (low: Int64, high: Int64)
    {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = KafkaErrorCode(
            rd_kafka_query_watermark_offsets(
                handle, partition.topic, partition.partition, &low, &high, Int32(clamping: timeout.milliseconds)))
        guard result == .noError else {
            throw KafkaError(code: .request, result, context: "Cannot read the offsets of \(partition)")
        }
        return (low, high)
    }

    /// The watermarks of a partition in the latest fetch response (`rd_kafka_get_watermark_offsets`; no request is
    /// sent); `nil` when librdkafka knows none.
    func fetchedWatermarks(_ partition: KafkaTopicPartition) -> (low: Int64, high: Int64)? {
        var low: Int64 = 0
        var high: Int64 = 0
        let found = rd_kafka_get_watermark_offsets(handle, partition.topic, partition.partition, &low, &high)
        return found == RD_KAFKA_RESP_ERR_NO_ERROR ? (low, high) : nil
    }

    /// Sets each partition's offset in `list` to the next one this consumer will read (`rd_kafka_position`); an
    /// invalid offset before the partition's first record.
    func fillPositions(_ list: inout RDKafkaTopicPartitionList) {
        _ = rd_kafka_position(handle, list.pointer)
    }

    /// Sets each partition's offset in `list` to its committed offset, as the group coordinator has it
    /// (`rd_kafka_committed`); an invalid offset where there is none.
    func fillCommittedOffsets(_ list: inout RDKafkaTopicPartitionList, timeout: Duration) throws(KafkaError) {
        try check(
            rd_kafka_committed(handle, list.pointer, Int32(clamping: timeout.milliseconds)),
            "Cannot read committed offsets")
    }

    /// Stores the offsets in `list` for the next commit (`rd_kafka_offsets_store`).
    ///
    /// - Throws: `KafkaError.Code.request` naming the partitions not assigned to this consumer.
    func storeOffsets(_ list: borrowing RDKafkaTopicPartitionList) throws(KafkaError) {
        let result = KafkaErrorCode(rd_kafka_offsets_store(handle, list.pointer))
        guard result == .noError else {
            let failed = list.elements.filter { $0.error != .noError }
            let names = failed.map { $0.0.description }.joined(separator: ", ")
            throw KafkaError(code: .request, result, context: "Cannot store offsets for \(names)")
        }
    }

    /// Commits the stored offsets and waits for the group coordinator's answer (`rd_kafka_commit`); having none to
    /// commit is no failure.
    func commitStoredOffsets() throws(KafkaError) {
        let result = KafkaErrorCode(rd_kafka_commit(handle, nil, 0))
        guard result == .noError || result == .noOffset else {
            throw KafkaError(code: .request, result, context: "Committing offsets failed")
        }
    }

    /// Leaves the group and closes the consumer (`rd_kafka_consumer_close_queue`), waiting until it is closed.
    ///
    /// - Parameter onRebalance: releases the assignment when the group revokes it while leaving.
    func closeConsumer(onRebalance: () -> Void) throws(KafkaError) {
        let closeQueue = RDKafkaQueue(rd_kafka_queue_new(handle)!)
        defer { closeQueue.destroy() }
        if let error = rd_kafka_consumer_close_queue(handle, closeQueue.handle) {
            throw KafkaError(code: .request, consuming: error, context: "Closing the consumer")
        }
        while rd_kafka_consumer_closed(handle) == 0 {
            closeQueue.poll(timeoutMilliseconds: 100) { event in
                if event.kind == .rebalance {
                    onRebalance()
                } else {
                    _ = handleCommonEvent(event)
                }
            }
        }
    }

    private func check(_ result: rd_kafka_resp_err_t, _ context: @autoclosure () -> String) throws(KafkaError) {
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .request, KafkaErrorCode(result), context: context())
        }
    }
}
