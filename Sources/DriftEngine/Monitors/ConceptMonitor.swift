import DriftDetection

/// Watches a model's error stream with a sequential detector, and decides when a drift has cleared.
///
/// A drift fires at once. It resolves when a window of `windowEvents` joined outcomes has an error rate (mean
/// absolute error for regression) back within the baseline, the first full window this monitor saw: no more
/// than two standard errors of the difference of the two windows above it. Detector warnings are not alerted on:
/// DDM-style warnings come and go often before a drift.
struct ConceptMonitor: Codable, Sendable {
    private let task: MonitorSettings.Task
    private let detectorName: String
    private let readsCorrectness: Bool
    private let windowEvents: Int
    private var detector: AnyDetector
    private var baseline: ErrorWindow.Summary?
    private var window = ErrorWindow()
    private var isDrifted = false

    init(settings: ConceptSettings, task: MonitorSettings.Task, windowEvents: Int) throws {
        self.task = task
        detector = try DetectorCatalog.makeDetector(named: settings.detector, parameters: settings.parameters)
        detectorName = settings.detector
        // FHDDM, as River's, reads 1 for a correct prediction; every other binary detector reads 1 for an error.
        readsCorrectness = settings.detector == "fhddm"
        self.windowEvents = windowEvents
    }

    /// Records one joined prediction and outcome.
    ///
    /// - Parameters:
    ///   - error: 1 or 0 for a wrong or right classification; the absolute error for a regression.
    mutating func record(error: Double, eventTime: Int64, identity: SignalIdentity) -> SignalEvaluation? {
        let input = task == .classification && readsCorrectness ? 1 - error : error
        window.add(error, eventTime: eventTime)
        var evaluation: SignalEvaluation?
        if detector.update(input) == .drift {
            isDrifted = true
            evaluation = identity.evaluation(
                kind: .conceptDrift, feature: nil, detector: detectorName, value: window.summary.mean,
                threshold: baseline?.mean ?? window.summary.mean, severity: .critical, isSequential: true,
                window: window.summary.window
            )
        }
        guard window.count >= windowEvents else { return evaluation }
        let closed = window.summary
        window = ErrorWindow()
        guard let reference = baseline else {
            baseline = closed
            return evaluation
        }
        let bound = reference.mean + 2 * (reference.variance + closed.variance).squareRoot()
        guard isDrifted, evaluation == nil, closed.mean <= bound else { return evaluation }
        isDrifted = false
        return identity.evaluation(
            kind: .conceptDrift, feature: nil, detector: detectorName, value: closed.mean,
            threshold: bound, severity: nil, isSequential: true, window: closed.window
        )
    }
}

/// The errors of the joined outcomes since the last closed window.
private struct ErrorWindow: Codable, Sendable {
    struct Summary: Codable, Sendable {
        var mean: Double
        /// The variance of `mean` (the squared standard error).
        var variance: Double
        var window: SignalWindow
    }

    private var moments = RunningMoments()
    private var start: Int64?
    private var end: Int64 = 0

    var count: Int { moments.count }

    mutating func add(_ error: Double, eventTime: Int64) {
        moments.add(error)
        start = start ?? eventTime
        end = eventTime
    }

    var summary: Summary {
        let count = max(moments.count, 1)
        return Summary(
            mean: moments.mean, variance: moments.variance / Double(count),
            window: SignalWindow(start: start ?? end, end: end, events: moments.count)
        )
    }
}
