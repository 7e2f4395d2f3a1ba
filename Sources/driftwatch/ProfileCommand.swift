import ArgumentParser
import DriftDetection
import DriftEngine
import Foundation
import WireFormat

/// `driftwatch profile`: reference profiles.
struct Profile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Builds reference profiles that live traffic is compared with.",
        subcommands: [Build.self]
    )

    /// `driftwatch profile build`: builds a model's reference profile from JSON-lines predictions.
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Builds a reference profile from training or validation data.",
            discussion: """
                Reads prediction events, one JSON object a line (the format of the predictions topic; a \
                top-level "label" holds the true outcome when known), keeps those of --model and writes \
                the profile as JSON (format_version 1). Exit status: 0 on success, 2 for a bad \
                argument, 1 for an unreadable input or a line that is not a prediction event.
                """
        )

        @Option(help: "The model whose events are profiled; other models' events are skipped.")
        var model: String

        @Option(help: "JSON-lines file of prediction events.")
        var input: String

        @Option(name: [.customShort("o"), .long], help: "Where to write the profile.")
        var output: String

        @Option(help: "Number of quantile bins for numeric features.")
        var bins: Int = DistanceCalculator.defaultBinCount

        @Option(
            name: .customLong("categorical"), help: "A feature to treat as categorical (integer codes); repeatable.")
        var categoricalFeatures: [String] = []

        func run() async throws {
            do {
                let builder = try ProfileBuilder(
                    model: model,
                    declaredTypes: Dictionary(categoricalFeatures.map { ($0, .categorical) }) { first, _ in first },
                    binCount: bins
                )
                let profile = try ReferenceDataReader.buildProfile(
                    from: Array(try CommandFailure.readData(input)), source: input, builder: builder)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                do {
                    try encoder.encode(profile).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw DriftDetectionError(
                        .invalidInput, "cannot be written (\(error.localizedDescription))", source: output)
                }
                print("\(output): \(profile.events) events of model \(model), \(profile.features.count) features")
            } catch let error as DriftDetectionError {
                throw CommandFailure.exit(error)
            }
        }
    }
}
