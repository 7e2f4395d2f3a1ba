import DriftwatchTestSupport
import Foundation
import Testing

extension EndToEnd {
    /// `make demo` as a user sees it: `driftwatch demo` catches what it injects and ends cleanly, without an
    /// error-level log line (an error line must mean something is wrong).
    @Suite("The demo", .timeLimit(.minutes(3)))
    struct DemoEndToEndTests {
        @Test func demoCatchesItsDriftsAndLogsNoError() async throws {
            let result = try await ChildProcess.run(try DevBrokerProcess.driftwatchBinary().path, ["demo"])
            #expect(result.status == 0, "\(result.standardError.suffix(2_000))")
            #expect(result.standardOutput.contains("status page: http://"))
            #expect(result.standardOutput.contains("caught after"), "\(result.standardOutput.suffix(2_000))")
            #expect(!result.standardOutput.contains("not caught"), "\(result.standardOutput.suffix(2_000))")
            // Log lines read `<time> <level> <label>: …`.
            let errors = result.standardError.split(separator: "\n").filter { line in
                ["error", "critical"].contains(line.split(separator: " ").dropFirst().first)
            }
            #expect(errors.isEmpty, "error lines: \(errors.prefix(5))")
        }
    }
}
