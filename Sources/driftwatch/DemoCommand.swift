import ArgumentParser
import DriftwatchDemo
import DriftwatchService
import Logging

/// `driftwatch demo`: the embedded default, with no broker or configuration needed.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Runs an in-process Kafka cluster, synthetic traffic with injected drifts, and the processor.",
        discussion: """
            Three models (fraud, churn, eta) with eight features each send predictions, and outcomes arrive later \
            (some never). A sudden data drift, a gradual data drift and two concept drifts are injected at known \
            points. Alerts and retrain triggers are printed as driftwatch publishes them, then a summary of which \
            drifts were caught and how quickly. Ends by itself in under a minute.
            """
    )

    @Option(help: "Predictions per model.")
    var events: Int = 30_000

    @Option(help: "Where the status page and metrics are served while the demo runs (host:port; port 0 picks one).")
    var listen: String = "127.0.0.1:0"

    @Flag(help: "Keep serving the status page after the summary, until interrupted.")
    var keepServing = false

    func validate() throws {
        guard events >= 10_000 else { throw ValidationError("--events must be at least 10000.") }
        guard HTTPConfiguration(listen: listen) != nil else {
            throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:9464 or 127.0.0.1:0.")
        }
    }

    func run() async throws {
        var logger = Logger(label: "driftwatch.demo")
        logger.logLevel = .error
        let address = HTTPConfiguration(listen: listen)!
        let runner = DemoRunner(
            scenario: DemoScenario(eventsPerModel: events), logger: logger,
            statusPage: (address.host, address.port), keepServing: keepServing
        ) { line in
            StandardOutput.writeLine(line)
        }
        try await runner.run()
    }
}
