import DriftDetection

/// What a model's monitors compare and when they alert: the engine's view of one model's configuration.
public struct MonitorSettings: Codable, Sendable {
    /// What the model predicts.
    /// What a model predicts (`task`), which decides how its error stream is watched.
    public enum Task: String, Codable, Sendable, CaseIterable {
        /// Labels: the error is a 0/1 bit, watched by a binary detector.
        case classification
        /// Numbers: the error is the absolute difference, watched by a numeric detector.
        case regression
    }

    /// Where the reference comes from.
    public enum Reference: Codable, Sendable {
        /// A profile built beforehand (`driftwatch profile build`).
        case profile(ReferenceProfile)
        /// The first N events of each model version become its reference.
        case warmup(events: Int)
        /// Each version's own profile, published on the profiles topic (``PublishedProfile``); until it arrives, the
        /// first `fallbackWarmupEvents` events become the reference (`nil`: the version is not compared, its events
        /// are counted in ``EngineCounters/eventsWithoutReference``). A profile that arrives later replaces a
        /// warm-up.
        case published(fallbackWarmupEvents: Int?)
    }

    /// How much data a window holds.
    public enum WindowExtent: Codable, Sendable, Hashable {
        /// A number of events, sliding by `slide` events (`nil`: tumbling).
        case events(Int, slide: Int?)
        /// A span of event time in milliseconds, sliding by `slide` milliseconds (`nil`: tumbling).
        case duration(Int64, slide: Int64?)
    }

    public var model: String
    public var task: Task
    public var reference: Reference
    /// Events per window; also the size of the concept monitor's error-rate windows.
    public var windowEvents: Int
    /// Events between two windows; `nil` makes windows tumble.
    public var windowSlide: Int?
    /// When set, feature, output and label windows span this much event time (milliseconds) instead of
    /// `windowEvents` events.
    public var windowDuration: Int64?
    /// The slide of time windows in milliseconds; `nil` makes them tumble.
    public var windowDurationSlide: Int64?

    /// The extent of feature, output and label windows.
    public var windowExtent: WindowExtent {
        if let windowDuration { return .duration(windowDuration, slide: windowDurationSlide) }
        return .events(windowEvents, slide: windowSlide)
    }
    /// Per-feature tests; features of the reference not listed here use `defaultFeatureTest`.
    public var features: [String: DistanceTestSettings]
    /// The test for features not listed in `features`; `nil` monitors only the listed ones.
    public var defaultFeatureTest: DistanceTestSettings?
    /// The test of the model's output distribution, if monitored.
    public var prediction: DistanceTestSettings?
    /// The test of the outcome label distribution (prior shift), if monitored.
    public var label: DistanceTestSettings?
    /// The sequential detector on the error stream, if monitored.
    public var concept: ConceptSettings?
    /// Data-quality thresholds.
    public var quality: QualitySettings
    /// The correction for testing every feature in one window; `nil` tests each alone.
    public var multipleTesting: MultipleTesting?
    /// When set, a model-level `data_drift` signal breaches when at least this share of the tested features drift
    /// (alert) in one window.
    public var datasetDriftShare: Double?

    public init(
        model: String, task: Task, reference: Reference, windowEvents: Int, windowSlide: Int? = nil,
        features: [String: DistanceTestSettings] = [:], defaultFeatureTest: DistanceTestSettings? = .init(metric: .psi),
        prediction: DistanceTestSettings? = nil, label: DistanceTestSettings? = nil, concept: ConceptSettings? = nil,
        quality: QualitySettings = QualitySettings(), windowDuration: Int64? = nil, windowDurationSlide: Int64? = nil,
        multipleTesting: MultipleTesting? = nil, datasetDriftShare: Double? = nil
    ) {
        self.multipleTesting = multipleTesting
        self.datasetDriftShare = datasetDriftShare
        self.windowDuration = windowDuration
        self.windowDurationSlide = windowDurationSlide
        self.model = model
        self.task = task
        self.reference = reference
        self.windowEvents = windowEvents
        self.windowSlide = windowSlide
        self.features = features
        self.defaultFeatureTest = defaultFeatureTest
        self.prediction = prediction
        self.label = label
        self.concept = concept
        self.quality = quality
    }
}

/// A window test and its thresholds.
///
/// Distances breach when the value reaches `warn` (warning) or `alert` (critical). The p-value tests (`ks`,
/// `chi2`) breach when the p-value is at most `alertP` (critical) or `warnP` (warning) **and** the effect size
/// (the KS statistic, Cramér's V) is at least `minEffect`, so that large windows do not cry wolf. A level set to
/// `auto` (``calibrated``) breaches when the statistic exceeds the quantile of its simulated null distribution
/// for the level's false-alarm rate (see ``CalibratedLevels``).
public struct DistanceTestSettings: Codable, Sendable, Hashable {
    public var metric: DistanceMetric
    public var warn: Double?
    public var alert: Double?
    public var warnP: Double?
    public var alertP: Double?
    public var minEffect: Double
    /// The levels set to `auto` and their false-alarm rates; `nil` when both are fixed.
    public var calibrated: CalibratedLevels?

