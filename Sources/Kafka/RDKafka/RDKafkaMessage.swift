import CRdKafka

/// A message of a fetch or delivery-report event (`rd_kafka_message_t`), seen for as long as its event.
struct RDKafkaMessage {
    let pointer: UnsafePointer<rd_kafka_message_t>

    init(_ pointer: UnsafePointer<rd_kafka_message_t>) {
        self.pointer = pointer
    }

    /// `.noError` for a record or a delivered message; else the consumer error fetched in place of a record, or why
    /// delivery failed.
    var error: KafkaErrorCode { KafkaErrorCode(pointer.pointee.err) }

    /// The topic and partition of the message.
    var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: String(cString: rd_kafka_topic_name(pointer.pointee.rkt)), partition: partition)
    }

    /// The partition number of the message.
    var partition: Int32 { pointer.pointee.partition }

    /// The message's offset; for a consumer error, the offset it is about.
    var offset: Int64 { pointer.pointee.offset }

    /// The opaque the producer gave the message (`_private`), as a number.
    var opaque: UInt { UInt(bitPattern: pointer.pointee._private) }

    /// Why a fetch failed: the text in the payload, else librdkafka's description of `error`.
    var errorReason: String {
        let message = pointer.pointee
        return message.payload.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: message.len), as: UTF8.self)
        } ?? error.reason
    }
}
