import ArgumentParser
import DriftDetection
import Foundation

/// `driftwatch detect`: runs one sequential detector over numbers, one a line, and prints its signals.
struct Detect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Runs one sequential drift detector over numbers, one a line, and prints its signals.",
        discussion: """
            Reads one number a line (0 or 1 for binary detectors) from FILE or standard input and prints one \
            JSON line per signal: {"index": i, "signal": "drift"} or "warning", i being the 0-based update. \
            Blank lines are skipped. Exit status: 0 on success, 2 for an unknown detector or parameter, \
            1 for unreadable input or a line that is not a valid value.

            Detectors (input kind, reference): parameters with defaults
            \(DetectorCatalog.overview)
            """
    )

    @Option(help: "The detector's name, e.g. adwin, ddm, ecdd_wt.")
    var detector: String

    @Option(name: .customLong("param"), help: "A detector parameter as name=value; repeatable.")
    var parameters: [String] = []

    @Argument(help: "The file to read; standard input when omitted.")
    var file: String?

    func run() async throws {
        var runner: DetectorLineRunner
        do {
            runner = try DetectorLineRunner(detector: detector, assignments: parameters, source: file ?? "<stdin>")
        } catch {
            StandardError.write("error: \(error.message)\n")
            throw ExitCode(2)
        }
        var handle: UnsafeMutablePointer<FILE>?
        if let file {
            handle = fopen(file, "r")
            guard handle != nil else {
                StandardError.write("error: cannot read \(file): \(String(cString: strerror(errno)))\n")
                throw ExitCode.failure
            }
        }
        defer { handle.map { _ = fclose($0) } }
        do {
            while let line = Self.readLine(from: handle) {
                if let output = try runner.feed(line: line) {
                    print(output)
                }
            }
        } catch {
            StandardError.write("error: \(error.message)\n")
            throw ExitCode.failure
        }
    }

    /// The next line of `handle` (`getline(3)`), or of standard input when `handle` is `nil`.
    private static func readLine(from handle: UnsafeMutablePointer<FILE>?) -> String? {
        guard let handle else { return Swift.readLine(strippingNewline: true) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        guard getline(&buffer, &capacity, handle) >= 0, let buffer else { return nil }
        return String(cString: buffer)
    }
}
