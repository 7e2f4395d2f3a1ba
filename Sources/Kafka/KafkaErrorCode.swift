/// A Kafka or librdkafka error code (`rd_kafka_resp_err_t`), e.g. `NOT_LEADER_FOR_PARTITION`.
public struct KafkaErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// librdkafka's numeric code.
    public let rawValue: Int32

    /// The code with librdkafka's numeric value.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }
}
