import DriftDetection
import Testing

@testable import driftwatch

@Suite("driftwatch evaluate's scoring")
struct DetectorEvaluationTests {
    private let stream = LabelledStream(
        scenario: "two changes",
        values: Array(repeating: 0, count: 5000),
        changePoints: [1000, 3000]
    )

    @Test("the first drift within the horizon detects a change; every other drift is a false alarm")
    func matching() {
        // 500: before any change; 1010 detects 1000; 1020: second signal for 1000; 4000 is past the horizon.
        let score = DetectorEvaluation.score(drifts: [500, 1010, 1020, 4000], stream: stream)
        #expect(score.detected == 1)
        #expect(score.missed == 1)
        #expect(score.falseAlarms == 3)
        #expect(score.meanDelay == 10)
        #expect(score.precision == 0.25)
        #expect(score.recall == 0.5)
        #expect(score.falseAlarmsPer10k == 6)
    }

    @Test("a detection cannot reach past the next change point")
    func windowEndsAtNextChange() {
        let close = LabelledStream(
            scenario: "close",
            values: Array(repeating: 0, count: 3000),
            changePoints: [1000, 1200]
        )
        let score = DetectorEvaluation.score(drifts: [1250], stream: close)
        #expect(score.detected == 1)
        #expect(score.totalDelay == 50)
        #expect(score.falseAlarms == 0)
    }

    @Test("without signals there is no precision and no delay")
    func empty() {
        let score = DetectorEvaluation.score(drifts: [], stream: stream)
        #expect(score.precision == nil)
        #expect(score.meanDelay == nil)
        #expect(score.recall == 0)
    }

    @Test("the suite is deterministic and labels its change points")
    func suite() {
        for input in [DetectorInput.numeric, .binary] {
            let first = EvaluationSuite.streams(for: input)
            let second = EvaluationSuite.streams(for: input)
            #expect(first.map(\.values) == second.map(\.values))
            #expect(first.count == (input == .numeric ? 4 : 10) * EvaluationSuite.streamsPerScenario)
            #expect(first.contains { $0.changePoints.isEmpty })
        }
    }

    @Test("DDM finds the abrupt error increase and the report has a row per scenario and a total")
    func evaluatesDDM() throws {
        let scores = try DetectorEvaluation.evaluate(detector: "ddm", assignments: [])
        #expect(scores.map(\.scenario).last == "all")
        #expect(scores.count == 11)
        let abrupt = try #require(scores.first { $0.scenario == "abrupt error increase" })
        #expect(abrupt.recall.map { $0 >= 0.8 } == true)
        for generator in ["SEA", "STAGGER", "Agrawal"] {
            let drift = try #require(scores.first { $0.scenario == "\(generator) abrupt" })
            #expect(drift.recall.map { $0 >= 0.5 } == true, "\(generator): \(drift)")
        }
        let table = DetectorEvaluation.table(scores)
        #expect(table.split(separator: "\n").count == 12)
        #expect(table.hasPrefix("scenario"))
    }

    @Test("an unknown parameter is reported before anything runs")
    func unknownParameter() {
        #expect(throws: DriftDetectionError.self) {
            try DetectorEvaluation.evaluate(detector: "ddm", assignments: ["warmstart=3"])
        }
    }
}
