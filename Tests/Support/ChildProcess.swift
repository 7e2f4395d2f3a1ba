import Foundation

/// Runs a program to completion without blocking Swift's cooperative pool.
package enum ChildProcess {
    package struct Output {
        package var status: Int32
        package var standardOutput: String
    }

    /// Runs `program` (looked up on PATH) with `arguments`, feeding it `input` on standard input.
    package static func run(_ program: String, _ arguments: [String], input: String = "") async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Output(
                    status: process.terminationStatus, standardOutput: String(decoding: data, as: UTF8.self)
                ))
            }
        }
    }
}
