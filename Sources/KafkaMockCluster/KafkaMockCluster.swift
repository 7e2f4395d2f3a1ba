import Kafka
import Logging

/// An in-process Kafka cluster speaking the real protocol over TCP (librdkafka's `rdkafka_mock`), for
/// development and tests where no broker is available.
///
/// - Important: librdkafka 2.0.2's mock keeps at most about 5 MiB or 100,000 batches per partition and drops
///   older data like retention would; the first group join takes about 3 s; transactions are accepted but not
///   honoured. It does not implement the CreateTopics API: create topics with `createTopic(_:partitions:)`.
public final class KafkaMockCluster: Sendable {
    private let cluster: RDKafkaMockCluster

    /// Starts a cluster of `brokers` brokers (ids 1…N) listening on loopback (`rd_kafka_mock_cluster_new`).
    ///
    /// - Throws: `KafkaError.Code.mockCluster` if librdkafka cannot start it.
    public init(brokers: Int = 1, logger: Logger) throws(KafkaError) {
        guard brokers > 0 else {
            throw KafkaError(code: .mockCluster, message: "A mock cluster needs at least one broker.")
        }
        cluster = try RDKafkaMockCluster(brokers: Int32(brokers), logger: logger)
    }

    /// The brokers' addresses, for `bootstrap.servers` (`rd_kafka_mock_cluster_bootstraps`).
    public var bootstrapServers: String { cluster.bootstrapServers }

    /// Creates a topic (`rd_kafka_mock_topic_create`). Topics the clients ask for that do not exist are created
    /// with the mock's defaults (4 partitions).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        try cluster.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
    }

    /// Makes the next requests of one API fail with the given errors, one error per request, in order
    /// (`rd_kafka_mock_push_request_errors_array`).
    public func failNextRequests(_ api: KafkaAPI, with errors: [KafkaErrorCode]) {
        cluster.pushRequestErrors(api, errors)
    }

    /// Takes a broker down: its connections close and it refuses new ones (`rd_kafka_mock_broker_set_down`).
    public func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try cluster.setBrokerDown(brokerID)
    }

    /// Brings a broker back up (`rd_kafka_mock_broker_set_up`).
    public func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try cluster.setBrokerUp(brokerID)
    }

    /// Delays every response of a broker (`rd_kafka_mock_broker_set_rtt`).
    public func setRoundTripTime(_ brokerID: Int32, _ delay: Duration) throws(KafkaError) {
        try cluster.setRoundTripTime(brokerID, delay)
    }
}
