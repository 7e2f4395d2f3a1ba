import DriftDetection

/// Watches a model's error stream: a sequential detector for concept drift, and windowed performance (error rate
/// or mean absolute error) against a baseline.
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
    mutating func record(error: Double, eventTime: Int64, identity: SignalIdentity) -> [SignalEvaluation] {
        let input = task == .classification && readsCorrectness ? 1 - error : error
        window.add(error, eventTime: eventTime)
        var evaluations: [SignalEvaluation] = []
        let drifted = detector.update(input).isDrift
        if drifted {
            isDrifted = true
            evaluations.append(
                identity.evaluation(
                    kind: .conceptDrift, feature: nil, detector: detectorName, value: window.summary.mean,
                    threshold: baseline?.mean ?? window.summary.mean, severity: .critical, isSequential: true,
                    window: window.summary.window
                ))
        }
        guard window.count >= windowEvents else { return evaluations }
        let closed = window.summary
        window = ErrorWindow()
        guard let reference = baseline else {
            baseline = closed
            return evaluations
        }
        // Standard error of the difference between this window's error and the baseline's.
        let spread = (reference.variance + closed.variance).squareRoot()
        evaluations.append(performance(closed, reference: reference, spread: spread, identity: identity))
        if isDrifted, !drifted, closed.mean <= reference.mean + 2 * spread {
            isDrifted = false
            evaluations.append(
                identity.evaluation(
                    kind: .conceptDrift, feature: nil, detector: detectorName, value: closed.mean,
                    threshold: reference.mean + 2 * spread, severity: nil, isSequential: true, window: closed.window
                ))
        }
        return evaluations
    }

    /// The window's error rate (mean absolute error for regression) against the baseline: a warning beyond two
    /// standard errors of their difference, critical beyond three.
    private func performance(
        _ closed: ErrorWindow.Summary, reference: ErrorWindow.Summary, spread: Double, identity: SignalIdentity
    ) -> SignalEvaluation {
        let warning = reference.mean + 2 * spread
        let critical = reference.mean + 3 * spread
        let severity: Severity? = closed.mean > critical ? .critical : closed.mean > warning ? .warning : nil
        return identity.evaluation(
            kind: .performance, feature: nil, detector: task == .classification ? "error_rate" : "mae",
            value: closed.mean, threshold: severity == .critical ? critical : warning, severity: severity,
            isSequential: false, window: closed.window
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