    /// `min_effect` when none is configured: the effect size (the KS statistic, Cramér's V for chi-square) below
    /// which a tiny p-value does not alert.
    public static let defaultMinimumEffect = 0.1
    /// `alert_p` when neither `warn_p` nor `alert_p` is configured.
    public static let defaultAlertP = 0.001

    /// Thresholds when none are configured: PSI's customary 0.1 / 0.25, 0.1 / 0.2 for the other distances,
    /// p ≤ ``defaultAlertP`` with an effect of at least ``defaultMinimumEffect`` for the tests.
    public init(
        metric: DistanceMetric, warn: Double? = nil, alert: Double? = nil, warnP: Double? = nil,
        alertP: Double? = nil, minEffect: Double = Self.defaultMinimumEffect
    ) {
        self.metric = metric
        self.minEffect = minEffect
        if metric.isTest {
            self.warnP = warnP
            self.alertP = alertP ?? (warnP == nil ? Self.defaultAlertP : nil)
        } else {
            let defaults: (Double, Double) = metric == .psi ? (0.1, 0.25) : (0.1, 0.2)
            self.warn = warn ?? (alert == nil ? defaults.0 : nil)
            self.alert = alert ?? (warn == nil ? defaults.1 : nil)
        }
    }

    /// Settings whose levels are `auto`: a fixed level given beside one is kept (for distances; a p-value test's
    /// levels are either both calibrated or both fixed).
    public init(metric: DistanceMetric, calibrated: CalibratedLevels, warn: Double? = nil, alert: Double? = nil) {
        self.metric = metric
        self.minEffect = Self.defaultMinimumEffect
        self.calibrated = calibrated
        self.warn = calibrated.warn ? nil : warn
        self.alert = calibrated.alert ? nil : alert
    }
}

/// The levels of a test set to `auto`, whose thresholds are the quantiles of the statistic's null distribution
/// at these false-alarm rates per window (see ``NullSimulation``).
public struct CalibratedLevels: Codable, Sendable, Hashable {
    /// The default chance that a window without drift breaches the alert level.
    public static let defaultFalseAlarmRate = 0.001
    /// The default chance that a window without drift breaches the warn level.
    public static let defaultWarnRate = 0.01

    /// Whether `alert` is `auto`.
    public var alert: Bool
    /// Whether `warn` is `auto`.
    public var warn: Bool
    /// The alert level's false-alarm rate per window.
    public var falseAlarmRate: Double
    /// The warn level's false-alarm rate per window.
    public var warnRate: Double

    public init(
        alert: Bool, warn: Bool, falseAlarmRate: Double = Self.defaultFalseAlarmRate,
        warnRate: Double = Self.defaultWarnRate
    ) {
        self.alert = alert
        self.warn = warn
        self.falseAlarmRate = falseAlarmRate
        self.warnRate = warnRate
    }
}

/// How the feature tests of one window are corrected for being many: with ten features at a false-alarm rate of
/// 1% each, some window breaches one by chance every tenth window.
public enum MultipleTesting: String, Codable, Sendable, CaseIterable {
    /// Each test alone.
    case none
    /// Each test at its rate divided by the number of tests: the chance of any false alarm stays at the rate.
    case bonferroni
    /// Benjamini–Hochberg: the expected share of false alarms among a window's alarms stays at the rate.
    case bh

    /// The factor every test's rate is multiplied by, given the tests' probabilities under no drift and rates.
    func factor(probabilities: [Double], rates: [Double]) -> Double {
        let count = Double(max(probabilities.count, 1))
        switch self {
        case .none: return 1
        case .bonferroni: return 1 / count
        case .bh:
            // The largest k whose k-th smallest probability, relative to its test's rate, is at most k / m.
            let ratios = zip(probabilities, rates).map { $0 / max($1, .leastNormalMagnitude) }.sorted()
            let passing = ratios.indices.last { ratios[$0] <= Double($0 + 1) / count } ?? 0
            return Double(passing + 1) / count
        }
    }
}

extension DistanceMetric {
    /// Whether the metric is a hypothesis test judged by its p-value.
    var isTest: Bool { self == .ks || self == .chi2 }
}

/// The sequential detector watching a model's error stream.
public struct ConceptSettings: Codable, Sendable {
    /// A detector name from `DetectorCatalog`; binary for classification, numeric for regression.
    public var detector: String
    /// Its parameters, as `driftwatch detect --param` takes them.
    public var parameters: [String: String]

    public init(detector: String, parameters: [String: String] = [:]) {
        self.detector = detector
        self.parameters = parameters
    }
}

/// Data-quality thresholds, as rates over a window; `nil` does not check.
public struct QualitySettings: Codable, Sendable {
    /// Missing (null or absent) values of a feature; the alert is critical at twice the threshold.
    public var missingRate: Double?
    /// Values a feature's type cannot use.
    public var typeMismatchRate: Double?
    /// Numbers outside the reference's range.
    public var outOfRangeRate: Double?
    /// Categories the reference never saw.
    public var unseenCategoryRate: Double?

    public init(
        missingRate: Double? = 0.05, typeMismatchRate: Double? = 0.01, outOfRangeRate: Double? = nil,
        unseenCategoryRate: Double? = nil
    ) {
        self.missingRate = missingRate
        self.typeMismatchRate = typeMismatchRate
        self.outOfRangeRate = outOfRangeRate
        self.unseenCategoryRate = unseenCategoryRate
    }
}
