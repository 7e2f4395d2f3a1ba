import Foundation

/// Runs a program to completion without blocking Swift's cooperative pool.
package enum ChildProcess {
    package struct Output {
        package var status: Int32
        package var standardOutput: String
        package var standardError: String
    }

    /// Runs `program` (a path, or a name looked up on PATH) with `arguments`, feeding it `input` on standard input.
    package static func run(_ program: String, _ arguments: [String], input: String = "") async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID())")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let errorText = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(at: errors)
                continuation.resume(returning: Output(
                    status: process.terminationStatus, standardOutput: String(decoding: data, as: UTF8.self),
                    standardError: errorText
                ))
            }
        }
    }
}
