import DriftEngine
import Kafka
import Metrics
import Synchronization

/// The processor's metrics (swift-metrics), created once; labels are bounded (topics, partitions, kinds,
/// statuses).
public final class PipelineCounters: Sendable {
    private let factory: any MetricsFactory
    private let accepted: [String: Counter]
    private let rejected: [String: Counter]
    private let deadLetters: Counter
    private let retrainTriggers: Counter
    private let lostRecords: Counter
    private let alerts: [String: Counter]
    private let pendingJoins: Gauge
    private let joinEvictions: Gauge
    private let joinExpiries: Gauge
    private let lagGauges = Mutex<[KafkaTopicPartition: Gauge]>([:])
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
        pendingJoins = Gauge(label: "driftwatch_join_pending", factory: factory)
        joinEvictions = Gauge(label: "driftwatch_join_evictions", factory: factory)
        joinExpiries = Gauge(label: "driftwatch_join_expiries", factory: factory)
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

    /// Records the join store's size and its evictions and expiries so far (totals kept by the store, so they
    /// are reported as gauges).
    func recordJoins(_ counters: JoinCounters) {
        pendingJoins.record(counters.waitingPredictions + counters.waitingOutcomes)
        joinEvictions.record(counters.evictedPredictions + counters.evictedOutcomes)
        joinExpiries.record(counters.expiredPredictions + counters.expiredOutcomes)
    }

    /// Records how far behind the consumer is, per partition (`driftwatch_consumer_lag`).
    func recordLag(_ lag: [KafkaTopicPartition: Int64]) {
        lagGauges.withLock { gauges in
            for (partition, records) in lag {
                let gauge = gauges[partition] ?? Gauge(
                    label: "driftwatch_consumer_lag",
                    dimensions: [("topic", partition.topic), ("partition", String(partition.partition))],
                    factory: factory
                )
                gauges[partition] = gauge
                gauge.record(records)
            }
        }
    }

    func recordDataLoss(skipped: Int64) {
        lostRecords.increment(by: Int(skipped))
    }
}
