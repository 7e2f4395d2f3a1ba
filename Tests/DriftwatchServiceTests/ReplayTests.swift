import DriftEngine
import DriftwatchTestSupport
import Foundation
import Testing

@testable import DriftwatchDemo
@testable import DriftwatchService

/// `driftwatch replay`: the demo's traffic as JSON-lines files through the engine, in process and through the CLI.
struct ReplayTests {
    /// One replay of the standard fixture, shared by the tests that only read it (a replay takes seconds).
    static let replay = Result { () throws -> ReplayFixture.Replay in try ReplayFixture().replay() }

    @Test func findsTheInjectedDataDrift() throws {
        let replay = try Self.replay.get()
        let events = try replay.events
        let firing = Set(events.filter { $0.type == "io.driftwatch.alert" && $0.status == "firing" }.map(\.key))
        #expect(firing.contains("fraud/1/data_drift/amount"))
        #expect(firing.contains("churn/1/data_drift/monthly_spend"))
        // The generator's malformed records take the place of predictions.
        let scenario = ReplayFixture.scenario
        let predictions = scenario.eventsPerModel * TrafficGenerator.models.count - scenario.malformedRecords
        #expect(replay.summary.predictions == predictions)
        #expect(replay.summary.outcomes == replay.outcomeLines)
        #expect(replay.summary.alerts == events.count { $0.type == "io.driftwatch.alert" })
        #expect(replay.summary.retrainTriggers == events.count { $0.type == "io.driftwatch.retrain" })
    }

    @Test func rejectedLinesAreReportedWithTheirLineNumbers() throws {
        let replay = try Self.replay.get()
        let inserted = ReplayFixture.malformedPredictions.count + ReplayFixture.malformedOutcomes.count
        #expect(replay.summary.rejected == ReplayFixture.scenario.malformedRecords + inserted)
        #expect(replay.rejections.count == replay.summary.rejected)
        let places = Set(replay.rejections.map { "\(($0.file as NSString).lastPathComponent):\($0.line)" })
        #expect(places.isSuperset(of: ["predictions.jsonl:1", "predictions.jsonl:11", "outcomes.jsonl:6"]))
        let unknown = try #require(replay.rejections.first { $0.file.hasSuffix("predictions.jsonl") && $0.line == 11 })
        #expect(unknown.reason.contains("\"unknown\" is not in the configuration"))
        #expect(unknown.description.hasSuffix("predictions.jsonl:11: \(unknown.reason)"))
    }

    @Test func replayingAgainWritesTheSameBytes() throws {
        let first = try Self.replay.get()
        let second = try ReplayFixture().replay()
        #expect(!first.lines.isEmpty)
        #expect(first.lines == second.lines)
        #expect(first.summary == second.summary)
    }

    @Test func linesAreMergedByEventTimeWithPredictionsFirstOnATie() throws {
        let fixture = try ReplayFixture(
            predictions: [
                #"{"id": "a", "ts": "2026-11-22T00:00:02Z", "features": {"ts": "2026-11-22T00:00:09Z"}}"#,
                #"{"id": "b"}"#,
                #"{"id": "c", "ts": "2026-11-22T00:00:03Z"}"#,
            ],
            outcomes: [
                #"{"id": "o", "ts": "2026-11-22T00:00:01Z"}"#,
                #"{"id": "a", "ts" : "2026-11-22T00:00:02Z", "note": "\"ts\": 1"}"#,
                "  ",
                "{",
                #"{"id": "d", "ts": null}"#,
            ]
        )
        var merger = try EventLineMerger(predictions: fixture.predictions, outcomes: fixture.outcomes)
        var order: [String] = []
        while let entry = try merger.next() {
            order.append("\(entry.source == .predictions ? "p" : "o")\(entry.line.number)@\(entry.time % 10_000)")
        }
        // The outcome of second 1, then the prediction of second 2 before the outcome of the same time; lines
        // without a usable `ts` keep their place, at the time of the line before them; the blank line 2 is skipped.
        #expect(order == ["o0@1000", "p0@2000", "p1@2000", "o1@2000", "o3@2000", "o4@2000", "p2@3000"])
        #expect(merger.bytes.read == merger.bytes.total)
    }

    @Test func progressBarIsDrawnAtMostTenTimesASecond() {
        let start = ContinuousClock.now
        var bar = ProgressBar(startedAt: start)
        #expect(bar.erase() == "")
        let half = ReplayProgress(bytesRead: 50, totalBytes: 100, events: 2_000)
        let first = bar.update(half, at: start + .seconds(1))
        #expect(first == "\r[###############---------------] 50%  2000 events/s\u{1B}[K")
        #expect(bar.update(half, at: start + .milliseconds(1_050)) == nil)
        #expect(bar.erase() == "\r\u{1B}[K")
        #expect(bar.erase() == "")
        #expect(bar.update(half, at: start + .milliseconds(1_080)) == nil)
        #expect(bar.update(half, at: start + .milliseconds(1_100)) != nil)
    }

    @Test func commandLineExitStatus() async throws {
        let fixture = try ReplayFixture()
        let missing = try await runDriftwatch([
            "replay", "--config", fixture.directory.appendingPathComponent("absent.yaml").path,
            "--predictions", fixture.predictions,
        ])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("absent.yaml"))

