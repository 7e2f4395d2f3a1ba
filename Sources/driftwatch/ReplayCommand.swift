import ArgumentParser
import DriftEngine
import DriftwatchService
import Foundation

/// `driftwatch replay`: the processor's engine over JSON-lines files, for back-testing.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Runs the engine over JSON-lines files; writes alerts and retrain triggers as JSON lines.",
        discussion: """
            Each input line is one event in its topic's format. The two files are merged by the events' `ts` \
            (predictions first on a tie; each file keeps its own order). Every alert and retrain trigger is written \
            as one line, its CloudEvent as `run` publishes it, with source `driftwatch/replay`; retrain triggers \
            point at partition 0 and a prediction's line number, from 0, as its offset. A line the engine rejects \
            is reported on standard error as FILE:LINE: reason and counted; a one-line summary follows at the end. \
            A progress bar is drawn on standard error when it is a terminal. Exit status 0 on success (rejected \
            lines included), 2 for a bad configuration or an unreadable input file, 1 for other failures.
            """
    )

    @Option(help: "The YAML configuration file.")
    var config: String

    @Option(help: "The prediction events, one JSON object a line.")
    var predictions: String

    @Option(help: "The outcome events, one JSON object a line.")
    var outcomes: String?

    @Option(help: "Where to write the alerts and retrain triggers (default: standard output).")
    var output: String?

    func run() async throws {
        let engine = try ConfiguredEngine.load(config, instance: ReplayRunner.instance).engine
        var runner: ReplayRunner
        do {
            runner = try ReplayRunner(engine: engine, predictions: predictions, outcomes: outcomes)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        }
        var bar = isatty(STDERR_FILENO) == 1 ? ProgressBar(startedAt: .now) : nil
        do throws(ReplayError) {
            var writer = try JSONLinesWriter(path: output)
            let summary = try runner.run(
                write: { line throws(ReplayError) in try writer.write(line) },
                reject: { rejection in StandardError.write((bar?.erase() ?? "") + "\(rejection)\n") },
                progress: { progress in bar?.update(progress, at: .now).map(StandardError.write) }
            )
            try writer.flush()
            StandardError.write((bar?.erase() ?? "") + "\(summary)\n")
        } catch {
            StandardError.write((bar?.erase() ?? "") + "\(error)\n")
            throw ExitCode(error.code == .unreadableInput ? 2 : 1)
        }
    }
}
