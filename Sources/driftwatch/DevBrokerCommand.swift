import ArgumentParser
import Foundation
import Kafka
import KafkaMockCluster
import Logging
import UnixSignals

/// `driftwatch dev-broker`: a local Kafka-protocol cluster for trying driftwatch with any Kafka client.
struct DevBroker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Runs a local mock Kafka cluster with driftwatch's topics and prints its bootstrap address.",
        discussion: """
            The first line of standard output is the bootstrap address. The cluster runs until SIGINT or SIGTERM.
            Commands on standard input, one per line, each answered 'ok' or 'error: …':
              topic NAME PARTITIONS      create a topic
              fail API ERROR [ERROR…]    fail the next requests of an API (e.g. fail Produce NOT_LEADER_FOR_PARTITION)
              down BROKER | up BROKER    take a broker down or bring it back
              rtt BROKER MILLISECONDS    delay a broker's responses
            librdkafka's mock keeps about 5 MiB per partition and drops older data, like retention.
            """
    )

    /// The topics of the contract, created at start.
    static let contractTopics = [
        "predictions", "outcomes", "drift-alerts", "retrain-triggers", "driftwatch-dlq", "driftwatch-state",
        "driftwatch-profiles",
    ]

    @Option(help: "How many brokers the cluster has.")
    var brokers: Int = 1

    @Option(help: "How many partitions each of driftwatch's topics has.")
    var partitions: Int32 = 4

    func validate() throws {
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1.") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1.") }
    }

    func run() async throws {
        let logger = Logger(label: "driftwatch.dev-broker")
        let cluster = try KafkaMockCluster(brokers: brokers, logger: logger)
        for topic in Self.contractTopics {
            try cluster.createTopic(topic, partitions: partitions, replicationFactor: Int32(min(brokers, 3)))
        }
        // Trap the signals before the address is printed: a client that stops the broker as soon as it has the
        // address must still get a clean exit.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        ControlReader.start(control: MockClusterControl(cluster: cluster))
        StandardOutput.writeLine(cluster.bootstrapServers)
        logger.info("Mock cluster up", metadata: ["brokers": "\(brokers)", "partitions": "\(partitions)"])
        for await signal in signals {
            logger.info("Stopping", metadata: ["signal": "\(signal)"])
            break
        }
        withExtendedLifetime(cluster) {}
    }
}

/// Reads control commands from standard input on a thread of its own, so that a blocking read never holds up
/// Swift's cooperative pool; stops at end of input (the cluster keeps running).
private enum ControlReader {
    static func start(control: MockClusterControl) {
        let thread = Thread {
            while let line = readLine() {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                StandardOutput.writeLine(control.execute(line))
            }
        }
        thread.name = "driftwatch.dev-broker.control"
        thread.start()
    }
}
