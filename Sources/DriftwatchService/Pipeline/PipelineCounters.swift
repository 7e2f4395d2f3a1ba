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
    private let joinEvictions: Counter
    private let joinExpiries: Counter
    private let lateEvents: Counter
    private let versionsRetired: Counter
    private let eventsWithoutReference: Counter
    private let assignedPartitions: Gauge
    private let processingLatency: Timer
    private let lagGauges = Mutex<[KafkaTopicPartition: Gauge]>([:])
    /// By limit name (``MonitoringLimits/names``), each exported from the start so that a rate can be taken.
    private let limitHits: [MonitoringLimits.Name: Counter]
    private let checkpoints: Counter
    private let stateBytes: Counter
    private let restoreFailures: Counter
    private let restoreTime: Timer
    private let processedTotal = Atomic<Int>(0)

    /// Counters for the given input topics.
    public init(inputTopics: [String], factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        func events(_ result: String) -> [String: Counter] {
            Dictionary(
                uniqueKeysWithValues: inputTopics.map { topic in
                    (
                        topic,
                        Counter(
                            label: MetricName.events.rawValue, dimensions: [("topic", topic), ("result", result)],
                            factory: factory)
                    )
                })
        }
        accepted = events("accepted")
        rejected = events("rejected")
        deadLetters = Counter(label: MetricName.deadLetters.rawValue, factory: factory)
        retrainTriggers = Counter(label: MetricName.retrainTriggers.rawValue, factory: factory)
        lostRecords = Counter(label: MetricName.lostRecords.rawValue, factory: factory)
        var alerts: [String: Counter] = [:]
        for kind in SignalKind.allCases {
            for severity in [Severity.warning, .critical] {
                for status in [AlertStatus.firing, .resolved] {
                    alerts[Self.alertKey(kind, severity, status)] = Counter(
                        label: MetricName.alerts.rawValue,
                        dimensions: [
                            ("kind", kind.rawValue), ("severity", severity.rawValue), ("status", status.rawValue),
                        ],
                        factory: factory
                    )
                }
            }
        }
        self.alerts = alerts
        pendingJoins = Gauge(label: MetricName.joinPending.rawValue, factory: factory)
        joinEvictions = Counter(label: MetricName.joinEvictions.rawValue, factory: factory)
        joinExpiries = Counter(label: MetricName.joinExpiries.rawValue, factory: factory)
        lateEvents = Counter(label: MetricName.lateEvents.rawValue, factory: factory)
        versionsRetired = Counter(label: MetricName.versionsRetired.rawValue, factory: factory)
        eventsWithoutReference = Counter(label: MetricName.eventsWithoutReference.rawValue, factory: factory)
        assignedPartitions = Gauge(label: MetricName.assignedPartitions.rawValue, factory: factory)
        processingLatency = Timer(label: MetricName.processingLatency.rawValue, factory: factory)
        checkpoints = Counter(label: MetricName.stateCheckpoints.rawValue, factory: factory)
        stateBytes = Counter(label: MetricName.stateWrittenBytes.rawValue, factory: factory)
        restoreFailures = Counter(label: MetricName.stateRestoreFailures.rawValue, factory: factory)
        restoreTime = Timer(label: MetricName.stateRestoreTime.rawValue, factory: factory)
        limitHits = Dictionary(
            uniqueKeysWithValues: MonitoringLimits.Name.allCases.map { limit in
                let dimensions = [("limit", limit.rawValue)]
                return (limit, Counter(label: MetricName.limitHits.rawValue, dimensions: dimensions, factory: factory))
            })
    }

    private static func alertKey(_ kind: SignalKind, _ severity: Severity, _ status: AlertStatus) -> String {
        "\(kind.rawValue)/\(severity.rawValue)/\(status.rawValue)"
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
        case .alert(let alert): alerts[Self.alertKey(alert.kind, alert.severity, alert.status)]?.increment()
        case .retrain: retrainTriggers.increment()
        }
    }

    /// Records the join store's size, and the evictions and expiries between `before` and `now` (totals kept by
    /// the store, which also move when partitions are restored or released; only the change made by processing
    /// counts).
    func recordJoins(now: JoinCounters, before: JoinCounters? = nil) {
        pendingJoins.record(now.waitingPredictions + now.waitingOutcomes)
        guard let before else { return }
        let evicted = now.evictedPredictions + now.evictedOutcomes - before.evictedPredictions - before.evictedOutcomes
        let expired = now.expiredPredictions + now.expiredOutcomes - before.expiredPredictions - before.expiredOutcomes
        if evicted > 0 { joinEvictions.increment(by: evicted) }
        if expired > 0 { joinExpiries.increment(by: expired) }
    }

    /// Records what the engine counted between `before` and `now`: late predictions, versions retired and limits
    /// that bit.
    func recordEngine(now: EngineCounters, before: EngineCounters) {
        if now.lateEvents > before.lateEvents { lateEvents.increment(by: now.lateEvents - before.lateEvents) }
        if now.versionsRetired > before.versionsRetired {
            versionsRetired.increment(by: now.versionsRetired - before.versionsRetired)
        }
        if now.eventsWithoutReference > before.eventsWithoutReference {
            eventsWithoutReference.increment(by: now.eventsWithoutReference - before.eventsWithoutReference)
        }
        guard now.limitHits != before.limitHits else { return }
        for (limit, count) in now.limitHits where count > before.limitHits[limit, default: 0] {
            limitHits[limit]?.increment(by: count - before.limitHits[limit, default: 0])
        }
    }

    /// Records how long a batch took from polling until its outputs were acknowledged.
    func recordBatch(latency: Duration) {
        processingLatency.record(duration: latency)
    }

    /// Records how many partitions this instance owns.
    func recordAssignment(partitions: Int) {
        assignedPartitions.record(partitions)
    }

    /// Records how far behind the consumer is, per partition (`driftwatch_consumer_lag`); partitions absent from
    /// `lag` (no longer assigned) lose their series.
    func recordLag(_ lag: [KafkaTopicPartition: Int64]) {
        lagGauges.withLock { gauges in
            for partition in gauges.keys where lag[partition] == nil {
                gauges.removeValue(forKey: partition)?.destroy()
            }
            for (partition, records) in lag {
                let gauge =
                    gauges[partition]
                    ?? Gauge(
                        label: MetricName.consumerLag.rawValue,
                        dimensions: [("topic", partition.topic), ("partition", String(partition.partition))],
                        factory: factory
                    )
                gauges[partition] = gauge
                gauge.record(records)
            }
        }
    }

    /// Records a checkpoint written to the state topic.
    func recordCheckpoint(bytes: Int) {
        checkpoints.increment()
        stateBytes.increment(by: bytes)
    }

    /// Records a partition's restore: how long it took, and how many state records could not be used.
    func recordRestore(duration: Duration, failures: Int) {
        restoreTime.record(duration: duration)
        if failures > 0 { restoreFailures.increment(by: failures) }
    }

    func recordDataLoss(skipped: Int64) {
        lostRecords.increment(by: Int(skipped))
    }
}
