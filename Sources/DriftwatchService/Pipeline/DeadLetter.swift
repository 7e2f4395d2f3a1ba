import Kafka

/// Builds dead-letter records: the original bytes, key and headers, plus why and where from (README, "Events in and
/// out").
enum DeadLetter {
    /// Header naming the reason a person can act on.
    static let errorHeader = "driftwatch.error"
    /// Header naming the source record as `topic/partition/offset`.
    static let sourceHeader = "driftwatch.source"

    /// The dead letter of `message` for the topic `topic`.
    static func record(for message: KafkaConsumerMessage, reason: String, topic: String) -> KafkaProducerMessage {
        let source = "\(message.topicPartition.topic)/\(message.topicPartition.partition)/\(message.offset)"
        return KafkaProducerMessage(
            topic: topic, key: message.key, value: message.value,
            headers: message.headers + [
                KafkaHeader(key: errorHeader, text: reason), KafkaHeader(key: sourceHeader, text: source),
            ],
            timestampMilliseconds: message.timestampMilliseconds
        )
    }
}
