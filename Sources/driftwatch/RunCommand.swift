import ArgumentParser
import DriftEngine
import DriftwatchService
import Foundation
import Kafka
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `driftwatch run`: the daemon against real brokers.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the processor: consumes predictions and outcomes, publishes alerts and retrain triggers.",
        discussion: """
            Serves /metrics, /healthz, /readyz and a status page at / on the configuration's http.listen address. \
            Stops gracefully on SIGINT or SIGTERM: stops fetching, finishes in-flight work, flushes the producer, \
            commits and exits 0; exits 1 if that takes longer than shutdown_timeout. Exit status 2 for a bad \
            configuration, 1 for a runtime failure.
            """
    )

    @Option(help: "The YAML configuration file.")
    var config: String

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        logging.bootstrap()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(DocumentedMetricsFactory(registry: registry))
        let logger = Logger(label: "driftwatch")
        let instance = ProcessInfo.processInfo.hostName
        let started = ContinuousClock.now
        let loaded = try ConfiguredEngine.load(config, instance: instance)
        let (configuration, engine) = (loaded.configuration, loaded.engine)
        let loading = ContinuousClock.now - started
        if loading > .seconds(1), configuration.models.contains(where: \.hasAutoThresholds) {
            logger.info(
                "Calibrated auto thresholds at start-up; `profile build --config` stores them in the profile",
                metadata: ["duration": "\(loading)"])
        }
        SecretValues.process.insert(configuration.secretValues)

        let topics = configuration.pipelineTopics
        // Not alive only once the loop has stood still longer than librdkafka may wait for a broker.
        let health = ProcessorHealth(
            stallTimeout: configuration.http.stallTimeout,
            livenessTimeout: configuration.http.stallTimeout + configuration.longestBrokerWait)
        let board = StatusBoard()
        let listen = configuration.http
        let sinks = configuration.makeAlertSinks(instance: instance, statusPage: "http://\(instance):\(listen.port)/")
        let notifier =
            sinks.isEmpty
            ? nil
            : AlertNotifier(
                sinks: sinks, attempts: configuration.sinks.attempts, backoff: configuration.sinks.backoff,
                logger: logger
            )
        var settings = configuration.kafkaClientSettings
        // Readiness needs to know whether a broker is connected: librdkafka reports it in its statistics.
        settings.statisticsInterval = .seconds(2)
        let counters = PipelineCounters(inputTopics: [topics.predictions, topics.outcomes])
        let assembly = PipelineAssembly(
            client: settings, groupID: configuration.kafka.groupID, topics: topics, state: configuration.state,
            instance: instance)
        let ownership = PartitionOwnership()
        let updates = EngineUpdates()
        let pipeline: KafkaPipeline<EngineRecordProcessor>
        let dispatcher: RetrainDispatcher?
        let profiles: ProfileFollower?
        do {
            pipeline = try assembly.make(
                processor: EngineRecordProcessor(
                    engine: engine, topics: topics, counters: counters, board: board, notifier: notifier,
                    ownership: ownership, updates: updates),
                logger: logger, counters: counters, health: health)
            profiles = try assembly.makeProfileFollower(
                isNeeded: configuration.readsProfilesTopic, updates: updates, logger: logger)
            // Versions whose profile is already published compare with it from their first event.
            try await profiles?.catchUp()
            dispatcher = try assembly.makeRetrainDispatcher(
                sinks: configuration.makeRetrainSinks(), showsApprovals: configuration.hasApprovalRequired,
                attempts: configuration.sinks.attempts, backoff: configuration.sinks.backoff, ownership: ownership,
                board: board, logger: logger)
        } catch  where error.code == .configuration {
            StandardError.write("\(config): kafka: \(error)\n")
            throw ExitCode(2)
        } catch {
            StandardError.write("driftwatch cannot start: \(error)\n")
            throw ExitCode(1)
        }
        let http = OperationsServer.makeApplication(
            host: listen.host, port: listen.port, token: listen.token, registry: registry, health: health,
            board: board, logger: logger, retrain: dispatcher
        )
        let reloader = ConfigurationReloader(
            hangups: hangups, path: config, instance: instance, running: configuration, updates: updates, logger: logger
        )
        // Graceful shutdown runs from the last service to the first: the pipeline finishes and flushes before the
        // listener and the sinks stop.
        var services: [any Service] = []
        if let notifier { services.append(notifier) }
        if let dispatcher { services.append(dispatcher) }
        if let profiles { services.append(profiles) }
        services += [reloader, http, pipeline, ShutdownDeadline(limit: configuration.shutdownTimeout, logger: logger)]
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        do {
            try await group.run()
        } catch {
            StandardError.write("driftwatch stopped: \(error)\n")
            throw ExitCode(1)
        }
    }
}
