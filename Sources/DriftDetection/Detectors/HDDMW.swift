import Foundation

/// HDDM_W, drift detection with McDiarmid's bounds on exponentially weighted moving averages
/// (Frías-Blanco et al., 2014).
///
/// Compares the weighted average before and after the cut point where it was lowest (and, two-sided,
/// highest) within McDiarmid's bound; reacts to recent values faster than HDDM_A. Agrees exactly with
/// River 0.23.0's `river.drift.binary.HDDM_W`, including River's weighted mean, which takes the first
/// non-zero value as is.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: constant, five weighted averages.
public struct HDDMW: SequentialDetector, Equatable {
    /// HDDM_W's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Confidence level of the drift test.
        public var driftConfidence: Double
        /// Confidence level of the warning test.
        public var warningConfidence: Double
        /// Weight of the newest value in the moving averages.
        public var lambdaVal: Double
        /// Also watch for a decreasing error rate.
        public var twoSidedTest: Bool

        /// River's defaults, or the given values.
        public init(
            driftConfidence: Double = 0.001,
            warningConfidence: Double = 0.005,
            lambdaVal: Double = 0.05,
            twoSidedTest: Bool = false
        ) {
            self.driftConfidence = driftConfidence
            self.warningConfidence = warningConfidence
            self.lambdaVal = lambdaVal
            self.twoSidedTest = twoSidedTest
        }
    }

    /// A weighted average and its independent bounded condition (the sum of squared weights).
    private struct Sample: Codable, Sendable, Equatable {
        var average: Double = 0
        var boundedCondition: Double = 1
        var isInitialised = false

        mutating func add(_ value: Double, _ weights: Weights) {
            average = average == 0 ? value : weights.lambda * value + (1 - weights.lambda) * average
            isInitialised = true
            boundedCondition = weights.lambdaSquared + weights.complementSquared * boundedCondition
        }
    }

    /// The constants of the weighting.
    private struct Weights: Codable, Sendable, Equatable {
        let lambda: Double
        let lambdaSquared: Double
        let complementSquared: Double

        init(_ lambda: Double) {
            self.lambda = lambda
            lambdaSquared = lambda * lambda
            complementSquared = pow(1 - lambda, 2)
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private let weights: Weights
    private var state = State()

    /// Everything a reset forgets.
    private struct State: Codable, Sendable, Equatable {
        var total = Sample()
        var beforeIncrease = Sample()
        var afterIncrease = Sample()
        var beforeDecrease = Sample()
        var afterDecrease = Sample()
        /// The lowest `average + bound` so far; `nil` stands for +∞.
        var increaseCutPoint: Double?
        /// The highest `average - bound` so far; `nil` stands for -∞.
        var decreaseCutPoint: Double?
    }

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.driftConfidence > 0 && parameters.driftConfidence < 1,
            "hddm_w",
            "drift_confidence must be in (0, 1)"
        )
        try DriftDetectionError.require(
            parameters.warningConfidence > 0 && parameters.warningConfidence < 1,
            "hddm_w",
            "warning_confidence must be in (0, 1)"
        )
        try DriftDetectionError.require(
            parameters.lambdaVal >= 0 && parameters.lambdaVal <= 1,
            "hddm_w",
            "lambda_val must be in [0, 1]"
        )
        self.parameters = parameters
        weights = Weights(parameters.lambdaVal)
    }

    public mutating func reset() {
        state = State()
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        state.total.add(value, weights)

        let bound = mcDiarmidBound(state.total.boundedCondition, parameters.driftConfidence)
        if state.increaseCutPoint.map({ state.total.average + bound < $0 }) ?? true {
            state.increaseCutPoint = state.total.average + bound
            state.beforeIncrease = state.total
            state.afterIncrease = Sample()
        } else {
            state.afterIncrease.add(value, weights)
        }
        var drift = hasRisen(from: state.beforeIncrease, to: state.afterIncrease, parameters.driftConfidence)
        var warning =
            !drift
            && hasRisen(from: state.beforeIncrease, to: state.afterIncrease, parameters.warningConfidence)

        if state.decreaseCutPoint.map({ state.total.average - bound > $0 }) ?? true {
            state.decreaseCutPoint = state.total.average - bound
            state.beforeDecrease = state.total
            state.afterDecrease = Sample()
        } else {
            state.afterDecrease.add(value, weights)
        }
        if parameters.twoSidedTest {
            if hasRisen(from: state.afterDecrease, to: state.beforeDecrease, parameters.driftConfidence) {
                drift = true
            } else if hasRisen(from: state.afterDecrease, to: state.beforeDecrease, parameters.warningConfidence) {
                warning = true
            }
        }
        if drift {
            reset()
        }
        return DriftSignal(drift: drift, warning: warning)
    }

    private func mcDiarmidBound(_ boundedCondition: Double, _ confidence: Double) -> Double {
        (boundedCondition * log(1 / confidence) / 2).squareRoot()
    }

    /// Whether `later`'s average exceeds `earlier`'s by more than McDiarmid's bound.
    private func hasRisen(from earlier: Sample, to later: Sample, _ confidence: Double) -> Bool {
        guard earlier.isInitialised, later.isInitialised else { return false }
        let bound = mcDiarmidBound(earlier.boundedCondition + later.boundedCondition, confidence)
        return later.average - earlier.average > bound
    }
}

extension HDDMW: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "hddm_w",
        input: .binary,
        reference: "River 0.23.0 river.drift.binary.HDDM_W",
        summary: "McDiarmid-bound test on weighted averages; reacts to recent errors, good for gradual drift.",
        defaults: Parameters(),
        parameters: [
            .double("drift_confidence", \.driftConfidence, "confidence level of the drift test"),
            .double("warning_confidence", \.warningConfidence, "confidence level of the warning test"),
            .double("lambda_val", \.lambdaVal, "weight of the newest value in the moving averages"),
            .boolean("two_sided_test", \.twoSidedTest, "also watch for a decreasing error rate"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try HDDMW(parameters)
    }
}
