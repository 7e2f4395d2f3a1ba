import CRdKafka
import Logging

/// Owns one librdkafka client handle (`rd_kafka_t`) and turns its log, error and statistics events into Swift.
///
/// librdkafka handles are thread-safe; blocking calls are made only from the owner's dedicated thread.
// @unchecked: the C handle is thread-safe, and `statistics` is behind a lock.
final class RDKafkaClient: @unchecked Sendable {
    /// The kind of client librdkafka creates.
    enum Kind {
        case consumer, producer

        var rdKafkaType: rd_kafka_type_t { self == .consumer ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER }
    }

    /// Events the client delivers on its queues besides logs, errors and statistics (`rd_kafka_conf_set_events`).
    struct Events: OptionSet {
        let rawValue: Int32

        /// Fetched records and consumer errors (`RD_KAFKA_EVENT_FETCH`).
        static let fetch = Events(rawValue: RD_KAFKA_EVENT_FETCH)
        /// Group rebalances (`RD_KAFKA_EVENT_REBALANCE`).
        static let rebalance = Events(rawValue: RD_KAFKA_EVENT_REBALANCE)
        /// Results of offset commits (`RD_KAFKA_EVENT_OFFSET_COMMIT`).
        static let offsetCommit = Events(rawValue: RD_KAFKA_EVENT_OFFSET_COMMIT)
        /// Delivery reports of produced messages (`RD_KAFKA_EVENT_DR`).
        static let deliveryReport = Events(rawValue: RD_KAFKA_EVENT_DR)
    }

    let handle: OpaquePointer
    let logger: Logger
    private let statistics = LockedValue<String?>(nil)

    /// Creates a client with `rd_kafka_new`, with logs routed to the client's main queue.
    ///
    /// - Throws: `KafkaError.Code.configuration` for a rejected property, `.clientCreation` if librdkafka refuses.
    init(kind: Kind, properties: [(key: String, value: String)], events: Events, logger: Logger) throws(KafkaError) {
        let allEvents = events.rawValue | RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_STATS
        let conf = try RDKafkaConfig.make(properties: properties + [("log.queue", "true")], events: allEvents)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind.rdKafkaType, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(cBuffer: errorText)
            throw KafkaError(code: .clientCreation, message: "Cannot create a Kafka client: \(reason)")
        }
        self.handle = handle
        self.logger = logger
        rd_kafka_set_log_queue(handle, nil)
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// The most recent statistics JSON librdkafka emitted (`statistics.interval.ms`), if any.
    var latestStatistics: String? { statistics.value }

    /// Handles a log, error or statistics event; returns false for any other event type.
    ///
    /// - Returns: a fatal error when the event reports one (`rd_kafka_fatal_error`), so the owner can stop loudly.
    func handleCommonEvent(_ event: RDKafkaEvent) -> (handled: Bool, fatal: KafkaError?) {
        switch event.kind {
        case .log:
            var facility: UnsafePointer<CChar>?
            var text: UnsafePointer<CChar>?
            var level: Int32 = 0
            rd_kafka_event_log(event.pointer, &facility, &text, &level)
            let message = text.map { String(cString: $0) } ?? ""
            let source = facility.map { String(cString: $0) } ?? "rdkafka"
            logger.log(level: Self.logLevel(syslog: level), "\(message)", metadata: [LogKey.facility: "\(source)"])
            return (true, nil)
        case .statistics:
            if let json = rd_kafka_event_stats(event.pointer) {
                statistics.withLock { $0 = String(cString: json) }
            }
            return (true, nil)
        case .error:
            let code = event.error
            let reason = event.errorString
            if rd_kafka_event_error_is_fatal(event.pointer) != 0 {
                return (true, fatalError())
            }
            // A connection that failed or could not be resolved is also a log line of librdkafka's (above): said
            // once is enough.
            let level: Logger.Level = code == .transport || code == .resolve ? .debug : .warning
            logger.log(
                level: level, "Kafka client error: \(reason)", metadata: [LogKey.errorCode: "\(code.rawValue)"])
            return (true, nil)
        default:
            return (false, nil)
        }
    }

    /// Whether the client has failed fatally (`rd_kafka_fatal_error`).
    var hasFatalError: Bool { rd_kafka_fatal_error(handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR }

    /// The client's fatal error (`rd_kafka_fatal_error`), after which it cannot be used.
    func fatalError() -> KafkaError {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        let reason = String(cBuffer: text)
        return KafkaError(
            code: .fatal, rdKafkaCode: code.rawValue, isFatal: true,
            message: "Kafka client failed fatally: \(reason). Restart driftwatch; check the broker and client settings."
        )
    }

    /// Maps a syslog level (librdkafka's log levels) to swift-log's.
    ///
    /// librdkafka logs at `LOG_ERR` what a client rides out by itself (a refused connection, a broker that went
    /// away); they are warnings here, so that an error line means driftwatch itself could not go on. What
    /// librdkafka cannot recover from arrives as a fatal error instead, and that is logged as an error.
    static func logLevel(syslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: .critical
        case 3, 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
