import ArgumentParser
import DriftEngine
import DriftwatchService
import Foundation
import Kafka
import Logging
import WireFormat

/// `driftwatch retrain`: decisions on retrain triggers that wait for approval.
struct Retrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Approves, rejects or lists retrain triggers of models with mode: approval_required.",
        subcommands: [Approve.self, Reject.self, Pending.self]
    )

    /// What `approve` and `reject` take.
    struct DecisionOptions: ParsableArguments {
        @Argument(help: "The trigger's id (its CloudEvent id, as the status page and `retrain pending` show it).")
        var triggerID: String

        @Option(help: "Who decides; default the USER environment variable.")
        var by: String?

        @Option(help: "Why, for the record.")
        var reason: String = ""

        @Option(help: "The YAML configuration of the running driftwatch (its brokers and retrain topic).")
        var config: String
    }

    /// `approve` or `reject`: the same command, with its own verdict.
    protocol DecisionCommand: AsyncParsableCommand {
        static var approves: Bool { get }
        var options: DecisionOptions { get }
    }

    struct Approve: DecisionCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approves a retrain trigger: the running driftwatch then sends it to the retrain sinks.",
            discussion: Retrain.decisionDiscussion)
        static let approves = true

        @OptionGroup var options: DecisionOptions
    }

    struct Reject: DecisionCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rejects a retrain trigger: it is never sent to the retrain sinks.",
            discussion: Retrain.decisionDiscussion)
        static let approves = false

        @OptionGroup var options: DecisionOptions
    }

    struct Pending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists the retrain triggers that wait for approval, one JSON object a line.")

        @Option(help: "The YAML configuration of the running driftwatch (its brokers and retrain topic).")
        var config: String

        func run() async throws {
            let ledger = try await Retrain.readTopic(of: DriftwatchConfiguration.loadForCommand(config))
            for trigger in ledger.pendingApprovals {
                let line: [String: Any] = [
                    "trigger_id": trigger.id, "model": trigger.model, "model_version": trigger.modelVersion,
                    "time": trigger.time, "reasons": trigger.reasons,
                ]
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
                StandardOutput.writeLine(String(decoding: data, as: UTF8.self))
            }
        }
    }

    static let decisionDiscussion = """
        Looks the trigger up on the retrain topic (kafka.topics.retrain) and publishes the decision there as a \
        CloudEvent (io.driftwatch.retrain.approved or .rejected, key = the model), where every running driftwatch \
        reads it; the first decision on a trigger stands. Exit status 0 when the decision is on the topic (or was \
        already), 2 for an unknown or automatic trigger or one decided the other way, 1 when Kafka cannot be \
        reached.
        """

    /// The retrain topic as it is now; exits 1 when it cannot be read.
    static func readTopic(of configuration: DriftwatchConfiguration) async throws -> RetrainLedger {
        let topic = configuration.kafka.topics.retrain
        do {
            let reader = try RetrainTopicReader(
                topic: topic, client: configuration.kafkaClientSettings,
                groupID: configuration.kafka.groupID + "-retrain-cli", logger: logger)
            defer { Task { await reader.close() } }
            return try await reader.readToEnd()
        } catch {
            StandardError.write("driftwatch cannot read the retrain topic '\(topic)': \(error)\n")
            throw ExitCode(1)
        }
    }

    static func decide(_ options: DecisionOptions, approved: Bool) async throws {
        let configuration = try DriftwatchConfiguration.loadForCommand(options.config)
        let topic = configuration.kafka.topics.retrain
        let ledger = try await readTopic(of: configuration)
        let trigger: RetrainTriggerRecord
        switch ledger.check(options.triggerID, approving: approved) {
        case .publish(let waiting):
            trigger = waiting
        case .alreadyMade(let sentence):
            StandardOutput.writeLine(sentence)
            return
        case .refused(let sentence):
            StandardError.write(
                sentence + " `driftwatch retrain pending --config \(options.config)` lists the triggers that wait "
                    + "for approval.\n")
            throw ExitCode(2)
        }
        let decision = RetrainDecision(
            on: trigger, approved: approved,
            by: options.by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown", reason: options.reason)
        do {
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(client: configuration.kafkaClientSettings), logger: logger)
            _ = try await producer.send(decision.record(topic: topic, instance: ProcessInfo.processInfo.hostName))
            await producer.close()
        } catch {
            StandardError.write("driftwatch cannot publish the decision to '\(topic)': \(error)\n")
            throw ExitCode(1)
        }
        StandardOutput.writeLine(decision.outcome)
    }

    private static let logger = Logger(label: "driftwatch.retrain")
}

extension Retrain.DecisionCommand {
    func run() async throws {
        try await Retrain.decide(options, approved: Self.approves)
    }
}
