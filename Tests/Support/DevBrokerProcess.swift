import Foundation

/// A `driftwatch dev-broker` running as a separate process, reached over TCP like any broker.
package final class DevBrokerProcess: Sendable {
    private let process: Process
    private let input: FileHandle
    private let output: LineReader
    /// The bootstrap address the broker printed.
    package let bootstrapServers: String

    /// Starts `driftwatch dev-broker` with the given arguments and waits for its bootstrap address.
    package init(arguments: [String] = []) async throws {
        let process = Process()
        process.executableURL = try Self.driftwatchBinary()
        process.arguments = ["dev-broker"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        input = stdin.fileHandleForWriting
        output = LineReader(stdout.fileHandleForReading)
        guard let address = await output.nextLine(), address.contains(":") else {
            process.terminate()
            throw DevBrokerError.noAddress
        }
        bootstrapServers = address
    }

    /// Sends one control command and returns the broker's answer line.
    @discardableResult
    package func control(_ command: String) async throws -> String {
        input.write(Data((command + "\n").utf8))
        guard let answer = await output.nextLine() else { throw DevBrokerError.exited }
        return answer
    }

    /// Creates a topic with a name unique to this run and returns the name.
    package func createTopic(prefix: String, partitions: Int) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        let answer = try await control("topic \(name) \(partitions)")
        guard answer == "ok" else { throw DevBrokerError.refused(answer) }
        return name
    }

    /// Sends SIGTERM and returns the exit status.
    package func stop() async -> Int32 {
        process.terminate()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }
        }
    }

    /// The driftwatch executable next to the test bundle (`DRIFTWATCH_BINARY` overrides it).
    package static func driftwatchBinary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["DRIFTWATCH_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("driftwatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw DevBrokerError.binaryMissing
    }
}

package enum DevBrokerError: Error, CustomStringConvertible {
    case binaryMissing, noAddress, exited
    case refused(String)

    package var description: String {
        switch self {
        case .refused(let answer): "driftwatch dev-broker refused a command: \(answer)"
        case .binaryMissing: "The driftwatch executable was not built next to the tests: run 'swift build' first."
        case .noAddress: "driftwatch dev-broker did not print its bootstrap address."
        case .exited: "driftwatch dev-broker exited."
        }
    }
}

/// Reads lines from a pipe without blocking Swift's cooperative pool.
final class LineReader: @unchecked Sendable {  // @unchecked: `buffer` is only touched on `queue`.
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "driftwatch.tests.line-reader")
    private var buffer = Data()

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next line, or `nil` at end of file.
    func nextLine() async -> String? {
        await withCheckedContinuation { continuation in
            queue.async {
                while true {
                    if let newline = self.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: self.buffer[..<newline], as: UTF8.self)
                        self.buffer.removeSubrange(...newline)
                        continuation.resume(returning: line)
                        return
                    }
                    let chunk = self.handle.availableData
                    if chunk.isEmpty {
                        continuation.resume(returning: nil)
                        return
                    }
                    self.buffer.append(chunk)
                }
            }
        }
    }
}
