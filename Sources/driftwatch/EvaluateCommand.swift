import ArgumentParser
import DriftDetection
import Foundation

/// `driftwatch evaluate`: scores a detector on built-in labelled streams with known change points.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Scores a sequential detector on built-in synthetic streams with known change points.",
        discussion: """
            Prints, per scenario and in total: change points, detections, missed drifts, mean detection delay, \
            false alarms per 10,000 updates, precision and recall. A drift signal detects a change point when \
            it comes at most \(DetectorEvaluation.detectionHorizon) updates after it (and before the next \
            change point); the first such signal counts, every other drift signal is a false alarm. Numeric \
            detectors run on Gaussian streams, binary detectors on error-bit streams (among them the error \
            streams of the SEA, STAGGER and Agrawal generators with abrupt and gradual concept drift), \
            \(EvaluationSuite.streamsPerScenario) seeded streams per scenario. --write-streams exports the \
            streams so that other libraries' detectors can be scored on them \
            (Benchmarks/scripts/compare_detector_quality.py). Exit status 2 for an unknown detector or parameter.
            """
    )

    @Option(help: "The detector's name, e.g. adwin, ddm, ecdd_wt.")
    var detector: String?

    @Option(name: .customLong("param"), help: "A detector parameter as name=value; repeatable.")
    var parameters: [String] = []

    @Flag(help: "Print one JSON object per scenario instead of the table.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Write the streams of --input (binary or numeric) as JSON lines to this file and exit.",
            valueName: "file"))
    var writeStreams: String?

    @Option(help: "The streams --write-streams writes: binary or numeric.")
    var input: String = "binary"

    func validate() throws {
        guard detector != nil || writeStreams != nil else {
            throw ValidationError("Give --detector NAME, or --write-streams FILE to export the streams.")
        }
        guard DetectorInput(rawValue: input) != nil else {
            throw ValidationError("--input is binary or numeric, got '\(input)'.")
        }
    }

    func run() async throws {
        if let writeStreams {
            let streams = EvaluationSuite.jsonLines(for: DetectorInput(rawValue: input) ?? .binary)
            do {
                try streams.write(toFile: writeStreams, atomically: true, encoding: .utf8)
            } catch {
                StandardError.write("error: \(writeStreams) cannot be written (\(error.localizedDescription))\n")
                throw ExitCode(1)
            }
            return
        }
        do {
            let scores = try DetectorEvaluation.evaluate(detector: detector ?? "", assignments: parameters)
            print(json ? DetectorEvaluation.jsonLines(scores) : DetectorEvaluation.table(scores))
        } catch {
            StandardError.write("error: \(error.message)\n")
            throw ExitCode(2)
        }
    }
}
