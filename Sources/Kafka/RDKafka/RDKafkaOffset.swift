import CRdKafka

/// librdkafka's logical offsets, which stand for a position instead of naming one.
enum RDKafkaOffset {
    /// No offset (`RD_KAFKA_OFFSET_INVALID`): the committed offset, or the reset policy's.
    static let invalid = Int64(RD_KAFKA_OFFSET_INVALID)

    /// Where a reset policy starts: the oldest record (`RD_KAFKA_OFFSET_BEGINNING`) or the next one
    /// (`RD_KAFKA_OFFSET_END`).
    static func start(of policy: KafkaConsumerConfiguration.OffsetReset) -> Int64 {
        Int64(policy == .earliest ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END)
    }
}
