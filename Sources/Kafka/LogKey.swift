import Logging

/// Metadata keys the Kafka layer uses in its log records.
enum LogKey {
    static let facility = "kafka.facility"
    static let errorCode = "kafka.error_code"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let offset = "kafka.offset"
    static let lostMessages = "kafka.lost_messages"
}
