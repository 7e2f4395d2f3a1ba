import Foundation

/// `driftwatch run --config FILE` as a separate process, which a test can stop gracefully or kill outright.
package final class DriftwatchProcess: Sendable {
    private let process: BackgroundProcess

    /// Starts the processor with further `arguments` (e.g. `--log-format json`); its logs go to `logFile`.
    package init(config: URL, logFile: URL, arguments: [String] = []) throws {
        process = try BackgroundProcess(
            executable: try DevBrokerProcess.driftwatchBinary(),
            arguments: ["run", "--config", config.path] + arguments,
            logFile: logFile)
    }

    /// Whether the processor still runs.
    package var isRunning: Bool { process.isRunning }

    /// Sends a signal (`SIGTERM` for a graceful stop, `SIGKILL` for a crash) and returns the exit status, or the
    /// signal number for a killed process.
    package func stop(signal: Int32 = SIGTERM) async -> Int32 {
        await process.stop(signal: signal)
    }
}
