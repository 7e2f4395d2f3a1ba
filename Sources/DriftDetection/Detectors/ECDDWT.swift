import Foundation

/// ECDD-WT, EWMA charts for concept drift detection with a warning level (Ross et al., 2012).
///
/// Keeps the running error rate `p` and an exponentially weighted average `Z` of the error bits, and
/// signals drift when `Z > p + L · σ_Z`, where `σ_Z` is Z's standard deviation after `n` updates and the
/// control limit `L(p)` is Ross et al.'s polynomial fit for the chosen average run length; warns above
/// `p + warning_level · L · σ_Z`. Agrees exactly with Frouros 0.9.0's `ECDDWT` with a `reset()` after each
/// drift, which is what this detector does by itself.
///
/// Parameters: ``Parameters``, with Frouros' names and defaults as `descriptor` declares them.
///
/// Memory: constant, five numbers.
public struct ECDDWT: SequentialDetector, Equatable {
    /// ECDD-WT's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Weight of the newest value in the moving average.
        public var lambda: Double
        /// Expected updates between false alarms: 100, 400 or 1000.
        public var averageRunLength: Int
        /// Fraction of the control limit that raises a warning.
        public var warningLevel: Double
        /// Updates before a warning or drift may be signalled.
        public var minNumInstances: Int

        /// Frouros' defaults, or the given values.
        public init(
            lambda: Double = 0.2,
            averageRunLength: Int = 400,
            warningLevel: Double = 0.5,
            minNumInstances: Int = 30
        ) {
            self.lambda = lambda
            self.averageRunLength = averageRunLength
            self.warningLevel = warningLevel
            self.minNumInstances = minNumInstances
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var updates = 0
    private var errorRate = RunningMean()
    private var average: Double = 0

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.lambda >= 0 && parameters.lambda <= 1,
            "ecdd_wt",
            "lambda_ must be in [0, 1]"
        )
        try DriftDetectionError.require(
            [100, 400, 1000].contains(parameters.averageRunLength),
            "ecdd_wt",
            "average_run_length must be 100, 400 or 1000"
        )
        try DriftDetectionError.require(
            parameters.warningLevel > 0 && parameters.warningLevel < 1,
            "ecdd_wt",
            "warning_level must be in (0, 1)"
        )
        try DriftDetectionError.require(
            parameters.minNumInstances >= 1,
            "ecdd_wt",
            "min_num_instances must be at least 1"
        )
        self.parameters = parameters
    }

    public mutating func reset() {
        updates = 0
        errorRate = RunningMean()
        average = 0
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        let lambda = parameters.lambda
        updates += 1
        errorRate.addDividing(value)
        average = lambda * value + (1 - lambda) * average
        guard updates >= parameters.minNumInstances else { return .none }
        let p = errorRate.mean
        let spread = (lambda / (2 - lambda) * (1 - pow(1 - lambda, Double(2 * updates))) * (p * (1 - p))).squareRoot()
        let limit = controlLimit(p)
        if average > p + limit * spread {
            reset()
            return .drift
        }
        return average > p + parameters.warningLevel * limit * spread ? .warning : .none
    }

    /// Ross et al.'s polynomial fit of the control limit `L` for an error rate `p`.
    private func controlLimit(_ p: Double) -> Double {
        switch parameters.averageRunLength {
        case 100: 2.76 - 6.23 * p + 18.12 * pow(p, 3) - 312.45 * pow(p, 5) + 1002.18 * pow(p, 7)
        case 400: 3.97 - 6.56 * p + 48.73 * pow(p, 3) - 330.13 * pow(p, 5) + 848.18 * pow(p, 7)
        default: 1.17 + 7.56 * p - 21.24 * pow(p, 3) + 112.12 * pow(p, 5) - 987.23 * pow(p, 7)
        }
    }
}

extension ECDDWT: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "ecdd_wt",
        input: .binary,
        reference: "Frouros 0.9.0 ECDDWT",
        summary: "EWMA chart with a chosen false-alarm rate (average run length); fast on abrupt drift.",
        defaults: Parameters(),
        parameters: [
            .double("lambda_", \.lambda, "weight of the newest value in the moving average"),
            .choice(
                "average_run_length", \.averageRunLength, among: [100, 400, 1000],
                "expected updates between false alarms: 100, 400 or 1000"),
            .double("warning_level", \.warningLevel, "fraction of the control limit that raises a warning"),
            .integer("min_num_instances", \.minNumInstances, "updates before a signal may be raised"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try ECDDWT(parameters)
    }
}
