import Kafka

/// Turns input records into output records; the pipeline owns one and feeds it from the consumer.
///
/// Implementations hold the monitors' state. They must not lose an input: a record they cannot use becomes an
/// output too (a dead letter).
public protocol RecordProcessor {
    /// Processes a batch of records and returns what to produce because of them.
    mutating func process(_ messages: [KafkaConsumerMessage]) -> [KafkaProducerMessage]

    /// Reports records lost before they were read (see `KafkaOffsetReset`); returns what to produce.
    mutating func recordsLost(_ reset: KafkaOffsetReset) -> [KafkaProducerMessage]

    /// The group took partitions away: drop (or hand over) the state of what they carried.
    mutating func partitionsRevoked(_ partitions: [KafkaTopicPartition])
}
