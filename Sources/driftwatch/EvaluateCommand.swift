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
            detectors run on Gaussian streams, binary detectors on error-bit streams, \
            \(EvaluationSuite.streamsPerScenario) seeded streams per scenario. Exit status 2 for an unknown \
            detector or parameter.
            """
    )

    @Option(help: "The detector's name, e.g. adwin, ddm, ecdd_wt.")
    var detector: String

    @Option(name: .customLong("param"), help: "A detector parameter as name=value; repeatable.")
    var parameters: [String] = []

    func run() async throws {
        do {
            let scores = try DetectorEvaluation.evaluate(detector: detector, assignments: parameters)
            print(DetectorEvaluation.table(scores))
        } catch {
            StandardError.write("error: \(error.message)\n")
            throw ExitCode(2)
        }
    }
}
