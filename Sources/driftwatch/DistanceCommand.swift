import ArgumentParser
import DriftDetection
import Foundation

/// `driftwatch distance`: compares two files of values with one metric and prints the result as JSON.
struct Distance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distance",
        abstract: "Compares a current sample with a reference sample using one distance or test.",
        discussion: """
            Each file holds one value per line. Prints {"metric": …, "value": x}, plus "p_value" \
            for ks and chi2. Numeric bins are the reference's quantiles at k/N. Exit status: 0 on \
            success, 2 for a bad argument, 1 for an unreadable file or a line that is not a value.
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
                referenceText: try CommandFailure.readText(reference),
                referenceSource: reference,
                currentText: try CommandFailure.readText(current),
                currentSource: current
            )
            print(result.jsonLine)
        } catch let error as DriftDetectionError {
            throw CommandFailure.exit(error)
        }
    }
}

/// How the statistics commands (`distance`, `profile build`) report a failure: `error: <description>` on
/// standard error, then exit status 2 for a bad argument and 1 for bad or unreadable input (README, "Commands").
enum CommandFailure {
    /// Prints the error to standard error and returns the exit status to throw.
    static func exit(_ error: DriftDetectionError) -> ExitCode {
        StandardError.write("error: \(error.description)\n")
        return ExitCode(error.code == .invalidArgument ? 2 : 1)
    }

    /// Reads a UTF-8 text file.
    ///
    /// - Throws: ``DriftDetectionError`` naming the file when it cannot be read.
    static func readText(_ path: String) throws -> String {
        String(decoding: try readData(path), as: UTF8.self)
    }

    /// Reads a file.
    ///
    /// - Throws: ``DriftDetectionError`` naming the file when it cannot be read.
    static func readData(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DriftDetectionError(.invalidInput, "cannot be read (\(error.localizedDescription))", source: path)
        }
    }
}
