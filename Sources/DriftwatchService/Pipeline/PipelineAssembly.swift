import Kafka
import Logging

/// How the processor is wired to Kafka, in one place for `driftwatch run`, the demo and the benchmarks: a consumer
/// that defers its assignments until their state is restored, a producer for outputs and checkpoints, a reader of
/// the state topic, and the state topic itself, created when missing.
package struct PipelineAssembly: Sendable {
    package var client: KafkaClientSettings
    package var groupID: String
    package var topics: EngineRecordProcessor.Topics
    package var state: StateConfiguration
    package var instance: String
    /// The consumer's group session timeout; `nil` for the default.
    package var sessionTimeout: Duration?

    package init(
        client: KafkaClientSettings, groupID: String, topics: EngineRecordProcessor.Topics,
        state: StateConfiguration, instance: String, sessionTimeout: Duration? = nil
    ) {
        self.client = client
        self.groupID = groupID
        self.topics = topics
        self.state = state
        self.instance = instance
        self.sessionTimeout = sessionTimeout
    }

    /// Builds the pipeline around `processor`.
    ///
    /// - Parameters:
    ///   - producer: the producer for outputs and checkpoints; `nil` creates one.
    /// - Throws: `KafkaError` for a rejected Kafka property. The state topic is looked up (and created when
    ///   missing) when the pipeline starts running; it fails then, saying how to create the topic, if it cannot.
    package func make<Processor: RecordProcessor & Sendable>(
        processor: Processor, producer: KafkaProducer? = nil, logger: Logger, counters: PipelineCounters? = nil,
        health: ProcessorHealth? = nil
    ) throws(KafkaError) -> KafkaPipeline<Processor> {
        var consumerConfiguration = KafkaConsumerConfiguration(client: client, groupID: groupID)
        consumerConfiguration.defersAssignment = true
        consumerConfiguration.coPartitioned = true
        if let sessionTimeout { consumerConfiguration.sessionTimeout = sessionTimeout }
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration, logger: logger, metricNames: Self.consumerMetricNames)
        let output: KafkaProducer
        if let producer {
            output = producer
        } else {
            output = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        }
        let reader = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: stateReaderSettings, groupID: groupID + "-state-reader"),
            logger: logger, metricNames: Self.consumerMetricNames)
        let changelog = StateChangelog(
            topic: topics.state,
            resolvePartitions: { [self] () throws(KafkaError) in
                try await stateTopicPartitions(logger: logger)
            }, producer: output, reader: reader, instance: instance, logger: logger)
        return KafkaPipeline(
            consumer: consumer, producer: output, topics: [topics.predictions, topics.outcomes], processor: processor,
            logger: logger, counters: counters, health: health,
            state: .init(changelog: changelog, checkpointEvents: state.snapshotEvents),
            checkpointInterval: state.snapshotInterval)
    }

    /// The follower of the retrain topic, when there are retrain sinks to deliver to or approvals to show.
    ///
    /// - Parameters:
    ///   - showsApprovals: whether a model asks for approval, so that the status page lists pending triggers.
    package func makeRetrainDispatcher(
        sinks: [any RetrainSink], showsApprovals: Bool, attempts: Int, backoff: Duration,
        ownership: PartitionOwnership, board: StatusBoard?, logger: Logger
    ) throws(KafkaError) -> RetrainDispatcher? {
        guard !sinks.isEmpty || showsApprovals else { return nil }
        return RetrainDispatcher(
            reader: try RetrainTopicReader(
                topic: topics.retrain, client: client, groupID: groupID + "-retrain-reader", logger: logger),
            producer: try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger),
            sinks: sinks, attempts: attempts, backoff: backoff, ownership: ownership, board: board, instance: instance,
            logger: logger)
    }

    /// The follower of the profiles topic, when a model reads it (`reference: topic`).
    package func makeProfileFollower(isNeeded: Bool, updates: EngineUpdates, logger: Logger) throws(KafkaError)
        -> ProfileFollower?
    {
        guard isNeeded else { return nil }
        return try ProfileFollower(
            topic: topics.profiles, client: client, groupID: groupID + "-profile-reader", updates: updates,
            logger: logger)
    }

    /// The reader of the state topic: no statistics, and a restore reads a partition to its end, so an empty fetch
    /// waits 10 ms rather than librdkafka's default 500 ms.
    package var stateReaderSettings: KafkaClientSettings {
        var settings = client
        settings.statisticsInterval = nil
        if settings.properties["fetch.wait.max.ms"] == nil { settings.properties["fetch.wait.max.ms"] = "10" }
        return settings
    }

    /// Outputs and checkpoints: idempotent; compressed, since checkpoints are JSON; records up to the state topic's
    /// `max.message.bytes`.
    package var producerConfiguration: KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.compression = client.properties["compression.type"] == nil ? "lz4" : nil
        if client.properties["message.max.bytes"] == nil { configuration.maximumRecordBytes = 10_485_760 }
        return configuration
    }

    /// The state topic's partition count; the topic is created (compacted, as many partitions as the predictions
    /// topic) when it does not exist.
    private func stateTopicPartitions(logger: Logger) async throws(KafkaError) -> Int32 {
        var adminSettings = client
        adminSettings.statisticsInterval = nil
        let admin = try KafkaAdmin(client: adminSettings, logger: logger)
        let counts = try await admin.partitionCounts()
        if let existing = counts[topics.state] { return existing }
        let partitions = counts[topics.predictions] ?? 1
        do {
            try await admin.createTopics([
                KafkaNewTopic(name: topics.state, partitions: partitions, configs: Self.stateTopicConfigs)
            ])
        } catch {
            throw KafkaError(
                code: .request,
                message: "The state topic '\(topics.state)' does not exist and driftwatch could not create it "
                    + "(\(error.message)). Create it with \(partitions) partitions and "
                    + Self.stateTopicConfigs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ", ")
                    + ", or allow driftwatch to create topics (see the README, \"Durable state\").")
        }
        logger.info("Created the state topic", metadata: ["topic": "\(topics.state)", "partitions": "\(partitions)"])
        return partitions
    }

    /// The names of the consumers' offset-reset counters on `/metrics`.
    private static let consumerMetricNames = KafkaConsumerMetricNames(
        offsetResets: MetricName.offsetResets.rawValue, skippedMessages: MetricName.skippedMessages.rawValue)

    /// The state topic's configuration: compacted, so that it keeps the latest value of every key, and records up
    /// to 10 MiB (a model version's checkpoint can exceed the default 1 MiB).
    package static let stateTopicConfigs = [
        "cleanup.policy": "compact", "max.message.bytes": "10485760", "min.compaction.lag.ms": "3600000",
    ]
}
