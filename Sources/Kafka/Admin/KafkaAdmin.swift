import Logging

/// A topic to create.
public struct KafkaNewTopic: Sendable, Hashable {
    /// The topic's name.
    public var name: String
    /// How many partitions it has; `-1` uses the broker's default.
    public var partitions: Int32
    /// How many copies of each partition the cluster keeps; `-1` uses the broker's default.
    public var replicationFactor: Int32
    /// Topic configs, e.g. `["cleanup.policy": "compact", "retention.ms": "604800000"]`.
    public var configs: [String: String]

    /// Creates a topic description.
    public init(name: String, partitions: Int32, replicationFactor: Int32 = -1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// Creates topics on a cluster (librdkafka's Admin API).
public final class KafkaAdmin: Sendable {
    private let client: RDKafkaClient
    private let pollThread: RDKafkaPollThread
    private let worker = BlockingWorker(label: "driftwatch.kafka.admin")

    /// Creates an admin client for the given brokers.
    ///
    /// - Throws: `KafkaError.Code.configuration` naming a rejected property; `.clientCreation`.
    public init(client settings: KafkaClientSettings, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient(
            kind: .producer, properties: settings.rdKafkaProperties(typed: []), events: [], logger: logger
        )
        self.client = client
        pollThread = RDKafkaPollThread(
            name: "driftwatch.kafka.admin", client: client, handler: { _ in },
            onFatal: { logger.critical("\($0)") }
        )
    }

    deinit {
        pollThread.stop()
    }

    /// Creates topics and waits for the cluster's answer (`rd_kafka_CreateTopics`).
    ///
    /// - Parameters:
    ///   - topics: the topics to create.
    ///   - ignoringExisting: when true, a topic that already exists is not an error.
    ///   - timeout: how long to wait for the cluster.
    /// - Throws: `KafkaError.Code.request` naming every topic the cluster refused, with its reason.
    public func createTopics(
        _ topics: [KafkaNewTopic], ignoringExisting: Bool = true,
        timeout: Duration = .seconds(30)
    ) async throws(KafkaError) {
        try await worker.run { [client] () throws(KafkaError) in
            let failures = try client.createTopics(topics, timeout: timeout).compactMap { result -> String? in
                if result.error == .noError || (ignoringExisting && result.error == .topicAlreadyExists) {
                    return nil
                }
                return "\(result.name): \(result.reason ?? result.error.reason)"
            }
            guard failures.isEmpty else {
                throw KafkaError(code: .request, message: "Cannot create topics: \(failures.joined(separator: "; "))")
            }
        }
    }

    /// The partition count of every topic the cluster has (`rd_kafka_metadata` for all topics, which creates
    /// none).
    public func partitionCounts(timeout: Duration = .seconds(30)) async throws(KafkaError) -> [String: Int32] {
        try await worker.run { [client] () throws(KafkaError) in
            var counts: [String: Int32] = [:]
            for topic in try client.topicMetadata(timeout: timeout) where topic.error == .noError {
                counts[topic.name] = topic.partitions
            }
            return counts
        }
    }
}
