import Foundation

/// Tansu, an independent Kafka-compatible broker (in-memory storage), as a separate process on a free loopback
/// port. `DRIFTWATCH_TANSU` names its executable (`make test-interop` sets it); clients need librdkafka 2.16 or
/// newer to talk to it, since 2.0.2 fails its ApiVersions handshake.
package final class TansuProcess: TestBroker {
    /// The executable named by `DRIFTWATCH_TANSU`, or `nil` when it is not set.
    package static let executable = ProcessInfo.processInfo.environment["DRIFTWATCH_TANSU"]

    package let bootstrapServers: String
    private let process: BackgroundProcess
    private let logFile: URL

    /// Starts the broker and waits until it accepts metadata requests.
    package init() async throws {
        guard let executable = Self.executable else { throw InstalledTool.Missing(name: "tansu (DRIFTWATCH_TANSU)") }
        let port = try InstalledTool.freePort()
        bootstrapServers = "127.0.0.1:\(port)"
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-\(port)-\(UUID()).log")
        process = try BackgroundProcess(
            executable: URL(fileURLWithPath: executable),
            arguments: [
                "broker", "--listener-url", "tcp://\(bootstrapServers)", "--advertised-listener-url",
                "tcp://\(bootstrapServers)", "--storage-engine", "memory://tansu/",
            ],
            logFile: logFile)
        let deadline = ContinuousClock.now + .seconds(30)
        while !log.contains("ready in") {
            guard ContinuousClock.now < deadline else { throw TansuError.notReady(log) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    package func createTopic(prefix: String, partitions: Int) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        let result = try await ChildProcess.run(
            Self.executable ?? "tansu",
            ["topic", "create", "--broker", "tcp://\(bootstrapServers)", "--partitions", "\(partitions)", name])
        guard result.status == 0 else { throw TansuError.refused(result.standardError + result.standardOutput) }
        return name
    }

    /// Stops the broker; Tansu 0.6 may keep running after `SIGTERM` once clients have used it, so it is killed
    /// after 5 s (and the status is then `SIGKILL`'s number).
    package func stop() async -> Int32 {
        let status = await process.stop(killAfter: .seconds(5))
        try? FileManager.default.removeItem(at: logFile)
        return status
    }

    /// What the broker printed.
    package var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
}

package enum TansuError: Error, CustomStringConvertible {
    case notReady(String)
    case refused(String)

    package var description: String {
        switch self {
        case .notReady(let log): "Tansu did not report ready within 30 s:\n\(log)"
        case .refused(let output): "tansu topic create failed: \(output)"
        }
    }
}
