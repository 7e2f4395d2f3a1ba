import DriftEngine
import Metrics
import Synchronization

/// The processor's counters (swift-metrics), created once; labels are bounded (topics, kinds, severities).
public final class PipelineCounters: Sendable {
    private let factory: any MetricsFactory
    private let accepted: [String: Counter]
    private let rejected: [String: Counter]
    private let deadLetters: Counter
    private let retrainTriggers: Counter
    private let lostRecords: Counter
    private let alerts: [String: Counter]
    private let processedTotal = Atomic<Int>(0)

    /// Counters for the given input topics.
    public init(inputTopics: [String], factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        func events(_ result: String) -> [String: Counter] {
            Dictionary(uniqueKeysWithValues: inputTopics.map { topic in
                (topic, Counter(label: "driftwatch_events_total", dimensions: [("topic", topic), ("result", result)],
                                factory: factory))
            })
        }
        accepted = events("accepted")
        rejected = events("rejected")
        deadLetters = Counter(label: "driftwatch_dead_letters_total", factory: factory)
        retrainTriggers = Counter(label: "driftwatch_retrain_triggers_total", factory: factory)
        lostRecords = Counter(label: "driftwatch_lost_records_total", factory: factory)
        var alerts: [String: Counter] = [:]
        for kind in SignalKind.allCases {
            for status in ["firing", "resolved"] {
                alerts["\(kind.rawValue)/\(status)"] = Counter(
                    label: "driftwatch_alerts_total", dimensions: [("kind", kind.rawValue), ("status", status)],
                    factory: factory
                )
            }
        }
        self.alerts = alerts
    }

    /// How many input records were processed (accepted or dead-lettered).
    public var processed: Int { processedTotal.load(ordering: .relaxed) }

    func recordInput(topic: String, accepted isAccepted: Bool) {
        processedTotal.add(1, ordering: .relaxed)
        (isAccepted ? accepted : rejected)[topic]?.increment()
        if !isAccepted { deadLetters.increment() }
    }

    func recordOutput(_ output: MonitoringEngine.Output) {
        switch output {
        case .alert(let alert): alerts["\(alert.kind.rawValue)/\(alert.status.rawValue)"]?.increment()
        case .retrain: retrainTriggers.increment()
        }
    }

    func recordDataLoss(skipped: Int64) {
        lostRecords.increment(by: Int(skipped))
    }
}
