import CRdKafka
import Logging

/// An in-process Kafka cluster speaking the real protocol over TCP (librdkafka's `rdkafka_mock`), for
/// development and tests where no broker is available.
///
/// - Important: librdkafka 2.0.2's mock keeps at most about 5 MiB or 100,000 batches per partition and drops
///   older data like retention would; the first group join takes about 3 s; transactions are accepted but not
///   honoured. It does not implement the CreateTopics API: create topics with `createTopic(_:partitions:)`.
public final class KafkaMockCluster: @unchecked Sendable {  // @unchecked: librdkafka's mock API is thread-safe.
    private let client: RDKafkaClient
    private let pollThread: RDKafkaPollThread
    private let cluster: OpaquePointer

    /// Starts a cluster of `brokers` brokers (ids 1…N) listening on loopback (`rd_kafka_mock_cluster_new`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` if librdkafka cannot start it.
    public init(brokers: Int = 1, logger: Logger) throws(KafkaError) {
        guard brokers > 0 else {
            throw KafkaError(code: .mockCluster, message: "A mock cluster needs at least one broker.")
        }
        let client = try RDKafkaClient(
            kind: .producer, properties: [("client.id", "driftwatch-mock-cluster"), ("log_level", "4")], events: [],
            logger: logger
        )
        guard let cluster = rd_kafka_mock_cluster_new(client.handle, Int32(brokers)) else {
            throw KafkaError(code: .mockCluster, message: "librdkafka could not start a mock cluster.")
        }
        self.client = client
        self.cluster = cluster
        pollThread = RDKafkaPollThread(
            name: "driftwatch.kafka.mock", client: client, handler: { _ in }, onFatal: { logger.critical("\($0)") }
        )
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        pollThread.stop()
    }

    /// The brokers' addresses, for `bootstrap.servers` (`rd_kafka_mock_cluster_bootstraps`).
    public var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates a topic (`rd_kafka_mock_topic_create`). Topics the clients ask for that do not exist are created
    /// with the mock's defaults (4 partitions).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        let result = rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .mockCluster, KafkaErrorCode(result), context: "Cannot create topic '\(name)'")
        }
    }

    /// Makes the next requests of one API fail with the given errors, one error per request, in order
    /// (`rd_kafka_mock_push_request_errors_array`).
    public func failNextRequests(_ api: KafkaAPI, with errors: [KafkaErrorCode]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        codes.withUnsafeBufferPointer {
            rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, $0.count, $0.baseAddress)
        }
    }

    /// Forgets errors queued by `failNextRequests` for one API (`rd_kafka_mock_clear_request_errors`).
    public func clearRequestErrors(_ api: KafkaAPI) {
        rd_kafka_mock_clear_request_errors(cluster, api.rawValue)
    }

    /// Takes a broker down: its connections close and it refuses new ones (`rd_kafka_mock_broker_set_down`).
    public func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster, brokerID), "take broker \(brokerID) down")
    }

    /// Brings a broker back up (`rd_kafka_mock_broker_set_up`).
    public func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster, brokerID), "bring broker \(brokerID) up")
    }

    /// Delays every response of a broker (`rd_kafka_mock_broker_set_rtt`).
    public func setRoundTripTime(_ brokerID: Int32, _ delay: Duration) throws(KafkaError) {
        try check(
            rd_kafka_mock_broker_set_rtt(cluster, brokerID, Int32(clamping: delay.milliseconds)),
            "set the round-trip time of broker \(brokerID)"
        )
    }

    private func check(_ result: rd_kafka_resp_err_t, _ action: String) throws(KafkaError) {
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .mockCluster, KafkaErrorCode(result), context: "Cannot \(action)")
        }
    }
}
