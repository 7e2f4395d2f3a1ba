import DriftDetection
import Foundation

/// One window test's result with everything judging it needs: its settings and, for `auto` levels, the null
/// distribution and the factor that rescales it to this window's size.
struct WindowTest {
    /// A level of a test.
    enum Level {
        case alert
        case warn
    }

    /// What a level compares.
    private enum Rule {
        /// The distance against a fixed value.
        case distance(Double)
        /// The p-value against a fixed value, when the effect size is large enough.
        case pValue(Double)
        /// The statistic against its null distribution's quantile for this false-alarm rate.
        case calibrated(rate: Double)
    }

    let settings: DistanceTestSettings
    let result: DistanceResult
    let null: NullDistribution?
    /// The factor from the calibration's window size to this window's (see ``Calibration/scale(toWindowValues:referenceValues:)``).
    let scale: Double

    init(settings: DistanceTestSettings, result: DistanceResult, calibration: Calibration? = nil, scale: Double = 1) {
        self.settings = settings
        self.result = result
        self.null = calibration?.null
        self.scale = scale
    }

    /// The reported value: the statistic, or the p-value of a p-value test with fixed levels.
    var value: Double {
        settings.calibrated == nil && settings.metric.isTest ? result.pValue ?? 1 : result.value
    }

    private func rule(_ level: Level) -> Rule? {
        let calibrated = settings.calibrated
        switch level {
        case .alert:
            if let calibrated, calibrated.alert { return .calibrated(rate: calibrated.falseAlarmRate) }
            if settings.metric.isTest { return settings.alertP.map(Rule.pValue) }
            return settings.alert.map(Rule.distance)
        case .warn:
            if let calibrated, calibrated.warn { return .calibrated(rate: calibrated.warnRate) }
            if settings.metric.isTest { return settings.warnP.map(Rule.pValue) }
            return settings.warn.map(Rule.distance)
        }
    }

    /// The level's false-alarm rate, for the levels that have one (`auto` levels and p-values).
    func rate(_ level: Level) -> Double? {
        switch rule(level) {
        case .calibrated(let rate): rate
        case .pValue(let threshold): threshold
        case .distance, nil: nil
        }
    }

    private var isMeaningful: Bool { (result.effectSize ?? result.value) >= settings.minEffect }

    /// The chance of a result at least this extreme without drift: the calibrated tail probability, or the p-value
    /// (1 when the effect is below `min_effect`).
    var probability: Double {
        if settings.calibrated != nil { return null?.tailProbability(result.value / scale) ?? 1 }
        return isMeaningful ? result.pValue ?? 1 : 1
    }

    /// The level's threshold with its rate multiplied by `factor` (the multiple-testing correction).
    func threshold(_ level: Level, factor: Double = 1) -> Double? {
        switch rule(level) {
        case .distance(let threshold): threshold
        case .pValue(let threshold): threshold * factor
        case .calibrated(let rate): (null?.threshold(rate: rate * factor) ?? .infinity) * scale
        case nil: nil
        }
    }

    private func breaches(_ level: Level, factor: Double) -> Bool {
        switch rule(level) {
        case .distance(let threshold): result.value >= threshold
        case .pValue(let threshold): isMeaningful && (result.pValue ?? 1) <= threshold * factor
        case .calibrated: result.value > threshold(level, factor: factor) ?? .infinity
        case nil: false
        }
    }

    /// The severity the result deserves, the threshold it was compared with, the reported value, and the
    /// false-alarm rate that threshold was calibrated for (with the correction), if it was.
    func judge(alertFactor: Double = 1, warnFactor: Double = 1) -> (
        severity: Severity?, threshold: Double, value: Double, calibratedRate: Double?
    ) {
        func judged(_ severity: Severity?, _ level: Level, _ factor: Double) -> (Severity?, Double, Double, Double?) {
            var calibratedRate: Double?
            if case .calibrated(let rate) = rule(level) { calibratedRate = rate * factor }
            return (severity, threshold(level, factor: factor) ?? 0, value, calibratedRate)
        }
        if breaches(.alert, factor: alertFactor) { return judged(.critical, .alert, alertFactor) }
        if breaches(.warn, factor: warnFactor) { return judged(.warning, .warn, warnFactor) }
        return rule(.warn) != nil ? judged(nil, .warn, warnFactor) : judged(nil, .alert, alertFactor)
    }

    /// How far beyond its alert threshold (its warn threshold without one) the result is, as a ratio: above 1
    /// beyond it. p-values compare on a log scale, so that p = 10⁻⁶ against 10⁻³ is 2.
    func excess(alertFactor: Double = 1, warnFactor: Double = 1) -> Double {
        guard
            let threshold = threshold(.alert, factor: alertFactor) ?? threshold(.warn, factor: warnFactor),
            threshold > 0, threshold.isFinite
        else { return 0 }
        if settings.calibrated == nil, settings.metric.isTest {
            guard threshold < 1 else { return 0 }
            return log(max(value, .leastNormalMagnitude)) / log(threshold)
        }
        return value / threshold
    }
}
