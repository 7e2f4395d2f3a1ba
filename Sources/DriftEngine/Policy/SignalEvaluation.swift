/// The drift taxonomy: what a signal watches (README, "Events in and out").
public enum SignalKind: String, Codable, Sendable, CaseIterable {
    case dataDrift = "data_drift"
    case predictionDrift = "prediction_drift"
    case labelDrift = "label_drift"
    case conceptDrift = "concept_drift"
    case dataQuality = "data_quality"
    case performance
}

/// How serious a breached signal is.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case warning
    case critical

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .warning && rhs == .critical }
}

/// The event-time span and size of the data a signal was computed from.
public struct SignalWindow: Codable, Sendable, Hashable {
    /// Event time (milliseconds since the Unix epoch) of the first event.
    public var start: Int64
    /// Event time of the last event; for a sequential detector, the event that triggered it.
    public var end: Int64
    /// How many events the signal was computed from.
    public var events: Int

    public init(start: Int64, end: Int64, events: Int) {
        self.start = start
        self.end = end
        self.events = events
    }
}

/// One evaluation of one signal of one (model, version): a closed window of a window test, or an update of a
/// sequential detector that signalled or whose resolution condition was checked.
///
/// The alert policy turns a stream of these into firing and resolved alerts.
public struct SignalEvaluation: Codable, Sendable, Hashable {
    public var kind: SignalKind
    public var model: String
    public var modelVersion: String
    /// The feature, for `data_drift` and `data_quality`; `nil` for model-level kinds.
    public var feature: String?
    /// The test or detector, e.g. `psi`, `chi2`, `ddm`, `missing_rate`.
    public var detector: String
    /// The statistic (for p-value tests: the p-value).
    public var value: Double
    /// The threshold of the reported severity, or of `warning` when not breached.
    public var threshold: Double
    /// `nil` when the signal is within bounds.
    public var severity: Severity?
    /// Whether this comes from a sequential detector, which fires at once and resolves by its own condition.
    public var isSequential: Bool
    public var window: SignalWindow
    /// For model-level kinds: the features that moved most over the same window, furthest beyond their
    /// thresholds first (at most ``Attribution/limit``).
    public var attribution: [Attribution]?
    /// For feature `data_drift`: the share of the model's tested features that drifted in the window.
    public var driftedShare: Double?
    /// The multiple-testing correction the threshold includes, when one applied.
    public var multipleTesting: MultipleTesting?
    /// When the threshold is calibrated (`auto`): the false-alarm rate per window it was chosen for, corrected for
    /// multiple testing. The value is then the test's statistic, also for `ks` and `chi2`.
    public var falseAlarmRate: Double?

    public init(
        kind: SignalKind, model: String, modelVersion: String, feature: String?, detector: String, value: Double,
        threshold: Double, severity: Severity?, isSequential: Bool, window: SignalWindow
    ) {
        self.kind = kind
        self.model = model
        self.modelVersion = modelVersion
        self.feature = feature
        self.detector = detector
        self.value = value
        self.threshold = threshold
        self.severity = severity
        self.isSequential = isSequential
        self.window = window
    }

    /// `model/version/kind[/feature]`: one firing alert per key until it resolves (README, "Events in and out"). Kinds
    /// with several
    /// checks on one subject (`data_quality`, `performance`) append the check, e.g.
    /// `fraud/3/data_quality/amount/missing_rate`, so that each check has its own alert.
    public var dedupKey: String {
        var key = "\(model)/\(modelVersion)/\(kind.rawValue)"
        if let feature { key += "/\(feature)" }
        if kind == .dataQuality || kind == .performance { key += "/\(detector)" }
        return key
    }
}
