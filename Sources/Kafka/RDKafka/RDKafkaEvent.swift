import CRdKafka

/// A librdkafka event (`rd_kafka_event_t`), seen while the handler ``RDKafkaQueue/poll(timeoutMilliseconds:_:)``
/// passed it to runs: the event, its messages and its lists are destroyed afterwards.
struct RDKafkaEvent {
    /// What an event reports (`rd_kafka_event_type`).
    enum Kind {
        case fetch, rebalance, offsetCommit, deliveryReport, error, log, statistics, other
    }

    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// What the event reports.
    var kind: Kind {
        switch rd_kafka_event_type(pointer) {
        case RD_KAFKA_EVENT_FETCH: .fetch
        case RD_KAFKA_EVENT_REBALANCE: .rebalance
        case RD_KAFKA_EVENT_OFFSET_COMMIT: .offsetCommit
        case RD_KAFKA_EVENT_DR: .deliveryReport
        case RD_KAFKA_EVENT_ERROR: .error
        case RD_KAFKA_EVENT_LOG: .log
        case RD_KAFKA_EVENT_STATS: .statistics
        default: .other
        }
    }

    /// The event's error code (`rd_kafka_event_error`): for a rebalance, whether it assigns or revokes.
    var error: KafkaErrorCode { KafkaErrorCode(rd_kafka_event_error(pointer)) }

    /// The event's error text (`rd_kafka_event_error_string`).
    var errorString: String { String(cString: rd_kafka_event_error_string(pointer)) }

    /// The next message of a fetch or delivery-report event (`rd_kafka_event_message_next`); `nil` after the last.
    func nextMessage() -> RDKafkaMessage? {
        rd_kafka_event_message_next(pointer).map(RDKafkaMessage.init)
    }

    /// The partition and offset an error event is about (`rd_kafka_event_topic_partition`); `nil` for an error of
    /// the whole client.
    var topicPartition: (topicPartition: KafkaTopicPartition, offset: Int64)? {
        guard let element = rd_kafka_event_topic_partition(pointer) else { return nil }
        defer { rd_kafka_topic_partition_destroy(element) }
        return (
            KafkaTopicPartition(topic: String(cString: element.pointee.topic), partition: element.pointee.partition),
            element.pointee.offset
        )
    }

    /// The partitions a rebalance event assigns or revokes (`rd_kafka_event_topic_partition_list`).
    var topicPartitions: [KafkaTopicPartition] {
        RDKafkaTopicPartitionList.elements(of: rd_kafka_event_topic_partition_list(pointer)!).map(\.0)
    }

    /// A copy of a rebalance event's list (`rd_kafka_topic_partition_list_copy`), which outlives the event.
    func copyTopicPartitionList() -> RDKafkaTopicPartitionList {
        RDKafkaTopicPartitionList(copying: rd_kafka_event_topic_partition_list(pointer)!)
    }
}