        let absentInput = try await runDriftwatch([
            "replay", "--config", fixture.config, "--predictions", fixture.directory.appendingPathComponent("no").path,
        ])
        #expect(absentInput.status == 2)

        let output = fixture.directory.appendingPathComponent("alerts.jsonl").path
        let good = try await runDriftwatch([
            "replay", "--config", fixture.config, "--predictions", fixture.predictions, "--outcomes", fixture.outcomes,
            "--output", output,
        ])
        #expect(good.status == 0)
        let replay = try Self.replay.get()
        #expect(good.standardError.hasSuffix("\(replay.summary)\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(replay.lines.joined(separator: [10]) + [10]))
    }
}

/// The demo's traffic written as JSON-lines files, with a few malformed lines at known places, and a configuration
/// equivalent to the demo's, in a directory of their own that goes away with the fixture.
final class ReplayFixture: Sendable {
    /// The demo's drifts on a small scale, with windows small enough that two fall within the sudden drift.
    static let scenario = DemoScenario(eventsPerModel: 10_000, warmupEvents: 2_000, windowEvents: 500)
    /// Lines put into the predictions file, by 0-based line number (besides the generator's malformed records).
    static let malformedPredictions = [
        0: "not json", 10: #"{"id": "p-1", "model": "unknown", "prediction": {"label": "a"}}"#,
    ]
    /// Lines put into the outcomes file, by 0-based line number.
    static let malformedOutcomes = [5: #"{"id": "o-1", "model": "fraud"}"#]

    /// An output line, decoded.
    struct Event {
        var type: String
        var status: String?
        var key: String?
    }

    /// What a replay wrote and reported.
    struct Replay: Sendable {
        var lines: [[UInt8]]
        var rejections: [ReplayRejection]
        var summary: ReplaySummary
        /// How many outcome lines the generator wrote.
        var outcomeLines: Int

        var events: [Event] {
            get throws {
                try lines.map { line in
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                    let data = object["data"] as? [String: Any]
                    return Event(
                        type: try #require(object["type"] as? String), status: data?["status"] as? String,
                        key: data?["dedup_key"] as? String
                    )
                }
            }
        }
    }

    let directory: URL
    var config: String { directory.appendingPathComponent("driftwatch.yaml").path }
    var predictions: String { directory.appendingPathComponent("predictions.jsonl").path }
    var outcomes: String { directory.appendingPathComponent("outcomes.jsonl").path }
    /// How many outcome lines the generator wrote.
    let outcomeLines: Int

    /// Writes the scenario's traffic with the malformed lines.
    convenience init() throws {
        var generator = TrafficGenerator(scenario: Self.scenario)
        let records = generator.all()
        let lines = { (stream: TrafficGenerator.Record.Stream) in
            records.filter { $0.stream == stream }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        try self.init(
            predictions: Self.inserting(Self.malformedPredictions, into: lines(.predictions)),
            outcomes: Self.inserting(Self.malformedOutcomes, into: lines(.outcomes)),
            outcomeLines: lines(.outcomes).count
        )
    }

    /// Writes the configuration and the given lines.
    init(predictions: [String], outcomes: [String], outcomeLines: Int? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        self.outcomeLines = outcomeLines ?? outcomes.count
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(Self.configuration.utf8).write(to: URL(fileURLWithPath: config))
        try Data(predictions.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: self.predictions))
        try Data(outcomes.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: self.outcomes))
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Replays the files in process, as `driftwatch replay` does.
    func replay() throws -> Replay {
        let engine = try DriftwatchConfiguration.load(contentsOf: config).makeEngine(instance: ReplayRunner.instance)
        var runner = try ReplayRunner(engine: engine, predictions: predictions, outcomes: outcomes)
        var lines: [[UInt8]] = []
        var rejections: [ReplayRejection] = []
        let summary = try runner.run(
            write: { lines.append($0) },
            reject: { rejections.append($0) }
        )
        return Replay(lines: lines, rejections: rejections, summary: summary, outcomeLines: outcomeLines)
    }

    /// `DemoScenario.monitorSettings` and `policies` in YAML.
    static var configuration: String {
        let models = TrafficGenerator.models.map { model in
            """
              - name: \(model)
                task: \(model == "eta" ? "regression" : "classification")
                warmup: \(scenario.warmupEvents)
                window: {events: \(scenario.windowEvents)}
                prediction: {test: js}
                label: {test: js}
                concept: {detector: \(model == "eta" ? "adwin" : "ddm")}
                alerts: {consecutive: 2, cooldown: 10m, resolve_after: 2}
                retrain:
                  mode: \(model == "fraud" ? "approval_required" : "automatic")
                  on: [concept_drift, critical]
                  min_interval: 1h
            """
        }
        return "models:\n" + models.joined(separator: "\n") + "\njoin: {ttl: 1h, max_pending: 100000}\n"
    }

    private static func inserting(_ extra: [Int: String], into lines: [String]) -> [String] {
        var lines = lines
        for (index, line) in extra.sorted(by: { $0.key < $1.key }) { lines.insert(line, at: index) }
        return lines
    }
}

/// Runs the built `driftwatch` executable.
private func runDriftwatch(_ arguments: [String]) async throws -> ChildProcess.Output {
    try await ChildProcess.run(DevBrokerProcess.driftwatchBinary().path, arguments)
}
