import DriftDetection
import Testing

@testable import driftwatch

@Suite("driftwatch distance's input and output")
struct DistanceCommandTests {
    @Test func requestsCheckTheirArgumentsAndPrintOneJSONLine() throws {
        #expect(throws: DriftDetectionError.self) { try DistanceRequest(metric: .ks, categorical: true) }
        #expect(throws: DriftDetectionError.self) { try DistanceRequest(metric: .psi, bins: 1) }
        let ks = try DistanceRequest(metric: .ks).evaluate(
            referenceText: "1\n2\n3\n4\n5\n6\n7\n8\n", referenceSource: "r", currentText: "2\n3\n4\n5\n9\n9.5\n",
            currentSource: "c")
        // scipy.stats.ks_2samp([1..8], [2, 3, 4, 5, 9, 9.5], method="asymp")
        #expect(ks.jsonLine == #"{"metric": "ks", "value": 0.33333333333333337, "p_value": 0.7777777777777778}"#)
        let tvd = try DistanceRequest(metric: .tvd, categorical: true).evaluate(
            referenceText: "a\nb\n", referenceSource: "r", currentText: "a\na\n", currentSource: "c")
        #expect(tvd.jsonLine == #"{"metric": "tvd", "value": 0.49995}"#)
    }

    @Test func valueListParserNamesTheBadLine() throws {
        #expect(try ValueListParser.numbers(in: "1\n 2.5 \n\n-3e2\n", source: "r.txt") == [1, 2.5, -300])
        let error = try #require(throws: DriftDetectionError.self) {
            try ValueListParser.numbers(in: "1\n2\nabc\n", source: "r.txt")
        }
        #expect(error.line == 3)
        #expect(error.description.contains("r.txt"))
        #expect(try ValueListParser.categories(in: "KR\nUS\n\nKR", source: "c.txt") == ["KR", "US", "KR"])
    }
}
