import DriftEngine
import Testing

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
}
