import DriftwatchTestSupport
import Foundation
import Kafka
import Logging

/// Clients and helpers the Kafka tests share.
enum TestClients {
    static let logger: Logger = {
        var logger = Logger(label: "driftwatch.tests.kafka")
        logger.logLevel =
            ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    /// Settings for the dev broker; `debug` turns on librdkafka's debug contexts (or `KAFKA_TEST_DEBUG` does).
    static func settings(_ broker: DevBrokerProcess, debug: String? = nil) -> KafkaClientSettings {
        var settings = KafkaClientSettings(bootstrapServers: [broker.bootstrapServers])
        if let debug = debug ?? ProcessInfo.processInfo.environment["KAFKA_TEST_DEBUG"] {
            settings.properties["debug"] = debug
        }
        return settings
    }

    static func producer(_ broker: DevBrokerProcess, debug: String? = nil, logger: Logger = logger) throws
        -> KafkaProducer
    {
        try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: settings(broker, debug: debug)), logger: logger)
    }

    /// A consumer of `topic` in `group`. The short default session timeout makes the group tests' rebalances quick;
    /// a test that is not about rebalances and may run long on a loaded machine passes a longer one, so that late
    /// heartbeats cannot take its partitions away (a commit then fails with "Unknown member").
    static func consumer(
        _ broker: DevBrokerProcess, group: String, topic: String, debug: String? = nil, logger: Logger = logger,
        sessionTimeout: Duration = .seconds(6)
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(client: settings(broker, debug: debug), groupID: group)
        configuration.sessionTimeout = sessionTimeout
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.subscribe(topics: [topic])
        return consumer
    }

    /// Records with values "0" … "count-1", keyed by `index % 16`.
    static func numberedMessages(topic: String, count: Int, from start: Int = 0) -> [KafkaProducerMessage] {
        (start..<start + count).map { index in
            KafkaProducerMessage(topic: topic, key: Array("key-\(index % 16)".utf8), value: Array("\(index)".utf8))
        }
    }

    /// Produces records and fails the test if any is not acknowledged.
    static func produce(_ messages: [KafkaProducerMessage], with producer: KafkaProducer) async throws {
        for chunk in stride(from: 0, to: messages.count, by: 10_000) {
            let results = try await producer.sendBatch(Array(messages[chunk..<min(chunk + 10_000, messages.count)]))
            for result in results { _ = try result.get() }
        }
    }

    /// Polls until `count` records arrived or `timeout` passed, storing the offset of every record received.
    static func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(60)) async throws
        -> [KafkaConsumerMessage]
    {
        var received: [KafkaConsumerMessage] = []
        let deadline = ContinuousClock.now + timeout
        while received.count < count, ContinuousClock.now < deadline {
            for event in try await consumer.poll(maxMessages: 5000) {
                if case .messages(let messages) = event {
                    received += messages
                    for message in messages { try consumer.storeOffset(for: message) }
                }
            }
        }
        return received
    }
}

extension KafkaConsumerMessage {
    /// The value as UTF-8 text.
    var text: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<null>" }
}
