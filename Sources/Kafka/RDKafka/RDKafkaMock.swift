import CRdKafka
import Logging

/// librdkafka's in-process Kafka cluster (`rdkafka_mock`) and the client handle it runs on, for the
/// `KafkaMockCluster` target.
// @unchecked: librdkafka's mock API is thread-safe.
package final class RDKafkaMockCluster: @unchecked Sendable {
    private let client: RDKafkaClient
    private let pollThread: RDKafkaPollThread
    private let cluster: OpaquePointer

    /// Starts a cluster of `brokers` brokers (ids 1…N) listening on loopback (`rd_kafka_mock_cluster_new`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` if librdkafka cannot start it.
    package init(brokers: Int32, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient(
            kind: .producer, properties: [("client.id", "driftwatch-mock-cluster"), ("log_level", "4")], events: [],
            logger: logger
        )
        guard let cluster = rd_kafka_mock_cluster_new(client.handle, brokers) else {
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

    /// The brokers' addresses (`rd_kafka_mock_cluster_bootstraps`).
    package var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates a topic (`rd_kafka_mock_topic_create`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` if the mock refuses.
    package func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor), "create topic '\(name)'")
    }

    /// Queues errors for the next requests of one API, one error per request
    /// (`rd_kafka_mock_push_request_errors_array`).
    package func pushRequestErrors(_ api: KafkaAPI, _ errors: [KafkaErrorCode]) {
        let codes = errors.map(\.rdKafkaError)
        codes.withUnsafeBufferPointer {
            rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, $0.count, $0.baseAddress)
        }
    }

    /// Takes a broker down (`rd_kafka_mock_broker_set_down`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` for an unknown broker.
    package func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster, brokerID), "take broker \(brokerID) down")
    }

    /// Brings a broker back up (`rd_kafka_mock_broker_set_up`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` for an unknown broker.
    package func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster, brokerID), "bring broker \(brokerID) up")
    }

    /// Delays every response of a broker (`rd_kafka_mock_broker_set_rtt`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` for an unknown broker.
    package func setRoundTripTime(_ brokerID: Int32, _ delay: Duration) throws(KafkaError) {
        try check(
            rd_kafka_mock_broker_set_rtt(cluster, brokerID, Int32(clamping: delay.milliseconds)),
            "set the round-trip time of broker \(brokerID)"
        )
    }

    private func check(_ result: rd_kafka_resp_err_t, _ action: @autoclosure () -> String) throws(KafkaError) {
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .mockCluster, KafkaErrorCode(result), context: "Cannot \(action())")
        }
    }
}
