import Foundation

/// A program running beside a test (a server, driftwatch itself), its output going to a log file, until the test
/// stops it with a signal.
package final class BackgroundProcess: Sendable {
    private let process: Process

    /// Starts `executable` with `arguments` (and `environment` on top of the test's); its standard output and error
    /// are appended to `logFile`.
    package init(executable: URL, arguments: [String], logFile: URL, environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, override in override }
        }
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Whether the program still runs (it has not exited of its own accord or been stopped).
    package var isRunning: Bool { process.isRunning }

    /// The program's process id.
    package var processIdentifier: Int32 { process.processIdentifier }

    /// Waits up to `timeout` for the program to end; returns how it ended (by exiting or by a signal), or `nil`
    /// when it still runs.
    package func ending(within timeout: Duration) async -> Process.TerminationReason? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationReason
    }

    /// Sends a signal (`SIGTERM` for a graceful stop, `SIGKILL` for a crash) and returns the exit status, or the
    /// signal number for a killed process. A process still running `killAfter` later is killed (`SIGKILL`).
    package func stop(signal: Int32 = SIGTERM, killAfter: Duration? = nil) async -> Int32 {
        kill(process.processIdentifier, signal)
        if let killAfter {
            let deadline = ContinuousClock.now + killAfter
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }
        }
    }
}
