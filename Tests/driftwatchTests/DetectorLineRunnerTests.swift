import DriftDetection
import Testing

@testable import driftwatch

@Suite("driftwatch detect's line handling")
struct DetectorLineRunnerTests {
    @Test("prints one JSON line per signal with the 0-based update index")
    func printsSignals() throws {
        var runner = try DetectorLineRunner(detector: "ddm", assignments: ["warm_start=5"], source: "errors.txt")
        var output: [String] = []
        let lines = Array(repeating: "0", count: 40) + ["", "  1 "] + Array(repeating: "1", count: 40)
        for line in lines {
            if let printed = try runner.feed(line: line) {
                output.append(printed)
            }
        }
        var reference = try DetectorCatalog.makeDetector(named: "ddm", parameters: ["warm_start": "5"])
        let values = Array(repeating: 0.0, count: 40) + Array(repeating: 1.0, count: 41)
        let expected = values.enumerated().compactMap { index, value -> String? in
            let signal = reference.update(value)
            return signal == .none ? nil : "{\"index\": \(index), \"signal\": \"\(signal.rawValue)\"}"
        }
        #expect(output == expected)
        // After 40 correct predictions DDM's minimum deviation is 0, so the first error is a drift.
        #expect(output.first == "{\"index\": 40, \"signal\": \"drift\"}")
    }

    @Test("an update that warns and drifts at once prints the warning line, then the drift line")
    func warningAndDrift() throws {
        var runner = try DetectorLineRunner(detector: "eddm", assignments: [], source: "errors.txt")
        var output: [String] = []
        // Errors every 20 updates, then every 8: EDDM's ratio falls through its warning level, then its drift level.
        for index in 0..<6_000 {
            let spacing = index < 3_000 ? 20 : 8
            if let printed = try runner.feed(line: index % spacing == 0 ? "1" : "0") {
                output += printed.split(separator: "\n").map(String.init)
            }
        }
        // The first drift comes before any warning; a later one follows a warning and reports both.
        let both = output.indices.dropFirst().filter { line in
            let index = output[line].prefix { $0 != "," }
            return output[line] == index + #", "signal": "drift"}"#
                && output[line - 1] == index + #", "signal": "warning"}"#
        }
        #expect(!both.isEmpty, "\(output)")
    }

    @Test("a bad line names the source and line number", arguments: ["abc", "1e400", "0.5"])
    func badLine(line: String) throws {
        var runner = try DetectorLineRunner(detector: "eddm", assignments: [], source: "errors.txt")
        _ = try runner.feed(line: "1")
        _ = try runner.feed(line: "")
        #expect {
            try runner.feed(line: line)
        } throws: { error in
            guard let error = error as? DriftDetectionError else { return false }
            return error.code == .invalidInput && error.message.hasPrefix("errors.txt:3: ")
        }
    }

    @Test("numeric detectors accept any finite number")
    func numericInput() throws {
        var runner = try DetectorLineRunner(detector: "adwin", assignments: [], source: "<stdin>")
        #expect(try runner.feed(line: "-3.25e2") == nil)
        #expect(try runner.feed(line: "0.5\r") == nil)
    }

    @Test(
        "malformed or repeated --param assignments are rejected",
        arguments: [["delta"], ["delta=0.1", "delta=0.2"], ["clock=abc"], ["nope=1"]]
    )
    func badAssignments(assignments: [String]) {
        #expect(throws: DriftDetectionError.self) {
            try DetectorLineRunner(detector: "adwin", assignments: assignments, source: "<stdin>")
        }
    }
}
