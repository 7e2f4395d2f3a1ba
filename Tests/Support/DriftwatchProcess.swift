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

    /// The processor's process id.
    package var processIdentifier: Int32 { process.processIdentifier }

    /// Whether the processor still runs.
    package var isRunning: Bool { process.isRunning }

    /// The peak resident memory of the processor so far (`VmHWM` of `/proc/PID/status`), in bytes; `nil` once it
    /// has exited.
    package var peakResidentBytes: Int? {
        guard
            let status = try? String(
                contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// Waits up to `timeout` for the processor to end; returns how it ended, or `nil` when it still runs.
    package func ending(within timeout: Duration) async -> Process.TerminationReason? {
        await process.ending(within: timeout)
    }

    /// Sends a signal without waiting (`SIGHUP` reloads the configuration).
    package func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Sends a signal (`SIGTERM` for a graceful stop, `SIGKILL` for a crash) and returns the exit status, or the
    /// signal number for a killed process.
    package func stop(signal: Int32 = SIGTERM) async -> Int32 {
        await process.stop(signal: signal)
    }
}
