import ArgumentParser
import DriftEngine
import DriftwatchService
import Foundation
import Kafka
import Logging
import ServiceLifecycle

/// `driftwatch run`: the daemon against real brokers.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the processor: consumes predictions and outcomes, publishes alerts and retrain triggers.",
        discussion: """
            Stops gracefully on SIGINT or SIGTERM: stops fetching, finishes in-flight work, flushes the producer, \
            commits and exits 0. Exit status 2 for a bad configuration, 1 for a runtime failure.
            """
    )

    @Option(help: "The YAML configuration file.")
    var config: String

    func run() async throws {
        let logger = Logger(label: "driftwatch")
        // State of revoked partitions is kept in memory: a partition that comes back continues where it stopped.
        let loaded = try ConfiguredEngine.load(
            config, instance: ProcessInfo.processInfo.hostName, stateStore: InMemoryMonitorStateStore()
        )
        let (configuration, engine) = (loaded.configuration, loaded.engine)

        let topics = configuration.pipelineTopics
        let pipeline: KafkaPipeline<EngineRecordProcessor>
        do {
            let settings = configuration.kafkaClientSettings
            let counters = PipelineCounters(inputTopics: [topics.predictions, topics.outcomes])
            pipeline = KafkaPipeline(
                consumer: try KafkaConsumer(
                    configuration: KafkaConsumerConfiguration(client: settings, groupID: configuration.kafka.groupID),
                    logger: logger
                ),
                producer: try KafkaProducer(
                    configuration: KafkaProducerConfiguration(client: settings), logger: logger),
                topics: [topics.predictions, topics.outcomes],
                processor: EngineRecordProcessor(engine: engine, topics: topics, counters: counters),
                logger: logger, counters: counters
            )
        } catch {
            StandardError.write("\(config): kafka: \(error)\n")
            throw ExitCode(2)
        }
        let group = ServiceGroup(services: [pipeline], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        do {
            try await group.run()
        } catch {
            StandardError.write("driftwatch stopped: \(error)\n")
            throw ExitCode(1)
        }
    }
}
