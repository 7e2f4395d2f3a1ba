/// CUSUM, the cumulative sum control chart (Page, 1954), on deviations from the running mean.
///
/// Accumulates `max(0, S + x − mean − delta)` and signals drift when the sum exceeds `lambda_`. Agrees
/// exactly with Frouros 0.9.0's `CUSUM` with a `reset()` after each drift, which is what this detector
/// does by itself. Watches increases only. No warnings.
///
/// Parameters: ``Parameters``, with Frouros' names and defaults as `descriptor` declares them.
///
/// Memory: constant, four numbers.
public struct CUSUM: SequentialDetector, Equatable {
    /// CUSUM's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// The magnitude of change tolerated.
        public var delta: Double
        /// The drift threshold.
        public var lambda: Double
        /// Updates before the test may fire.
        public var minNumInstances: Int

        /// Frouros' defaults, or the given values.
        public init(delta: Double = 0.005, lambda: Double = 50, minNumInstances: Int = 30) {
            self.delta = delta
            self.lambda = lambda
            self.minNumInstances = minNumInstances
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var mean = RunningMean()
    private var sum: Double = 0

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.delta >= 0 && parameters.delta <= 1,
            "cusum",
            "delta must be in [0, 1]"
        )
        try DriftDetectionError.require(parameters.lambda >= 0, "cusum", "lambda_ must not be negative")
        try DriftDetectionError.require(
            parameters.minNumInstances >= 1,
            "cusum",
            "min_num_instances must be at least 1"
        )
        self.parameters = parameters
    }

    public mutating func reset() {
        mean = RunningMean()
        sum = 0
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        mean.addDividing(value)
        let candidate = sum + value - mean.mean - parameters.delta
        sum = max(0, candidate)
        guard mean.count >= Double(parameters.minNumInstances), sum > parameters.lambda else { return .none }
        reset()
        return .drift
    }
}

extension CUSUM: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "cusum",
        input: .numeric,
        reference: "Frouros 0.9.0 CUSUM",
        summary: "One-sided cumulative sum of deviations; detects an increase of a numeric error stream.",
        defaults: Parameters(),
        parameters: [
            .double("delta", \.delta, "magnitude of change tolerated"),
            .double("lambda_", \.lambda, "drift threshold"),
            .integer("min_num_instances", \.minNumInstances, "updates before the test may fire"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try CUSUM(parameters)
    }
}
