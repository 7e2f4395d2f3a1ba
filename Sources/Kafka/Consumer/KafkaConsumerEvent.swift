/// Something a `KafkaConsumer` reports from a poll.
public enum KafkaConsumerEvent: Sendable {
    /// Records, in partition order.
    case messages([KafkaConsumerMessage])
    /// The group gave these partitions to this consumer; their records follow.
    case partitionsAssigned([KafkaTopicPartition])
    /// The group takes these partitions away. Finish their in-flight work and store their offsets before the
    /// next poll: that poll commits the stored offsets and then releases the partitions.
    case partitionsRevoked([KafkaTopicPartition])
    /// Records were lost before they could be read (see `KafkaOffsetReset`); consumption went on.
    case offsetReset(KafkaOffsetReset)
    /// A consumer error that did not stop consumption (e.g. a partition's fetch failed).
    case error(KafkaError)
}

/// A jump of a partition's position because the offset to read was no longer on the broker.
///
/// This happens when retention deleted data before it was read, or when a partition was recreated or
/// truncated. The records between `requestedOffset` and `resumedOffset` were never delivered.
public struct KafkaOffsetReset: Sendable, Hashable {
    /// The partition that jumped.
    public var topicPartition: KafkaTopicPartition
    /// The offset the consumer asked for.
    public var requestedOffset: Int64
    /// The offset it resumed from (by the configured `offsetReset` policy).
    public var resumedOffset: Int64
    /// The broker's reason, as librdkafka gave it.
    public var reason: String

    /// How many records were skipped, when the jump went forward; 0 when it went backwards.
    public var skippedMessages: Int64 { max(0, resumedOffset - requestedOffset) }
}
