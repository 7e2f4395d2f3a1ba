import DriftEngine
import EventFuzzing
import Foundation
import Testing

/// The event fuzz target's inputs replayed as the target runs them (``EventFuzzInput/replay(_:)``): the seed corpus
/// (`Tests/Fuzz/Seeds/events`), valid streams that must be accepted whole, and the saved inputs
/// (`Tests/Fuzz/Regressions/events`), crashes, hangs and broken promises the fuzzer found and edge cases, which must
/// now keep every promise, each within ``timeLimit``.
struct EventFuzzCorpusTests {
    /// How long one input may take before it counts as a hang, as in the fuzz runs: its few records take
    /// milliseconds.
    static let timeLimit = Duration.seconds(10)

    @Test(arguments: EventFuzzCorpus.files(in: "Seeds/events"))
    func seedIsAcceptedWhole(_ file: String) throws {
        let report = try EventFuzzCorpus.timedReplay(of: file, in: "Seeds/events")
        #expect(report.violations == [])
        #expect(!report.results.isEmpty)
        for (index, result) in report.results.enumerated() {
            if case .rejected(let reason) = result {
                Issue.record("record \(index) of \(file) is rejected: \(reason)")
            }
        }
    }

    @Test func seedsReachTheAlertAndRetrainPolicies() throws {
        var alerts = 0
        var retrainTriggers = 0
        for file in EventFuzzCorpus.files(in: "Seeds/events") {
            let report = EventFuzzInput.replay(try EventFuzzCorpus.contents(of: file, in: "Seeds/events"))
            for case .accepted(let outputs) in report.results {
                alerts += outputs.filter(\.isAlert).count
                retrainTriggers += outputs.filter { !$0.isAlert }.count
            }
        }
        #expect(alerts > 0)
        #expect(retrainTriggers > 0)
    }

    @Test(arguments: EventFuzzCorpus.files(in: "Regressions/events"))
    func savedInputKeepsEveryPromise(_ file: String) throws {
        let report = try EventFuzzCorpus.timedReplay(of: file, in: "Regressions/events")
        #expect(report.violations == [])
    }

    @Test func recordsAreLinesAndOutcomesStartWithO() {
        let records = EventFuzzInput.records(of: Array("{\"a\":1}\n\no{\"b\":2}\n".utf8))
        #expect(records == [.prediction(Array("{\"a\":1}".utf8)), .outcome(Array("{\"b\":2}".utf8))])
    }
}

/// The files of the fuzz targets' corpora, found from this file's place in the repository.
enum EventFuzzCorpus {
    /// The repository's `Tests/Fuzz` directory.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The names of the inputs in `folder` (relative to `Tests/Fuzz`), sorted; hidden files are not inputs.
    static func files(in folder: String) -> [String] {
        let path = directory.appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The bytes of the input `file` in `folder`.
    static func contents(of file: String, in folder: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(folder).appendingPathComponent(file)))
    }

    /// Replays the input `file` in `folder`, expecting it to take at most ``EventFuzzCorpusTests/timeLimit``.
    static func timedReplay(of file: String, in folder: String) throws -> EventFuzzInput.Report {
        let input = try contents(of: file, in: folder)
        let start = ContinuousClock.now
        let report = EventFuzzInput.replay(input)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed <= EventFuzzCorpusTests.timeLimit, "\(file) took \(elapsed)")
        return report
    }
}
