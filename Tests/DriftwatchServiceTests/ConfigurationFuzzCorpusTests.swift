import ConfigurationFuzzing
import DriftEngine
import Foundation
import Testing

@testable import DriftwatchService

/// The configuration fuzz target's inputs replayed as the target runs them (``ConfigurationFuzzInput/replay(_:)``):
/// the seed corpus (`Tests/Fuzz/Seeds/configuration`, and the shipped example), valid configurations that must load
/// and whose engines must accept events, and the saved inputs (`Tests/Fuzz/Regressions/configuration`), crashes the
/// fuzzer found and edge cases, which must now keep every promise, each within ``timeLimit``.
struct ConfigurationFuzzCorpusTests {
    /// How long one input may take before it counts as a hang, as in the fuzz runs: a configuration loads in
    /// milliseconds.
    static let timeLimit = Duration.seconds(10)

    @Test(arguments: ConfigurationFuzzCorpus.files(in: "Seeds/configuration") + [ConfigurationFuzzCorpus.example])
    func seedLoadsAndItsEngineAcceptsEvents(_ file: String) throws {
        let report = try ConfigurationFuzzCorpus.timedReplay(of: file)
        #expect(report.violations == [])
        guard case .loaded(let configuration) = report.outcome else {
            Issue.record("\(file) does not load: \(report.outcome)")
            return
        }
        #expect(!configuration.models.isEmpty)
        #expect(report.engineError == nil)
        for (index, result) in report.engineResults.enumerated() {
            if case .rejected(let reason) = result {
                Issue.record("event \(index) sent to the engine of \(file) is rejected: \(reason)")
            }
        }
    }

    @Test func secretsResolveInsideTheFuzzDirectory() throws {
        let report = try ConfigurationFuzzCorpus.replay(
            try ConfigurationFuzzCorpus.contents(of: "Tests/Fuzz/Seeds/configuration/warmup-models-every-section.yaml"))
        guard case .loaded(let configuration) = report.outcome else {
            Issue.record("the seed does not load: \(report.outcome)")
            return
        }
        #expect(
            configuration.secretValues
                == [ConfigurationFuzzInput.fileSecret, ConfigurationFuzzInput.environmentSecret])
        #expect(report.engineResults.count == 3 * configuration.models.count)
    }

    @Test func fileReferencesThatCouldLeaveTheFuzzDirectoryAreNotTried() throws {
        let documents = [
            "http: {token: \"${file:/etc/hostname}\"}\n",
            "http: {token: \"${file:../token}\"}\n",
            "http: {token: \"${\\x66ile:\\x2Fetc/hostname}\"}\n",
        ]
        for document in documents {
            let report = try ConfigurationFuzzCorpus.replay(Array((ConfigurationTests.minimal + "\n" + document).utf8))
            guard case .skipped = report.outcome else {
                Issue.record("\(document) was tried: \(report.outcome)")
                continue
            }
        }
    }

    @Test(arguments: ConfigurationFuzzCorpus.files(in: "Regressions/configuration"))
    func savedInputKeepsEveryPromise(_ file: String) throws {
        let report = try ConfigurationFuzzCorpus.timedReplay(of: file)
        #expect(report.violations == [])
    }
}

/// The files of the configuration fuzz target's corpora, found from this file's place in the repository.
enum ConfigurationFuzzCorpus {
    /// The repository's root directory.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped example configuration, which the fuzz runs add to the seeds.
    static let example = "deploy/driftwatch.example.yaml"

    /// The inputs in `folder` (relative to `Tests/Fuzz`) as paths relative to the repository, sorted; hidden files
    /// are not inputs.
    static func files(in folder: String) -> [String] {
        let path = repository.appendingPathComponent("Tests/Fuzz").appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "Tests/Fuzz/\(folder)/\($0)" }
    }

    /// The bytes of `file`, a path relative to the repository.
    static func contents(of file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: repository.appendingPathComponent(file)))
    }

    /// Replays `file`, expecting it to take at most ``ConfigurationFuzzCorpusTests/timeLimit``.
    static func timedReplay(of file: String) throws -> ConfigurationFuzzInput.Report {
        let input = try contents(of: file)
        let start = ContinuousClock.now
        let report = try replay(input)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed <= ConfigurationFuzzCorpusTests.timeLimit, "\(file) took \(elapsed)")
        return report
    }

    /// Replays `input` with a fuzz directory of its own, removed afterwards.
    static func replay(_ input: [UInt8]) throws -> ConfigurationFuzzInput.Report {
        let fuzzInput = try ConfigurationFuzzInput()
        defer { fuzzInput.removeDirectory() }
        return fuzzInput.replay(input)
    }
}
