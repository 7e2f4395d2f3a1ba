/// A record to write to Kafka.
public struct KafkaProducerMessage: Sendable {
    /// The topic to write to.
    public var topic: String
    /// The partition; `nil` lets librdkafka's partitioner choose one from the key.
    public var partition: Int32?
    /// The key; records with the same key go to the same partition.
    public var key: [UInt8]?
    /// The value; `nil` writes a tombstone.
    public var value: [UInt8]?
    /// Headers, in order.
    public var headers: [KafkaHeader]
    /// The record's timestamp in milliseconds since the Unix epoch; `nil` uses the time of sending.
    public var timestampMilliseconds: Int64?

    /// Creates a record.
    public init(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?,
                headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }
}

/// The broker's acknowledgement of one record.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// Where the record was written.
    public var topicPartition: KafkaTopicPartition
    /// Its offset in the partition.
    public var offset: Int64
}
