import DriftEngine
import Metrics
import Synchronization
import WireFormat

/// The latest value and recent history of every signal, and the alerts firing now: what the status page shows
/// and the `driftwatch_drift_value` gauges export.
///
/// The processor records into it once per batch; the HTTP listener reads snapshots. Its size is bounded by the
/// configured models, features and checks.
public final class StatusBoard: Sendable {
    /// How many past values of a signal are kept for its sparkline.
    public static let historyLength = 48

    /// One signal of one model version: a feature's drift test, a quality check, a detector.
    public struct Signal: Sendable, Equatable {
        public var kind: SignalKind
        /// The feature, for `data_drift` and `data_quality`.
        public var feature: String?
        public var detector: String
        /// The values of the latest evaluations, oldest first (at most ``StatusBoard/historyLength``).
        public var history: [Double]
        public var threshold: Double
        /// `nil` when the latest evaluation was within bounds.
        public var severity: Severity?
        /// Event time (milliseconds since the Unix epoch) of the latest evaluation's last event.
        public var updatedAt: Int64
        /// The false-alarm rate a calibrated (`auto`) threshold was chosen for; `nil` for a fixed threshold.
        public var falseAlarmRate: Double? = nil
        /// For model-level signals: the features that moved most over the latest window.
        public var attribution: [Attribution]? = nil

        /// The latest value.
        public var value: Double { history.last ?? .nan }
    }

    /// What is known about one model version.
    public struct ModelStatus: Sendable {
        public var model: String
        public var modelVersion: String
        /// Signals with breached ones first (critical, then warning), then by kind, feature and detector.
        public var signals: [Signal]
        /// Alerts firing now, ordered by dedup key.
        public var firing: [AlertEvent]
    }

    private struct SignalKey: Hashable {
        var model: String
        var modelVersion: String
        var kind: SignalKind
        var feature: String?
        var detector: String

        /// The `driftwatch_drift_value` series the signal is exported as: it has no version label, so a model's
        /// versions share it (the latest evaluation of any of them is its value).
        var series: SeriesKey { SeriesKey(model: model, kind: kind, feature: feature, detector: detector) }
    }

    private struct SeriesKey: Hashable {
        var model: String
        var kind: SignalKind
        var feature: String?
        var detector: String
    }

    private struct State {
        var signals: [SignalKey: Signal] = [:]
        var firing: [String: AlertEvent] = [:]
        var gauges: [SeriesKey: Gauge] = [:]
    }

    /// The retrain triggers that wait for a person, oldest first, and the latest decisions, latest first.
    public struct RetrainStatus: Sendable, Equatable {
        public var pending: [RetrainTriggerRecord] = []
        public var decided: [RetrainDecision] = []
    }

    /// How many decisions the page lists.
    static let decisionsShown = 20

    private let state = Mutex(State())
    private let retrain = Mutex(RetrainStatus())
    private let factory: any MetricsFactory

    /// Creates an empty board whose gauges go to `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Records evaluations, oldest first, and sets each signal's gauge to its latest value.
    public func record(_ evaluations: [SignalEvaluation]) {
        guard !evaluations.isEmpty else { return }
        state.withLock { state in
            for evaluation in evaluations {
                let key = SignalKey(
                    model: evaluation.model, modelVersion: evaluation.modelVersion, kind: evaluation.kind,
                    feature: evaluation.feature, detector: evaluation.detector
                )
                var signal =
                    state.signals[key]
                    ?? Signal(
                        kind: evaluation.kind, feature: evaluation.feature, detector: evaluation.detector, history: [],
                        threshold: evaluation.threshold, severity: nil, updatedAt: evaluation.window.end
                    )
                signal.history.append(evaluation.value)
                if signal.history.count > Self.historyLength { signal.history.removeFirst() }
                signal.threshold = evaluation.threshold
                signal.severity = evaluation.severity
                signal.updatedAt = evaluation.window.end
                signal.falseAlarmRate = evaluation.falseAlarmRate
                signal.attribution = evaluation.attribution
                state.signals[key] = signal
                gauge(for: key.series, in: &state).record(evaluation.value)
            }
        }
    }

