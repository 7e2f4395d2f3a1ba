/// The Page-Hinkley test (Page, 1954) on a fading cumulative deviation from the running mean.
///
/// Accumulates `x - mean - delta` (for increases) and `x - mean + delta` (for decreases) with
/// forgetting factor `alpha`, and signals drift when either sum has moved more than `threshold` from its
/// extreme. Agrees exactly with River 0.23.0's `river.drift.PageHinkley`. No warnings.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: constant, seven numbers.
public struct PageHinkley: SequentialDetector, Equatable {
    /// Which direction of change the test watches.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case up
        case down
        case both
    }

    /// Page-Hinkley's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Updates before the test may fire.
        public var minInstances: Int
        /// The magnitude of change tolerated.
        public var delta: Double
        /// The drift threshold λ.
        public var threshold: Double
        /// Forgetting factor of the cumulative sums.
        public var alpha: Double
        /// Which direction of change the test watches.
        public var mode: Mode

        /// River's defaults, or the given values.
        public init(
            minInstances: Int = 30,
            delta: Double = 0.005,
            threshold: Double = 50,
            alpha: Double = 1 - 0.0001,
            mode: Mode = .both
        ) {
            self.minInstances = minInstances
            self.delta = delta
            self.threshold = threshold
            self.alpha = alpha
            self.mode = mode
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var state = State()

    /// Everything a reset forgets.
    private struct State: Codable, Sendable, Equatable {
        var mean = RunningMean()
        var sumIncrease: Double = 0
        var sumDecrease: Double = 0
        /// The smallest `sumIncrease` so far; `nil` stands for +∞ before the first update.
        var minIncrease: Double?
        var maxDecrease: Double = -1
    }

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.minInstances >= 0,
            "page_hinkley",
            "min_instances must not be negative"
        )
        try DriftDetectionError.require(parameters.threshold >= 0, "page_hinkley", "threshold must not be negative")
        try DriftDetectionError.require(
            parameters.alpha >= 0 && parameters.alpha <= 1,
            "page_hinkley",
            "alpha must be in [0, 1]"
        )
        self.parameters = parameters
    }

    public mutating func reset() {
        state = State()
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        state.mean.add(value)
        let deviation = value - state.mean.mean
        state.sumIncrease = parameters.alpha * state.sumIncrease + deviation - parameters.delta
        state.sumDecrease = parameters.alpha * state.sumDecrease + deviation + parameters.delta
        if state.minIncrease.map({ state.sumIncrease < $0 }) ?? true {
            state.minIncrease = state.sumIncrease
        }
        if state.sumDecrease > state.maxDecrease {
            state.maxDecrease = state.sumDecrease
        }
        guard state.mean.count >= Double(parameters.minInstances), let minIncrease = state.minIncrease else {
            return .none
        }
        let increased = state.sumIncrease - minIncrease > parameters.threshold
        let decreased = state.maxDecrease - state.sumDecrease > parameters.threshold
        let drift: Bool
        switch parameters.mode {
        case .up: drift = increased
        case .down: drift = decreased
        case .both: drift = increased || decreased
        }
        guard drift else { return .none }
        reset()
        return .drift
    }
}

extension PageHinkley: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "page_hinkley",
        input: .numeric,
        reference: "River 0.23.0 river.drift.PageHinkley",
        summary: "Cumulative-sum test for a shift of the mean; cheap, good for abrupt changes of known size.",
        defaults: Parameters(),
        parameters: [
            .integer("min_instances", \.minInstances, "updates before the test may fire"),
            .double("delta", \.delta, "magnitude of change tolerated"),
            .double("threshold", \.threshold, "drift threshold (lambda)"),
            .double("alpha", \.alpha, "forgetting factor of the cumulative sums"),
            .choice("mode", \.mode, "direction watched: up, down or both"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try PageHinkley(parameters)
    }
}
