import CRdKafka

/// An error from the Kafka layer: what went wrong, librdkafka's code where there is one, and what to do.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// A configuration property is unknown or has an invalid value.
        case configuration
        /// librdkafka refused to create a client.
        case clientCreation
        /// A request to the cluster failed (produce, commit, metadata, admin ...).
        case request
        /// A message could not be delivered.
        case delivery
        /// The client hit an unrecoverable error and must be recreated.
        case fatal
        /// The client was already closed.
        case closed
        /// A mock cluster operation failed.
        case mockCluster
    }

    /// What kind of failure this is.
    public let code: Code
    /// librdkafka's error code, when the failure came from librdkafka.
    public let rdKafkaCode: Int32?
    /// Whether trying the same operation again may succeed.
    public let isRetriable: Bool
    /// Whether the client is unusable from now on.
    public let isFatal: Bool
    /// A sentence a person can act on.
    public let message: String

    package init(
        code: Code, rdKafkaCode: Int32? = nil, isRetriable: Bool = false, isFatal: Bool = false,
        message: String
    ) {
        self.code = code
        self.rdKafkaCode = rdKafkaCode
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.message = message
    }

    /// An error from a librdkafka response code, with librdkafka's own description.
    package init(code: Code, _ error: rd_kafka_resp_err_t, context: String) {
        let description = String(cString: rd_kafka_err2str(error))
        self.init(
            code: code,
            rdKafkaCode: error.rawValue,
            isRetriable: KafkaError.isTransient(error),
            message: "\(context): \(description)"
        )
    }

    /// An error from a librdkafka `rd_kafka_error_t`, which it destroys.
    package init(code: Code, consuming error: OpaquePointer, context: String) {
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

    /// Whether a broker or the producer refused a record as larger than the topic or the client allows
    /// (`message.max.bytes`, the topic's `max.message.bytes`).
    public var isRecordTooLarge: Bool {
        guard let rdKafkaCode else { return false }
        return [
            RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE,
            RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE,
        ].map(\.rawValue).contains(rdKafkaCode)
    }

    public var description: String {
        if let rdKafkaCode {
            return "\(message) [\(code.rawValue), librdkafka code \(rdKafkaCode)]"
        }
        return "\(message) [\(code.rawValue)]"
    }

    /// Whether librdkafka treats the error as passing (the client retries or recovers by itself).
    static func isTransient(_ error: rd_kafka_resp_err_t) -> Bool {
        switch error {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR__RETRY, RD_KAFKA_RESP_ERR__WAIT_COORD:
            return true
        default:
            return false
        }
    }
}
