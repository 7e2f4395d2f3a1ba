import CRdKafka

extension KafkaError {
    /// An error from a librdkafka `rd_kafka_error_t`, which it destroys.
    init(code: Code, consuming error: OpaquePointer, context: String) {
        let rdError = rd_kafka_error_code(error)
        self.init(
            code: rd_kafka_error_is_fatal(error) != 0 ? .fatal : code,
            rdKafkaCode: rdError.rawValue,
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            message: "\(context): \(String(cString: rd_kafka_error_string(error)))"
        )
        rd_kafka_error_destroy(error)
    }
}
