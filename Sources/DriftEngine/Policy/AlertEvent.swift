/// A firing or resolved alert, as published on the alerts topic (README, "Events in and out").
///
/// Alert events come from ``AlertPolicy/evaluate(_:)``; ``cloudEventJSON(instance:)`` encodes one for Kafka, with
/// ``dedupKey`` as the record key.
public struct AlertEvent: Sendable, Hashable {
    public let status: AlertStatus
    /// The episode's severity: the highest severity notified so far (also on the `resolved` event).
    public let severity: Severity
    public let kind: SignalKind
    public let model: String
    public let modelVersion: String
    /// The feature, for `data_drift` and `data_quality`; `nil` for model-level kinds.
    public let feature: String?
    public let detector: String
    /// The statistic of the evaluation that caused this event.
    public let value: Double
    /// The threshold that evaluation was compared with.
    public let threshold: Double
    /// The data of the evaluation that caused this event; its end is the event's time.
    public let window: SignalWindow
    /// `model/version/kind[/feature]`: the same for every event of every episode of this signal.
    public let dedupKey: String
    /// Counts the firing events of this `dedup_key`, from 1; a `resolved` event carries its last firing's number.
    public let sequence: Int
    /// Event time (milliseconds since the Unix epoch) of the episode's first firing.
    public let startedAt: Int64
    /// One sentence for the person on call.
    public let summary: String
    /// For model-level kinds: the features that moved most over the window (see ``SignalEvaluation/attribution``).
    public let attribution: [Attribution]?
    /// For feature `data_drift`: the share of the model's tested features that drifted in the window.
    public let driftedShare: Double?
    /// The multiple-testing correction the threshold includes, when one applied.
    public let multipleTesting: MultipleTesting?
    /// The false-alarm rate a calibrated threshold was chosen for (see ``SignalEvaluation/falseAlarmRate``).
    public let falseAlarmRate: Double?
    /// Why a `resolved` event resolved without a clear evaluation (``versionRetired``, ``versionEvicted``,
    /// ``modelRemoved``, ``monitorsRestarted``); `nil` for every other event.
    public let reason: String?

    /// The ``reason`` of the alerts a retired model version resolves (`retire_after`).
    public static let versionRetired = "version retired"
    /// The ``reason`` of the alerts a model version evicted by `limits.max_versions_per_model` resolves.
    public static let versionEvicted = "version evicted"
    /// The ``reason`` of the alerts of a model that the configuration (reloaded, or at a restart) no longer has.
    public static let modelRemoved = "model removed"
    /// The ``reason`` of the alerts of a version whose monitors start afresh because the configuration changed
    /// what shapes them (reference, windows, features, tests, detector): the new monitors have not judged anything
    /// yet, and a signal they no longer have would otherwise fire for good.
    public static let monitorsRestarted = "monitors restarted"

    init(
        status: AlertStatus, severity: Severity, evaluation: SignalEvaluation, sequence: Int, startedAt: Int64,
        higherIsWorse: Bool, reason: String? = nil
    ) {
        self.status = status
        self.severity = severity
        kind = evaluation.kind
        model = evaluation.model
        modelVersion = evaluation.modelVersion
        feature = evaluation.feature
        detector = evaluation.detector
        value = evaluation.value
        threshold = evaluation.threshold
        window = evaluation.window
        dedupKey = evaluation.dedupKey
        self.sequence = sequence
        self.startedAt = startedAt
        attribution = evaluation.attribution
        driftedShare = evaluation.driftedShare
        multipleTesting = evaluation.multipleTesting
        falseAlarmRate = evaluation.falseAlarmRate
        self.reason = reason
        summary = Self.summary(
            status: status, severity: severity, evaluation: evaluation, higherIsWorse: higherIsWorse, reason: reason)
    }

    /// The CloudEvents id, derived from ``dedupKey``, ``sequence`` and ``status`` only: a replay or a restart after
    /// a crash gives the same id, so downstream consumers can drop duplicates.
    public var id: String { EventID.make(dedupKey: dedupKey, sequence: sequence, status: status.rawValue) }

    /// The event time (milliseconds since the Unix epoch): the end of the triggering window.
    public var time: Int64 { window.end }

    /// `model/feature`, or `model` for model-level kinds.
    public var subject: String { feature.map { "\(model)/\($0)" } ?? model }
}
