import Foundation

/// HDDM_A, drift detection with Hoeffding's bounds on moving averages (Frías-Blanco et al., 2014).
///
/// Keeps the running mean of all values and the mean up to a cut point where the mean was lowest (and,
/// two-sided, highest) within Hoeffding's bound; a significant difference between the two signals a
/// warning or drift. Agrees exactly with River 0.23.0's `river.drift.binary.HDDM_A`.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: constant, three running means.
public struct HDDMA: SequentialDetector, Equatable {
    /// HDDM_A's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Confidence level of the drift test.
        public var driftConfidence: Double
        /// Confidence level of the warning test.
        public var warningConfidence: Double
        /// Also watch for a decreasing error rate.
        public var twoSidedTest: Bool

        /// River's defaults, or the given values.
        public init(driftConfidence: Double = 0.001, warningConfidence: Double = 0.005, twoSidedTest: Bool = false) {
            self.driftConfidence = driftConfidence
            self.warningConfidence = warningConfidence
            self.twoSidedTest = twoSidedTest
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var state = State()

    /// Everything a reset forgets.
    private struct State: Codable, Sendable, Equatable {
        /// The mean of every value.
        var overall = RunningMean()
        /// The mean up to the cut point for an increase.
        var lowCut = RunningMean()
        /// The mean up to the cut point for a decrease.
        var highCut = RunningMean()
    }

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.driftConfidence > 0 && parameters.driftConfidence < 1,
            "hddm_a",
            "drift_confidence must be in (0, 1)"
        )
        try DriftDetectionError.require(
            parameters.warningConfidence > 0 && parameters.warningConfidence < 1,
            "hddm_a",
            "warning_confidence must be in (0, 1)"
        )
        self.parameters = parameters
    }

    public mutating func reset() {
        state = State()
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        state.overall.add(value)
        if state.lowCut.count == 0 {
            state.lowCut = state.overall
        }
        if state.highCut.count == 0 {
            state.highCut = state.overall
        }
        let overallBound = hoeffdingBound(state.overall.count)
        if state.lowCut.mean + hoeffdingBound(state.lowCut.count) >= state.overall.mean + overallBound {
            state.lowCut = state.overall
        }
        if state.highCut.mean - hoeffdingBound(state.highCut.count) <= state.overall.mean - overallBound {
            state.highCut = state.overall
        }
        var drift = hasShifted(from: state.lowCut, upward: true, confidence: parameters.driftConfidence)
        var warning = !drift && hasShifted(from: state.lowCut, upward: true, confidence: parameters.warningConfidence)
        if parameters.twoSidedTest {
            if hasShifted(from: state.highCut, upward: false, confidence: parameters.driftConfidence) {
                drift = true
            } else if hasShifted(from: state.highCut, upward: false, confidence: parameters.warningConfidence) {
                warning = true
            }
        }
        if drift {
            reset()
        }
        return DriftSignal(drift: drift, warning: warning)
    }

    private func hoeffdingBound(_ count: Double) -> Double {
        (1 / (2 * count) * log(1 / parameters.driftConfidence)).squareRoot()
    }

    /// Whether the overall mean lies significantly above (`upward`) or below the mean up to `cut`.
    private func hasShifted(from cut: RunningMean, upward: Bool, confidence: Double) -> Bool {
        let overall = state.overall
        guard cut.count != overall.count else { return false }
        let m = (overall.count - cut.count) / cut.count * (1 / overall.count)
        let epsilon = (m / 2 * log(2 / confidence)).squareRoot()
        let difference = upward ? overall.mean - cut.mean : cut.mean - overall.mean
        return difference >= epsilon
    }
}

extension HDDMA: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "hddm_a",
        input: .binary,
        reference: "River 0.23.0 river.drift.binary.HDDM_A",
        summary: "Hoeffding-bound test on averages; distribution-free, strong on abrupt drift.",
        defaults: Parameters(),
        parameters: [
            .double("drift_confidence", \.driftConfidence, "confidence level of the drift test"),
            .double("warning_confidence", \.warningConfidence, "confidence level of the warning test"),
            .boolean("two_sided_test", \.twoSidedTest, "also watch for a decreasing error rate"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try HDDMA(parameters)
    }
}
