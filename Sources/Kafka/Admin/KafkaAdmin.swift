import CRdKafka
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
            kind: .producer, properties: settings.rdKafkaProperties(typed: []), events: 0, logger: logger
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
            var newTopics: [OpaquePointer?] = []
            defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
            var errorText = [CChar](repeating: 0, count: 512)
            for topic in topics {
                guard topic.partitions > 0 || topic.partitions == -1 else {
                    throw KafkaError(
                        code: .request,
                        message:
                            "Topic '\(topic.name)' is invalid: partitions must be at least 1 (or -1 for the default)."
                    )
                }
                guard
                    let newTopic = rd_kafka_NewTopic_new(
                        topic.name, topic.partitions, topic.replicationFactor, &errorText, errorText.count
                    )
                else {
                    throw KafkaError(
                        code: .request, message: "Topic '\(topic.name)' is invalid: \(String(cBuffer: errorText))")
                }
                newTopics.append(newTopic)
                for (key, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
                    let result = rd_kafka_NewTopic_set_config(newTopic, key, value)
                    guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                        throw KafkaError(code: .request, result, context: "Topic config '\(key)' of '\(topic.name)'")
                    }
                }
            }
            let resultQueue = rd_kafka_queue_new(client.handle)!
            defer { rd_kafka_queue_destroy(resultQueue) }
            let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: timeout.milliseconds), nil, 0)
            newTopics.withUnsafeMutableBufferPointer {
                rd_kafka_CreateTopics(client.handle, $0.baseAddress, $0.count, options, resultQueue)
            }
            guard let event = rd_kafka_queue_poll(resultQueue, Int32(clamping: timeout.milliseconds + 1000)) else {
                throw KafkaError(code: .request, message: "The cluster did not answer CreateTopics within \(timeout).")
            }
            defer { rd_kafka_event_destroy(event) }
            if rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(
                    code: .request, rd_kafka_event_error(event),
                    context: "The cluster did not create \(topics.map(\.name).joined(separator: ", ")) "
                        + "(a broker must support CreateTopics; librdkafka's mock cluster does not)"
                )
            }
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            let failures = (0..<count).compactMap { index -> String? in
                let result = results![index]
                let error = rd_kafka_topic_result_error(result)
                if error == RD_KAFKA_RESP_ERR_NO_ERROR
                    || (ignoringExisting && error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                {
                    return nil
                }
                let reason =
                    rd_kafka_topic_result_error_string(result).map { String(cString: $0) }
                    ?? String(cString: rd_kafka_err2str(error))
                return "\(String(cString: rd_kafka_topic_result_name(result))): \(reason)"
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
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let result = rd_kafka_metadata(client.handle, 1, nil, &metadata, Int32(clamping: timeout.milliseconds))
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw KafkaError(code: .request, result, context: "Cannot read the cluster's topics")
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            var counts: [String: Int32] = [:]
            for index in 0..<Int(metadata.pointee.topic_cnt) {
                let topic = metadata.pointee.topics[index]
                guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                counts[String(cString: topic.topic)] = topic.partition_cnt
            }
            return counts
        }
    }
}
