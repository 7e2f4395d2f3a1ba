import ArgumentParser

/// The `driftwatch` command: watches ML models in production through Kafka.
@main
struct Driftwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftwatch",
        abstract: "Watches machine-learning models in production: drift detection over Kafka.",
        subcommands: [
            Demo.self, Run.self, DevBroker.self, Validate.self, Detect.self, Evaluate.self, Distance.self, Profile.self,
            Replay.self, Retrain.self,
        ]
    )
}
