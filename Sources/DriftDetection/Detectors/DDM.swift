/// DDM, the drift detection method (Gama et al., 2004), on a stream of error bits.
///
/// Tracks the error rate `p` and its binomial standard deviation `s` and remembers them where `p + s`
/// was smallest; warns when `p + s` exceeds `p_min + warning_threshold · s_min` and signals drift beyond
/// `p_min + drift_threshold · s_min`. Agrees exactly with River 0.23.0's `river.drift.binary.DDM`.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: constant, five numbers.
public struct DDM: SequentialDetector, Equatable {
    /// DDM's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Updates before a warning or drift may be signalled.
        public var warmStart: Int
        /// Warning level in standard deviations.
        public var warningThreshold: Double
        /// Drift level in standard deviations.
        public var driftThreshold: Double

        /// River's defaults, or the given values.
        public init(warmStart: Int = 30, warningThreshold: Double = 2, driftThreshold: Double = 3) {
            self.warmStart = warmStart
            self.warningThreshold = warningThreshold
            self.driftThreshold = driftThreshold
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var state = State()

    /// Everything a reset forgets.
    private struct State: Codable, Sendable, Equatable {
        var errorRate = RunningMean()
        /// `p` and `s` where `p + s` was smallest; `nil` until the warm-up is over.
        var minimum: ErrorRateMinimum?
    }

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(parameters.warmStart >= 0, "ddm", "warm_start must not be negative")
        try DriftDetectionError.require(parameters.warningThreshold > 0, "ddm", "warning_threshold must be positive")
        try DriftDetectionError.require(parameters.driftThreshold > 0, "ddm", "drift_threshold must be positive")
        self.parameters = parameters
    }

    public mutating func reset() {
        state = State()
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        state.errorRate.add(value)
        let p = state.errorRate.mean
        let n = state.errorRate.count
        let s = (p * (1 - p) / n).squareRoot()
        guard n > Double(parameters.warmStart) else { return .none }
        if state.minimum.map({ p + s <= $0.sum }) ?? true {
            state.minimum = ErrorRateMinimum(p: p, s: s)
        }
        guard let minimum = state.minimum else { return .none }
        if minimum.isExceeded(by: p + s, level: parameters.driftThreshold) {
            reset()
            return .drift
        }
        return minimum.isExceeded(by: p + s, level: parameters.warningThreshold) ? .warning : .none
    }
}

extension DDM: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "ddm",
        input: .binary,
        reference: "River 0.23.0 river.drift.binary.DDM",
        summary: "Error-rate control chart; the classic choice for abrupt concept drift of a classifier.",
        defaults: Parameters(),
        parameters: [
            .integer("warm_start", \.warmStart, "updates before a warning or drift may be signalled"),
            .double("warning_threshold", \.warningThreshold, "warning level in standard deviations"),
            .double("drift_threshold", \.driftThreshold, "drift level in standard deviations"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try DDM(parameters)
    }
}
