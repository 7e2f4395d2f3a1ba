import ArgumentParser
import DriftDetection
import DriftEngine
import DriftwatchService
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
                the profile as JSON (format_version 2). With --config, the `auto` thresholds of the \
                model's entry are calibrated at its window size and kept in the profile, so that \
                `driftwatch run` starts without simulating them. Exit status: 0 on success, 2 for a bad \
                argument or configuration, 1 for an unreadable input or a line that is not a prediction \
                event.
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

        @Option(help: "A configuration whose entry for --model has auto thresholds to calibrate into the profile.")
        var config: String?

        func run() async throws {
            do {
                let entry = try config.map(modelEntry(in:))
                let builder = try ProfileBuilder(
                    model: model,
                    declaredTypes: Dictionary(categoricalFeatures.map { ($0, .categorical) }) { first, _ in first },
                    binCount: bins
                )
                var profile = try ReferenceDataReader.buildProfile(
                    from: Array(try CommandFailure.readData(input)), source: input, builder: builder)
                if let config, let entry {
                    profile = try profile.calibrated(for: try settings(of: entry, in: config, reference: profile))
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                do {
                    try encoder.encode(profile).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw DriftDetectionError(
                        .invalidInput, "cannot be written (\(error.localizedDescription))", source: output)
                }
                let calibrations = profile.features.values.map(\.calibrations.count).reduce(0, +)
                print(
                    "\(output): \(profile.events) events of model \(model), \(profile.features.count) features"
                        + (config == nil ? "" : ", \(calibrations) feature calibrations"))
            } catch let error as DriftDetectionError {
                throw CommandFailure.exit(error)
            }
        }

        /// --model's entry in the configuration at `path`; a configuration problem or no such entry exits 2.
        private func modelEntry(in path: String) throws -> ModelConfiguration {
            let configuration: DriftwatchConfiguration
            do {
                configuration = try DriftwatchConfiguration.load(contentsOf: path)
            } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            }
            guard let entry = configuration.models.first(where: { $0.name == model }) else {
                StandardError.write("\(path): no model named '\(model)' under models\n")
                throw ExitCode(2)
            }
            return entry
        }

        /// The engine's settings of `entry` over `reference`; a problem with them exits 2.
        private func settings(of entry: ModelConfiguration, in path: String, reference: ReferenceProfile) throws
            -> MonitorSettings
        {
            var problems: [String] = []
            let settings = DriftwatchConfiguration.monitorSettings(of: entry, reference: .profile(reference)) {
                problems.append("\(path): models.\(entry.name).\($0): \($1)")
            }
            guard let settings else {
                StandardError.write(problems.joined(separator: "\n") + "\n")
                throw ExitCode(2)
            }
            return settings
        }
    }
}
