import CRdKafka

/// The admin calls of librdkafka, with Swift values in and out and failures as `KafkaError.Code.request`.
extension RDKafkaClient {
    /// One topic's answer to CreateTopics: its name, its error (`.noError` once created) and the cluster's reason.
    typealias TopicResult = (name: String, error: KafkaErrorCode, reason: String?)
    /// One topic of the cluster's metadata: its name, its partition count and its error.
    typealias TopicMetadata = (name: String, partitions: Int32, error: KafkaErrorCode)

    /// Asks the cluster to create topics (`rd_kafka_CreateTopics`) and waits up to `timeout` for its answer.
    ///
    /// - Returns: each topic's result.
    /// - Throws: `KafkaError.Code.request` for a topic librdkafka finds invalid, a request that failed as a whole, or
    ///   no answer in time.
    func createTopics(_ topics: [KafkaNewTopic], timeout: Duration) throws(KafkaError) -> [TopicResult] {
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        var errorText = [CChar](repeating: 0, count: 512)
        for topic in topics {
            guard topic.partitions > 0 || topic.partitions == -1 else {
                throw KafkaError(
                    code: .request,
                    message: "Topic '\(topic.name)' is invalid: partitions must be at least 1 (or -1 for the default)."
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
                let result = KafkaErrorCode(rd_kafka_NewTopic_set_config(newTopic, key, value))
                guard result == .noError else {
                    throw KafkaError(code: .request, result, context: "Topic config '\(key)' of '\(topic.name)'")
                }
            }
        }
        let resultQueue = RDKafkaQueue(rd_kafka_queue_new(handle)!)
        defer { resultQueue.destroy() }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: timeout.milliseconds), nil, 0)
        newTopics.withUnsafeMutableBufferPointer {
            rd_kafka_CreateTopics(handle, $0.baseAddress, $0.count, options, resultQueue.handle)
        }
        let answer = try resultQueue.poll(timeoutMilliseconds: Int32(clamping: timeout.milliseconds + 1000)) {
            event throws(KafkaError) in
            guard event.error == .noError else {
                throw KafkaError(
                    code: .request, event.error,
                    context: "The cluster did not create \(topics.map(\.name).joined(separator: ", ")) "
                        + "(a broker must support CreateTopics; librdkafka's mock cluster does not)"
                )
            }
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.pointer), &count)
            return (0..<count).map { index in
                let result = results![index]
                return (
                    name: String(cString: rd_kafka_topic_result_name(result)),
                    error: KafkaErrorCode(rd_kafka_topic_result_error(result)),
                    reason: rd_kafka_topic_result_error_string(result).map { String(cString: $0) }
                )
            }
        }
        guard let answer else {
            throw KafkaError(code: .request, message: "The cluster did not answer CreateTopics within \(timeout).")
        }
        return answer
    }

    /// Every topic the cluster has (`rd_kafka_metadata` for all topics, which creates none).
    func topicMetadata(timeout: Duration) throws(KafkaError) -> [TopicMetadata] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = KafkaErrorCode(
            rd_kafka_metadata(handle, 1, nil, &metadata, Int32(clamping: timeout.milliseconds)))
        guard result == .noError, let metadata else {
            throw KafkaError(code: .request, result, context: "Cannot read the cluster's topics")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        return (0..<Int(metadata.pointee.topic_cnt)).map { index in
            let topic = metadata.pointee.topics[index]
            return (
                name: String(cString: topic.topic), partitions: topic.partition_cnt, error: KafkaErrorCode(topic.err)
            )
        }
    }
}
