/// The geometric moving average control chart (Roberts, 1959) on deviations from the running mean.
///
/// Keeps `G = alpha · G + (1 − alpha) · (x − mean)` and signals drift when `G` exceeds `lambda_`. Agrees
/// exactly with Frouros 0.9.0's `GeometricMovingAverage` with a `reset()` after each drift, which is what
/// this detector does by itself. Watches increases only. No warnings.
///
/// Parameters: ``Parameters``, with Frouros' names and defaults as `descriptor` declares them.
///
/// Memory: constant, four numbers.
public struct GeometricMovingAverage: SequentialDetector, Equatable {
    /// The geometric moving average's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Forgetting factor.
        public var alpha: Double
        /// The drift threshold.
        public var lambda: Double
        /// Updates before the test may fire.
        public var minNumInstances: Int

        /// Frouros' defaults, or the given values.
        public init(alpha: Double = 0.99, lambda: Double = 1, minNumInstances: Int = 30) {
            self.alpha = alpha
            self.lambda = lambda
            self.minNumInstances = minNumInstances
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var mean = RunningMean()
    private var average: Double = 0

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.alpha >= 0 && parameters.alpha <= 1,
            "geometric_moving_average",
            "alpha must be in [0, 1]"
        )
        try DriftDetectionError.require(
            parameters.lambda >= 0,
            "geometric_moving_average",
            "lambda_ must not be negative"
        )
        try DriftDetectionError.require(
            parameters.minNumInstances >= 1,
            "geometric_moving_average",
            "min_num_instances must be at least 1"
        )
        self.parameters = parameters
    }

    public mutating func reset() {
        mean = RunningMean()
        average = 0
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        mean.addDividing(value)
        average = parameters.alpha * average + (1 - parameters.alpha) * (value - mean.mean)
        guard mean.count >= Double(parameters.minNumInstances), average > parameters.lambda else { return .none }
        reset()
        return .drift
    }
}

extension GeometricMovingAverage: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "geometric_moving_average",
        input: .numeric,
        reference: "Frouros 0.9.0 GeometricMovingAverage",
        summary: "Exponentially weighted deviation from the mean; smooth, for sustained increases.",
        defaults: Parameters(),
        parameters: [
            .double("alpha", \.alpha, "forgetting factor"),
            .double("lambda_", \.lambda, "drift threshold"),
            .integer("min_num_instances", \.minNumInstances, "updates before the test may fire"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try GeometricMovingAverage(parameters)
    }
}
