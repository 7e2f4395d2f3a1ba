import Kafka

/// Builds dead-letter records: the original bytes, key and headers, plus why and where from (README, "Events in and
/// out").
enum DeadLetter {
    /// Header naming the reason a person can act on.
    static let errorHeader = "driftwatch.error"
    /// Header naming the source record as `topic/partition/offset`.
    static let sourceHeader = "driftwatch.source"
    /// Header of a dead letter whose original value, key and headers were left out because the dead-letter topic
    /// refused them as too large: how many bytes they had.
    static let droppedHeader = "driftwatch.dropped"
    /// The longest reason kept; a reason quotes the event, which may be long or hostile.
    static let maximumReasonLength = 1_000

    /// The dead letter of `message` for the topic `topic`.
    static func record(for message: KafkaConsumerMessage, reason: String, topic: String) -> KafkaProducerMessage {
        let source = "\(message.topicPartition.topic)/\(message.topicPartition.partition)/\(message.offset)"
        let shown =
            reason.count <= maximumReasonLength
            ? reason : "\(reason.prefix(maximumReasonLength))… (\(reason.count - maximumReasonLength) more characters)"
        return KafkaProducerMessage(
            topic: topic, key: message.key, value: message.value,
            headers: message.headers + [
                KafkaHeader(key: errorHeader, text: shown), KafkaHeader(key: sourceHeader, text: source),
            ],
            timestampMilliseconds: message.timestampMilliseconds
        )
    }

    /// A dead letter the topic refused as too large, without the original's bytes: the reason, where the original
    /// is (it can be read there until retention deletes it), and how large it was.
    static func withoutOriginal(_ deadLetter: KafkaProducerMessage) -> KafkaProducerMessage {
        let ours: Set = [errorHeader, sourceHeader]
        let originalBytes =
            (deadLetter.value?.count ?? 0) + (deadLetter.key?.count ?? 0)
            + deadLetter.headers.filter { !ours.contains($0.key) }.reduce(0) {
                $0 + $1.key.utf8.count + ($1.value?.count ?? 0)
            }
        return KafkaProducerMessage(
            topic: deadLetter.topic, key: nil, value: nil,
            headers: deadLetter.headers.filter { ours.contains($0.key) } + [
                KafkaHeader(key: droppedHeader, text: "\(originalBytes) bytes of value, key and headers")
            ],
            timestampMilliseconds: deadLetter.timestampMilliseconds)
    }
}
