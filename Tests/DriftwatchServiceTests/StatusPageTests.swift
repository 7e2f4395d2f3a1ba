import DriftEngine
import Hummingbird
import MetricsTestKit
import Testing
import WireFormat

@testable import DriftwatchService

@Suite("Status page")
struct StatusPageTests {
    @Test("a model-level signal shows its calibrated threshold's rate and the features that moved most")
    func attributionAndCalibration() {
        let board = StatusBoard()
        let window = SignalWindow(start: 0, end: 1_000, events: 500)
        var prediction = SignalEvaluation(
            kind: .predictionDrift, model: "fraud", modelVersion: "3", feature: nil, detector: "psi", value: 0.3,
            threshold: 0.0412, severity: .critical, isSequential: false, window: window)
        prediction.falseAlarmRate = 0.001
        prediction.attribution = [
            Attribution(
                feature: "amount", detector: "psi", value: 0.5, threshold: 0.04,
                change: FeatureChange(referenceMean: 1, currentMean: 2)),
            Attribution(
                feature: "<country>", detector: "chi2", value: 30, threshold: 20,
                change: FeatureChange(category: "DE", referenceShare: 0.2, currentShare: 0.1)),
        ]
        let fixed = SignalEvaluation(
            kind: .dataDrift, model: "fraud", modelVersion: "3", feature: "age", detector: "psi", value: 0.01,
            threshold: 0.1, severity: nil, isSequential: false, window: window)
        board.record([prediction, fixed])
        let html = StatusPage.html(for: board.snapshot())
        #expect(html.contains("<td class=\"num\">0.0412 <small>auto, 0.001</small></td>"))
        #expect(
            html.contains("amount ↑ <small>psi 0.5 / 0.04</small><br>&lt;country&gt; 'DE' ↓ <small>chi2 30.0 / 20.0"))
        #expect(html.contains("<td class=\"num\">0.1</td>"))
    }

    /// `driftwatch_drift_value` has no version label: versions of a model share its series, so a retired version
    /// must not take the series of the version that runs on.
    @Test("forgetting a model version keeps the gauges its model's other versions share")
    func forgettingAVersionKeepsSharedGauges() throws {
        let metrics = TestMetrics()
        let board = StatusBoard(factory: metrics)
        func evaluation(_ version: String, _ value: Double) -> SignalEvaluation {
            SignalEvaluation(
                kind: .dataDrift, model: "fraud", modelVersion: version, feature: "amount", detector: "psi",
                value: value, threshold: 0.25, severity: nil, isSequential: false,
                window: SignalWindow(start: 0, end: 1_000, events: 500))
        }
        let series = [("model", "fraud"), ("kind", "data_drift"), ("feature", "amount"), ("detector", "psi")]
        board.record([evaluation("2", 0.2), evaluation("1", 0.1)])
        board.forget([SignalSubject(model: "fraud", modelVersion: "1")])
        #expect(try metrics.expectGauge("driftwatch_drift_value", series).lastValue == 0.2, "version 2's value")
        board.record([evaluation("2", 0.3)])
        #expect(try metrics.expectGauge("driftwatch_drift_value", series).lastValue == 0.3)
        #expect(board.snapshot().map(\.modelVersion) == ["2"])

        board.forget([SignalSubject(model: "fraud", modelVersion: "2")])
        #expect(throws: (any Error).self, "the last version's series goes with it") {
            try metrics.expectGauge("driftwatch_drift_value", series)
        }
    }

    @Test("pending approvals get a form where the page can decide, the command and a refresh elsewhere")
    func approvalForms() throws {
        let trigger = try RetrainLoopTests.record(RetrainLoopTests.trigger(id: "t-<1>"))
        let retrain = StatusBoard.RetrainStatus(pending: [trigger], decided: [])
        let form = StatusPage.html(for: [], retrain: retrain, decidesHere: true)
        #expect(form.contains(#"<form method="post" action="/retrain/decisions">"#))
        #expect(form.contains(#"<input type="hidden" name="trigger_id" value="t-&lt;1&gt;">"#))
        #expect(form.contains(#"<button name="decision" value="approve">"#))
        #expect(!form.contains("http-equiv=\"refresh\""), "a refresh would clear what is being typed")
        let command = StatusPage.html(for: [], retrain: retrain)
        #expect(!command.contains("<form"))
        #expect(command.contains("driftwatch retrain approve t-&lt;1&gt; --config"))
        #expect(command.contains("http-equiv=\"refresh\""))
    }

    @Test("a posted form reads as its fields; malformed percent-encoding is refused, not trapped on")
    func formFields() throws {
        let decoder = URLEncodedFormDecoder()
        let form = try decoder.decode(
            DecisionForm.self, from: "trigger_id=abc-1&decision=approve&by=Ana+Lee&reason=ok%2C+retrain%21&x=1")
        #expect(form.triggerID == "abc-1")
        #expect(form.decision == "approve")
        #expect(form.by == "Ana Lee")
        #expect(form.reason == "ok, retrain!")
        #expect(try decoder.decode(DecisionForm.self, from: "trigger_id=a&decision=reject").by == nil)
        #expect(throws: (any Error).self) { try decoder.decode(DecisionForm.self, from: "trigger_id=a&reason=%zz") }
    }
}
