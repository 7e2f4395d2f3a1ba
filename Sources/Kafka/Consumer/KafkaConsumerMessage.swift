/// A record read from Kafka.
public struct KafkaConsumerMessage: Sendable {
    /// The topic and partition it came from.
    public var topicPartition: KafkaTopicPartition
    /// Its offset within the partition.
    public var offset: Int64
    /// Its key; `nil` when the record has none.
    public var key: [UInt8]?
    /// Its value; `nil` for a tombstone.
    public var value: [UInt8]?
    /// Its headers, in order.
    public var headers: [KafkaHeader]
    /// Its timestamp in milliseconds since the Unix epoch, when the record has one.
    public var timestampMilliseconds: Int64?

    /// Creates a message (for tests and replay).
    public init(topicPartition: KafkaTopicPartition, offset: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }
}
