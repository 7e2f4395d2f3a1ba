import DriftDetection
import Testing
import WireFormat

@testable import DriftEngine

/// The `performance` kind: the windowed error rate of joined outcomes against the first window's.
@Suite("Performance monitoring")
struct PerformanceMonitoringTests {
    @Test func aRisingErrorRateFiresAndResolvesOnceItRecovers() throws {
        var engine = MonitoringEngine.fraudTestEngine(
            warmup: 500, window: 500, concept: ConceptSettings(detector: "ddm", parameters: ["warm_start": "1000"])
        )
        var events = EngineTestEvents(seed: 6)
        var performance: [(status: AlertStatus, at: Int)] = []
        for index in 0..<6_000 {
            let prediction = events.prediction()
            let errorRate = (2_000..<4_000).contains(index) ? 0.3 : 0.05
            let outcome = events.outcome(of: prediction, errorRate: errorRate)
            for result in [
                engine.ingestPrediction(prediction.bytes, fallbackTime: nil, partition: 0, offset: Int64(index)),
                engine.ingestOutcome(outcome, fallbackTime: nil, partition: 0, offset: 0),
            ] {
                guard case .accepted(let outputs) = result else {
                    Issue.record("message \(index) was rejected")
                    continue
                }
                for case .alert(let alert) in outputs where alert.kind == .performance {
                    #expect(alert.dedupKey == "fraud/1/performance/error_rate")
                    performance.append((alert.status, index))
                }
            }
        }
        try #require(performance.count == 2, "\(performance)")
        #expect(performance[0].status == .firing)
        #expect((2_000..<3_500).contains(performance[0].at), "fired at \(performance[0].at)")
        #expect(performance[1].status == .resolved)
        #expect((4_000..<5_500).contains(performance[1].at), "resolved at \(performance[1].at)")
    }
}
