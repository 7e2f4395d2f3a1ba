import DriftEngine
import DriftwatchService
import Foundation
import Kafka
import KafkaMockCluster
import Logging
import Prometheus
import ServiceLifecycle

/// `driftwatch demo`: an in-process mock cluster, synthetic traffic with injected drifts, the processor, and a
/// live view of what it publishes, ending with a summary of which injected drifts were caught.
public struct DemoRunner: Sendable {
    private let scenario: DemoScenario
    private let logger: Logger
    private let write: @Sendable (String) -> Void
    private let statusPage: (host: String, port: Int)?
    private let keepServing: Bool

    /// - Parameters:
    ///   - statusPage: where to serve the status page (and metrics) while the demo runs; `nil` for nowhere.
    ///   - keepServing: whether to keep serving the status page after the summary, until interrupted.
    ///   - write: prints one line for a person to read.
    public init(
        scenario: DemoScenario = DemoScenario(), logger: Logger, statusPage: (host: String, port: Int)? = nil,
        keepServing: Bool = false, write: @escaping @Sendable (String) -> Void
    ) {
        self.scenario = scenario
        self.logger = logger
        self.statusPage = statusPage
        self.keepServing = keepServing
        self.write = write
    }

    /// Runs the demo to the end; returns what was published.
    @discardableResult
    public func run() async throws -> DemoReport {
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        let topics = EngineRecordProcessor.Topics(
            predictions: "predictions", outcomes: "outcomes", alerts: "drift-alerts", retrain: "retrain-triggers",
            deadLetters: "driftwatch-dlq", state: "driftwatch-state"
        )
        for (topic, partitions) in [
            (topics.predictions, 8), (topics.outcomes, 8), (topics.alerts, 1),
            (topics.retrain, 1), (topics.deadLetters, 1), (topics.state, 8),
        ] {
            try cluster.createTopic(topic, partitions: Int32(partitions))
        }
        let settings = KafkaClientSettings(bootstrapServers: [cluster.bootstrapServers])
        write("driftwatch demo: mock Kafka cluster at \(cluster.bootstrapServers)")
        for injection in scenario.injections { write("  injecting \(injection)") }

        var generator = TrafficGenerator(scenario: scenario)
        let records = generator.all()
        let registry = PrometheusCollectorRegistry()
        let metrics = DocumentedMetricsFactory(registry: registry)
        let counters = PipelineCounters(inputTopics: [topics.predictions, topics.outcomes], factory: metrics)
        let board = StatusBoard(factory: metrics)
        let engine = MonitoringEngine(
            models: scenario.monitorSettings, policies: scenario.policies,
            joinTTL: 3_600_000, maximumPending: 100_000, instance: "demo"
        )
        let assembly = PipelineAssembly(
            client: settings, groupID: "driftwatch-demo", topics: topics,
            state: StateConfiguration(snapshotEvents: 100_000, snapshotInterval: .seconds(5)), instance: "demo",
            sessionTimeout: .seconds(6))
        let health = ProcessorHealth()
        let pipeline = try assembly.make(
            processor: EngineRecordProcessor(engine: engine, topics: topics, counters: counters, board: board),
            logger: logger, counters: counters, health: health)
        let watcher = try OutputWatcher(
            settings: settings, topics: [topics.alerts, topics.retrain, topics.deadLetters],
            logger: logger, write: write)
        let started = ContinuousClock.now
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pipeline.run() }
            group.addTask { try await watcher.run() }
            // The listener is stopped gracefully at the end: cancelled, Hummingbird would log an error.
            let listener = statusPage.map { statusPage in
                ServiceGroup(
                    services: [
                        OperationsServer.makeApplication(
                            host: statusPage.host, port: statusPage.port, registry: registry, health: health,
                            board: board, logger: logger
                        ) { port in write("status page: http://\(statusPage.host):\(port)/") }
                    ], logger: logger)
            }
            let listening = listener.map { listener in Task { try await listener.run() } }
            defer { listening?.cancel() }
            try await produce(records, topics: topics, settings: settings, counters: counters)
            write("produced \(records.count) records; processing…")
            let deadline = ContinuousClock.now + .seconds(45)
            while counters.processed < records.count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .seconds(2))
            let report = DemoReport(
                scenario: scenario, outputs: watcher.collected, processed: counters.processed,
                seconds: (ContinuousClock.now - started).seconds
            )
            write(report.summary)
            if keepServing, let listening {
                write("serving the status page until interrupted (Ctrl-C)")
                // The listener runs until the process is interrupted: this returns only if it fails.
                try await listening.value
            }
            await listener?.triggerGracefulShutdown()
            try await listening?.value
            group.cancelAll()
            return report
        }
    }

    /// Produces the records in chunks, keeping the processor within a few seconds of the producer so that the
    /// mock cluster's small retention never drops unread records.
    private func produce(
        _ records: [TrafficGenerator.Record], topics: EngineRecordProcessor.Topics,
        settings: KafkaClientSettings, counters: PipelineCounters
    ) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: logger)
        let messages = records.map { record in
            KafkaProducerMessage(
                topic: record.stream == .predictions ? topics.predictions : topics.outcomes,
                key: Array(record.key.utf8), value: record.value, timestampMilliseconds: record.eventTime
            )
        }
        for start in stride(from: 0, to: messages.count, by: 5_000) {
            while counters.processed < start - 20_000 { try await Task.sleep(for: .milliseconds(20)) }
            for result in try await producer.sendBatch(Array(messages[start..<min(start + 5_000, messages.count)])) {
                _ = try result.get()
            }
        }
        await producer.close()
    }
}
