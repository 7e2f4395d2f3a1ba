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
    init(code: Code, _ error: KafkaErrorCode, context: String) {
        self.init(
            code: code,
            rdKafkaCode: error.rawValue,
            isRetriable: error.isTransient,
            message: "\(context): \(error.reason)"
        )
    }

    /// Whether a broker or the producer refused a record as larger than the topic or the client allows
    /// (`message.max.bytes`, the topic's `max.message.bytes`).
    public var isRecordTooLarge: Bool {
        guard let rdKafkaCode else { return false }
        return [KafkaErrorCode.messageSizeTooLarge, .recordListTooLarge].map(\.rawValue).contains(rdKafkaCode)
    }

    public var description: String {
        if let rdKafkaCode {
            return "\(message) [\(code.rawValue), librdkafka code \(rdKafkaCode)]"
        }
        return "\(message) [\(code.rawValue)]"
    }
}
