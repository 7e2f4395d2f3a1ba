import DriftDetection
import Testing

@testable import DriftEngine

/// A model version's state survives a partition hand-over through the state store.
@Suite("Monitor hand-over")
struct MonitorHandoverTests {
    static func engine(store: (any MonitorStateStore)?) -> MonitoringEngine {
        .fraudTestEngine(concept: ConceptSettings(detector: "ddm"), stateStore: store)
    }

    /// Stationary traffic, a shift of `amount` (which fires), and a return (which resolves): 12,000 predictions.
    static let predictions: [[UInt8]] = {
        var events = EngineTestEvents(seed: 5)
        return (0..<12_000).map { index in
            events.prediction(amountShift: (6_000..<9_000).contains(index) ? 60 : 0).bytes
        }
    }()

    static func feed(_ range: Range<Int>, to engine: inout MonitoringEngine) -> [String] {
        range.flatMap { index -> [String] in
            guard case .accepted(let outputs) = engine.ingestPrediction(
                predictions[index], fallbackTime: nil, partition: 4, offset: Int64(index)
            ) else { return ["rejected \(index)"] }
            return outputs.map { String(decoding: engine.encode($0).value, as: UTF8.self) }
        }
    }

    @Test(arguments: [2_500, 6_500, 7_500])
    func handedOverStateContinuesAsIfUninterrupted(at cut: Int) {
        var uninterrupted = Self.engine(store: nil)
        let expected = Self.feed(0..<12_000, to: &uninterrupted)
        #expect(expected.count == 2, "the scenario fires and resolves one alert")

        let store = InMemoryMonitorStateStore()
        var first = Self.engine(store: store)
        var outputs = Self.feed(0..<cut, to: &first)
        first.release(partitions: [4])
        var second = Self.engine(store: store)
        outputs += Self.feed(cut..<12_000, to: &second)

        #expect(outputs == expected)
        #expect(first.handoverFailures == 0 && second.handoverFailures == 0)
    }

    @Test func withoutAStoreTheNextOwnerStartsAfresh() {
        var first = Self.engine(store: nil)
        _ = Self.feed(0..<7_500, to: &first)
        first.release(partitions: [4])
        // The same engine sees the version as new: it warms up again on the drifted data and stays quiet.
        #expect(Self.feed(7_500..<9_000, to: &first).isEmpty)
    }
}
