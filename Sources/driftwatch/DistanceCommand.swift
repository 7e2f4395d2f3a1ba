import ArgumentParser
import DriftDetection
import Foundation

/// `driftwatch distance`: compares two files of values with one metric and prints the result as JSON.
struct Distance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a current sample with a reference sample using one distance or test.",
        discussion: """
            Each file holds one value per line. Prints {"metric": …, "value": x}, plus "p_value" \
            for ks and chi2. Numeric bins are the reference's quantiles at k/N. Exits with 2 when \
            an argument or a value is wrong.
            """
    )

    @Option(help: "One of: \(DistanceMetric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: String

    @Option(help: "File of reference values, one per line.")
    var reference: String

    @Option(help: "File of current values, one per line.")
    var current: String

    @Option(help: "Number of bins for numeric data.")
    var bins: Int = DistanceCalculator.defaultBinCount

    @Flag(help: "Treat values as category labels.")
    var categorical = false

    func run() async throws {
        do {
            guard let metric = DistanceMetric(rawValue: metric) else {
                throw DriftDetectionError(
                    .invalidArgument,
                    "unknown metric '\(self.metric)'; use one of "
                        + DistanceMetric.allCases.map(\.rawValue).joined(separator: ", "),
                    field: "metric"
                )
            }
            let request = try DistanceRequest(metric: metric, bins: bins, categorical: categorical)
            let result = try request.evaluate(
                referenceText: try UsageFailure.readText(reference),
                referenceSource: reference,
                currentText: try UsageFailure.readText(current),
                currentSource: current
            )
            print(result.jsonLine)
        } catch let error as DriftDetectionError {
            throw UsageFailure.exit(error)
        }
    }
}

/// How the statistics commands report a problem with their arguments or input files: a line on
/// standard error and exit status 2 (DESIGN §4).
enum UsageFailure {
    /// Prints `error: <description>` to standard error and returns the exit status to throw.
    static func exit(_ error: DriftDetectionError) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        return ExitCode(2)
    }

    /// Reads a UTF-8 text file.
    ///
    /// - Throws: ``DriftDetectionError`` naming the file when it cannot be read.
    static func readText(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DriftDetectionError(.invalidInput, "cannot be read as UTF-8 text", source: path)
        }
    }
}
