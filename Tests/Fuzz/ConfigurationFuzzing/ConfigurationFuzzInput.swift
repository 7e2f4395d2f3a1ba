import DriftEngine
import DriftwatchService
import Foundation
import WireFormat
import Yams

/// What the configuration fuzz target does with one input, and what the tests replaying its corpus and saved crashes
/// do with each file: the input is a configuration file, loaded as `driftwatch run` and `driftwatch validate` load
/// one; when it loads and names no reference profile, the engine it configures is made and sent a few events of
/// each model.
///
/// The loader sees a fixed environment (``environment``) and resolves relative paths against a directory of its own
/// holding one secret file (``secretFileName``), never against the machine's: an input whose `${file:…}` could name
/// a file outside that directory is not tried (``Outcome/skipped(_:)``), nor is the engine made when a model has a
/// `reference` (a path the input chose).
///
/// Rejecting a configuration is fine. What counts as a finding is a crash, a hang, or one of these broken promises,
/// which ``Report/violations`` lists:
/// - a rejection without a problem, or with a problem whose message is empty;
/// - a problem quoting a secret that the configuration read (the input itself does not hold that text).
package struct ConfigurationFuzzInput: Sendable {
    /// The environment the loader looks `${env:NAME}` up in: one variable, holding ``environmentSecret``.
    package static let environment = ["DRIFTWATCH_FUZZ_TOKEN": environmentSecret]
    /// The value of the environment's one variable.
    package static let environmentSecret = "env-secret-5f1c9a"
    /// The name of the secret file in ``directory``, for `${file:token}`.
    package static let secretFileName = "token"
    /// The secret file's content (it ends with a line break, which the loader drops).
    package static let fileSecret = "file-secret-8d2e47"
    /// The name the loader's problems give as their file.
    package static let fileName = "driftwatch.yaml"

    /// The directory relative paths resolve against; it holds the secret file.
    package let directory: String

    /// What became of a configuration.
    package enum Outcome: Sendable {
        /// The input was not tried, for this reason.
        case skipped(String)
        /// The loader rejected it with these problems.
        case rejected(ConfigurationError)
        /// The loader accepted it.
        case loaded(DriftwatchConfiguration)
    }

    /// What became of an input.
    package struct Report: Sendable {
        package var outcome: Outcome
        /// When the engine was made: its answer to each event sent, else empty.
        package var engineResults: [MonitoringEngine.Result] = []
        /// Why the engine could not be made, when it could not.
        package var engineError: ConfigurationError?
        /// Promises the loader broke, each described; empty when all held.
        package var violations: [String] = []
    }

    /// Creates a fresh directory with the secret file, under the system's temporary directory.
    package init() throws {
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("driftwatch-fuzz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data((Self.fileSecret + "\n").utf8).write(
            to: URL(fileURLWithPath: directory).appendingPathComponent(Self.secretFileName))
    }

    /// Removes ``directory`` and the secret file.
    package func removeDirectory() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Loads an input as a configuration file and, when it loads without reference profiles, runs its engine.
    package func replay(_ input: [UInt8]) -> Report {
        // `load(contentsOf:)` refuses what is not UTF-8 before it parses anything.
        guard let yaml = String(validating: input, as: UTF8.self) else { return Report(outcome: .skipped("not UTF-8")) }
        if let reference = Self.fileReferenceLeavingTheDirectory(in: yaml) {
            return Report(outcome: .skipped("\(reference) could name a file outside the fuzz directory"))
        }
        let configuration: DriftwatchConfiguration
        do {
            configuration = try DriftwatchConfiguration(
                yaml: yaml, file: Self.fileName, baseDirectory: directory, environment: Self.environment)
        } catch {
            var report = Report(outcome: .rejected(error))
            report.violations = Self.brokenPromises(of: error, input: yaml)
            return report
        }
        var report = Report(outcome: .loaded(configuration))
        let readsProfiles = configuration.models.contains {
            if case .profile = $0.reference { true } else { false }
        }
        guard !readsProfiles else { return report }
        do {
            var engine = try configuration.makeEngine(instance: "fuzz")
            report.engineResults = Self.sendEvents(of: configuration.models.map(\.name), to: &engine)
        } catch {
            report.engineError = error
        }
        return report
    }

    /// The promises a rejection broke.
    private static func brokenPromises(of error: ConfigurationError, input: String) -> [String] {
        guard !error.problems.isEmpty else { return ["the configuration is rejected without a problem"] }
        var violations: [String] = []
        if error.problems.contains(where: { $0.message.isEmpty }) {
            violations.append("a problem has no message: \(error)")
        }
        for secret in [fileSecret, environmentSecret] {
            if error.description.contains(secret) && !input.contains(secret) {
                violations.append("a problem quotes a secret: \(error)")
            }
        }
        return violations
    }

    /// A `${file:…}` reference of the document that could resolve outside the fuzz directory (or, with escapes, be
    /// written in a way not seen in the raw text), or `nil` when there is none.
    ///
    /// Only a value holding `$` can hold a reference, and only a backslash escape can make a `$` that the raw text
    /// does not show; a document without either is tried as it is. Otherwise its values are checked as the loader
    /// will see them, after YAML parsing: a value naming `file:` with a `/` anywhere is not tried.
    private static func fileReferenceLeavingTheDirectory(in yaml: String) -> String? {
        guard yaml.contains("$") || yaml.contains("\\") else { return nil }
        // A document that does not parse is rejected before any value is read.
        guard let root = try? Yams.compose(yaml: yaml) else { return nil }
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .scalar(let scalar):
                let text = scalar.string
                if text.contains("${"), text.contains("file:"), text.contains("/") { return "'\(text)'" }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending += [key, value]
                }
            case .sequence(let sequence):
                pending += Array(sequence)
            case .alias:
                break
            }
        }
        return nil
    }

    /// Sends each model two predictions and an outcome, as the pipeline would, partition 0.
    private static func sendEvents(of models: [String], to engine: inout MonitoringEngine) -> [MonitoringEngine.Result]
    {
        let time = Int64(1_795_341_600_000)
        var results: [MonitoringEngine.Result] = []
        var offset: Int64 = 0
        for model in models {
            let name = String(decoding: (try? JSONEncoder().encode(model)) ?? Data("\"\"".utf8), as: UTF8.self)
            for id in ["fuzz-1", "fuzz-2"] {
                let prediction =
                    #"{"id":"\#(id)","model":\#(name),"model_version":"1","#
                    + #""features":{"amount":12.5,"country":"KR","is_new":true,"age":null},"#
                    + #""prediction":{"label":"fraud","score":0.75,"value":3.5}}"#
                results.append(
                    engine.ingestPrediction(
                        Array(prediction.utf8), fallbackTime: time + offset, partition: 0, offset: offset))
                offset += 1
            }
            let outcome = #"{"id":"fuzz-1","model":\#(name),"label":"legit","value":2.5}"#
            results.append(
                engine.ingestOutcome(Array(outcome.utf8), fallbackTime: time + offset, partition: 0, offset: offset))
            offset += 1
        }
        return results
    }
}