    /// Records a published alert: a firing one is listed until its `resolved` arrives.
    public func record(_ alert: AlertEvent) {
        state.withLock { state in
            switch alert.status {
            case .firing: state.firing[alert.dedupKey] = alert
            case .resolved: state.firing[alert.dedupKey] = nil
            }
        }
    }

    /// Forgets model versions this instance no longer owns (their partition moved to another instance), or that
    /// retired: their signals, firing alerts, and the drift gauges no remaining version of their model shares.
    public func forget(_ versions: [SignalSubject]) {
        let released = Set(versions)
        state.withLock { state in
            var series: Set<SeriesKey> = []
            for key in state.signals.keys
            where released.contains(SignalSubject(model: key.model, modelVersion: key.modelVersion)) {
                state.signals[key] = nil
                series.insert(key.series)
            }
            // A series another version shares shows that version's latest value; one no version has left goes.
            var latest: [SeriesKey: Signal] = [:]
            for (key, signal) in state.signals where series.contains(key.series) {
                if (latest[key.series]?.updatedAt ?? .min) <= signal.updatedAt { latest[key.series] = signal }
            }
            for key in series {
                if let signal = latest[key] {
                    state.gauges[key]?.record(signal.value)
                } else {
                    state.gauges.removeValue(forKey: key)?.destroy()
                }
            }
            state.firing = state.firing.filter {
                !released.contains(SignalSubject(model: $0.value.model, modelVersion: $0.value.modelVersion))
            }
        }
    }

    /// Records what the retrain topic says now.
    public func recordRetrain(pending: [RetrainTriggerRecord], decided: [RetrainDecision]) {
        retrain.withLock { $0 = RetrainStatus(pending: pending, decided: Array(decided.prefix(Self.decisionsShown))) }
    }

    /// The pending approvals and latest decisions.
    public func retrainSnapshot() -> RetrainStatus {
        retrain.withLock { $0 }
    }

    /// Every model version seen, ordered by model and version.
    public func snapshot() -> [ModelStatus] {
        state.withLock { state in
            var models: [String: ModelStatus] = [:]
            func add(model: String, version: String, _ change: (inout ModelStatus) -> Void) {
                let empty = ModelStatus(model: model, modelVersion: version, signals: [], firing: [])
                change(&models[model + "\u{0}" + version, default: empty])
            }
            for (key, signal) in state.signals {
                add(model: key.model, version: key.modelVersion) { $0.signals.append(signal) }
            }
            for alert in state.firing.values {
                add(model: alert.model, version: alert.modelVersion) { $0.firing.append(alert) }
            }
            return models.sorted { $0.key < $1.key }.map { _, status in
                var status = status
                status.signals.sort { Self.displayOrder($0) < Self.displayOrder($1) }
                status.firing.sort { $0.dedupKey < $1.dedupKey }
                return status
            }
        }
    }

    /// Breached signals first, the critical ones on top; then by kind, feature and detector.
    private static func displayOrder(_ signal: Signal) -> (Int, String, String, String) {
        let rank =
            switch signal.severity {
            case .critical: 0
            case .warning: 1
            case nil: 2
            }
        return (rank, signal.kind.rawValue, signal.feature ?? "", signal.detector)
    }

    private func gauge(for key: SeriesKey, in state: inout State) -> Gauge {
        if let gauge = state.gauges[key] { return gauge }
        let gauge = Gauge(
            label: MetricName.driftValue.rawValue,
            dimensions: [
                ("model", key.model), ("kind", key.kind.rawValue), ("feature", key.feature ?? ""),
                ("detector", key.detector),
            ],
            factory: factory
        )
        state.gauges[key] = gauge
        return gauge
    }
}
