import DriftDetection
import Testing
import WireFormat

@testable import DriftEngine

/// Windows that span event time (`window: {duration: …}`) instead of a number of events.
@Suite("Monitoring with time windows")
struct TimeWindowMonitoringTests {
    @Test func aShiftFiresAfterTwoTimeWindows() throws {
        // Messages are 100 ms apart: a 100-second window holds 1000 of them.
        var engine = MonitoringEngine.fraudTestEngine(window: 1_000, windowDuration: 100_000)
        var events = EngineTestEvents(seed: 2)
        var alerts: [(alert: AlertEvent, at: Int)] = []
        for index in 0..<10_000 {
            let bytes = events.prediction(amountShift: index >= 7_000 ? 60 : 0).bytes
            guard
                case .accepted(let outputs) = engine.ingestPrediction(
                    bytes, fallbackTime: nil, partition: 0, offset: Int64(index)
                )
            else {
                Issue.record("prediction \(index) was rejected")
                continue
            }
            for case .alert(let alert) in outputs { alerts.append((alert, index)) }
        }
        try #require(alerts.count == 1, "\(alerts.map(\.alert.dedupKey))")
        #expect(alerts[0].alert.dedupKey == "fraud/1/data_drift/amount")
        #expect(alerts[0].alert.status == .firing)
        // A time window closes when the first event past its end arrives: the second full shifted window
        // (messages 8000..<9000) closes at message 9000.
        #expect(alerts[0].at == 9_000)
        #expect(alerts[0].alert.window.events == 1_000)
        #expect(alerts[0].alert.window.end - alerts[0].alert.window.start == 99_900)
    }
}
