import ArgumentParser
import DriftDetection
import DriftEngine
import DriftwatchService
import Foundation
import Kafka
import Logging
import WireFormat

/// `driftwatch profile`: reference profiles.
struct Profile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Builds reference profiles that live traffic is compared with, and publishes them.",
        subcommands: [Build.self, Publish.self]
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
                    profile = try profile.calibrated(
                        for: try Profile.settings(of: entry, in: config, reference: profile))
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
            let configuration = try DriftwatchConfiguration.loadForCommand(path)
            guard let entry = configuration.models.first(where: { $0.name == model }) else {
                StandardError.write("\(path): no model named '\(model)' under models\n")
                throw ExitCode(2)
            }
            return entry
        }
    }

    /// `driftwatch profile publish`: puts a model version's profile on the profiles topic.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Publishes a model version's reference profile to the profiles topic.",
            discussion: """
                Writes FILE (a profile of `driftwatch profile build`) to the configuration's profiles topic \
                (kafka.topics.profiles, compacted) under the key MODEL/VERSION. Every running driftwatch whose \
                model has `reference: topic` compares that version with it: from its first event when the \
                profile was published first, in place of its warm-up when it comes later. Publishing again \
                replaces the version's profile. Exit status: 0 once the broker has the record, 2 for a bad \
                argument, file or configuration, 1 when Kafka cannot be reached or the topic does not exist.
                """
        )

        @Option(help: "The model the profile is of (the profile's own model must be the same).")
        var model: String

        @Option(help: "The model version the profile is the reference of (`model_version` of its predictions).")
        var version: String

        @Argument(help: "The profile, as `driftwatch profile build` writes it.")
        var file: String

        @Option(help: "The YAML configuration of the running driftwatch (its brokers and profiles topic).")
        var config: String

        func run() async throws {
            let configuration = try DriftwatchConfiguration.loadForCommand(config)
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                StandardError.write("\(file): cannot be read (\(error.localizedDescription))\n")
                throw ExitCode(2)
            }
            let key = ProfileTopicRecord.key(model: model, modelVersion: version)
            let entry = configuration.models.first { $0.name == model && $0.reference.isTopic }
            do {
                // A profile the model's tests cannot use would only be refused by every running driftwatch.
                if case .profile(let published) = try ProfileTopicRecord(key: key, value: bytes), let entry {
                    let settings = try Profile.settings(of: entry, in: config, reference: published.profile)
                    do {
                        _ = try published.profile.calibrated(for: settings)
                    } catch {
                        StandardError.write(
                            "\(file): model '\(model)' of \(config) cannot compare with this profile: \(error). "
                                + "Build the profile from data of the features' configured types, or change the test\n")
                        throw ExitCode(2)
                    }
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                StandardError.write("\(file): \(error)\n")
                throw ExitCode(2)
            }
            let topic = configuration.kafka.topics.profiles
            let logger = Logger(label: "driftwatch.profile")
            do {
                let admin = try KafkaAdmin(client: configuration.kafkaClientSettings, logger: logger)
                guard try await admin.partitionCounts(timeout: .seconds(10))[topic] != nil else {
                    StandardError.write(
                        "The profiles topic '\(topic)' does not exist; create it with cleanup.policy=compact "
                            + "(or set kafka.topics.profiles)\n")
                    throw ExitCode(1)
                }
                var producerConfiguration = KafkaProducerConfiguration(client: configuration.kafkaClientSettings)
                producerConfiguration.maximumRecordBytes = 10_485_760
                let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
                _ = try await producer.send(KafkaProducerMessage(topic: topic, key: key, value: bytes))
                await producer.close()
            } catch let error as KafkaError {
                StandardError.write("driftwatch cannot publish the profile to '\(topic)': \(error)\n")
                throw ExitCode(1)
            }
            StandardOutput.writeLine(
                "Published the profile of \(model)/\(version) to '\(topic)' (\(bytes.count) bytes).")
            if entry == nil {
                StandardError.write(
                    "Note: model '\(model)' of \(config) does not have 'reference: topic'; a driftwatch running this "
                        + "configuration does not use the profile\n")
            }
        }
    }
}

extension Profile {
    /// The engine's settings of `entry` over `reference`; a problem with them exits 2.
    fileprivate static func settings(of entry: ModelConfiguration, in path: String, reference: ReferenceProfile) throws
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
