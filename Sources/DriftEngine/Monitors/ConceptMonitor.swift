import DriftDetection

/// Watches a model's error stream with a sequential detector, and decides when a drift has cleared.
///
/// A drift fires at once. It resolves when a window of `windowEvents` joined outcomes has an error rate (mean
/// absolute error for regression) back within the baseline: the first full window this monitor saw, plus two
/// standard errors. Detector warnings are not alerted on: DDM-style warnings come and go often before a drift.
struct ConceptMonitor: Sendable {
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
        guard isDrifted, evaluation == nil, closed.mean <= reference.upperBound else { return evaluation }
        isDrifted = false
        return identity.evaluation(
            kind: .conceptDrift, feature: nil, detector: detectorName, value: closed.mean,
            threshold: reference.upperBound, severity: nil, isSequential: true, window: closed.window
        )
    }
}

/// The errors of the joined outcomes since the last closed window.
private struct ErrorWindow: Sendable {
    struct Summary: Sendable {
        var mean: Double
        var standardError: Double
        var window: SignalWindow

        var upperBound: Double { mean + 2 * standardError }
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
            mean: moments.mean, standardError: (moments.variance / Double(count)).squareRoot(),
            window: SignalWindow(start: start ?? end, end: end, events: moments.count)
        )
    }
}
