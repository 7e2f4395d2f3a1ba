import Foundation

/// `driftwatch run --config FILE` as a separate process, which a test can stop gracefully or kill outright.
package final class DriftwatchProcess: Sendable {
    private let process: Process

    /// Starts the processor with further `arguments` (e.g. `--log-format json`); its logs go to `logFile`.
    package init(config: URL, logFile: URL, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = try DevBrokerProcess.driftwatchBinary()
        process.arguments = ["run", "--config", config.path] + arguments
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

    /// Sends a signal (`SIGTERM` for a graceful stop, `SIGKILL` for a crash) and returns the exit status, or the
    /// signal number for a killed process.
    package func stop(signal: Int32 = SIGTERM) async -> Int32 {
        kill(process.processIdentifier, signal)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }
        }
    }
}
