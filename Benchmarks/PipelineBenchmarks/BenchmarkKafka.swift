import Foundation
import Kafka
import Logging

/// Kafka clients set up the same way for every benchmark against the dev broker.
struct BenchmarkKafka: Sendable {
    /// The dev broker's bootstrap address.
    let bootstrapServers: String
    /// Quiet: only warnings and errors reach standard error.
    let logger: Logger

    init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
        var logger = Logger(label: "driftwatch.bench")
        logger.logLevel = .warning
        self.logger = logger
    }

    /// Client settings; `lowLatency` lets an empty fetch return after 5 ms instead of librdkafka's 500 ms.
    ///
    /// librdkafka's mock broker holds an empty fetch for its whole `fetch.wait.max.ms` even when records arrive
    /// meanwhile, where a real broker answers as soon as there is data; the latency benchmark shortens the wait
    /// so that it measures driftwatch rather than that quirk.
    func settings(lowLatency: Bool = false) -> KafkaClientSettings {
        KafkaClientSettings(
            bootstrapServers: [bootstrapServers], clientID: "driftwatch-bench",
            properties: lowLatency ? ["fetch.wait.max.ms": "5"] : [:]
        )
    }

    /// A consumer in a group of its own, reading from the beginning.
    func consumer(lowLatency: Bool = false) throws -> KafkaConsumer {
        let configuration = KafkaConsumerConfiguration(
            client: settings(lowLatency: lowLatency), groupID: "bench-\(UUID().uuidString.prefix(8))"
        )
        return try KafkaConsumer(configuration: configuration, logger: logger)
    }

    /// A producer with driftwatch's defaults (idempotent, 5 ms linger).
    func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings()), logger: logger)
    }

    /// Produces records and waits until the broker acknowledged all of them.
    ///
    /// - Throws: the first delivery failure.
    func produceAll(_ records: [KafkaProducerMessage]) async throws {
        let producer = try producer()
        var start = 0
        while start < records.count {
            let end = min(records.count, start + 50_000)
            for result in try await producer.sendBatch(Array(records[start..<end])) {
                _ = try result.get()
            }
            start = end
        }
        await producer.close()
    }
}
