/// STEPD, the statistical test of equal proportions (Nishida and Yamauchi, 2007).
///
/// Compares the proportion of ones among the last `min_num_instances` values with the proportion among
/// all older values using a two-proportion z-test with continuity correction; warns when the p-value
/// is below `alpha_w` and signals drift below `alpha_d`. The test is two-sided, so it reads error bits
/// and correct-prediction bits alike. Agrees exactly with Frouros 0.9.0's `STEPD` with a `reset()` after
/// each drift, which is what this detector does by itself — including Frouros' quirk that a stream whose
/// values are all equal (no errors at all, say) yields an infinite statistic and so a drift.
///
/// Parameters: ``Parameters``, with Frouros' names and defaults as `descriptor` declares them.
///
/// Memory: `min_num_instances` doubles.
public struct STEPD: SequentialDetector, Equatable {
    /// STEPD's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Significance level of drift.
        public var alphaD: Double
        /// Significance level of warning.
        public var alphaW: Double
        /// Length of the recent window.
        public var minNumInstances: Int

        /// Frouros' defaults, or the given values.
        public init(alphaD: Double = 0.003, alphaW: Double = 0.05, minNumInstances: Int = 30) {
            self.alphaD = alphaD
            self.alphaW = alphaW
            self.minNumInstances = minNumInstances
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var recent: RingBuffer
    private var updates = 0
    private var total: Double = 0
    /// How many values in `recent` are non-zero.
    private var recentOnes = 0

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(parameters.alphaD > 0, "stepd", "alpha_d must be greater than 0")
        try DriftDetectionError.require(
            parameters.alphaW > parameters.alphaD,
            "stepd",
            "alpha_w must be greater than alpha_d"
        )
        try DriftDetectionError.require(
            parameters.minNumInstances >= 1,
            "stepd",
            "min_num_instances must be at least 1"
        )
        self.parameters = parameters
        recent = RingBuffer(capacity: parameters.minNumInstances)
    }

    public mutating func reset() {
        recent.removeAll()
        updates = 0
        total = 0
        recentOnes = 0
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        updates += 1
        total += value
        if let evicted = recent.append(value), evicted != 0 {
            recentOnes -= 1
        }
        if value != 0 {
            recentOnes += 1
        }
        guard updates >= 2 * parameters.minNumInstances else { return .none }
        let pValue = StandardNormal.survival(abs(statistic()))
        if pValue < parameters.alphaD {
            reset()
            return .drift
        }
        return pValue < parameters.alphaW ? .warning : .none
    }

    /// The continuity-corrected z statistic of the difference between the older and the recent proportion.
    private func statistic() -> Double {
        let recentCount = recent.count
        let olderCount = updates - recentCount
        let olderOnes = total - Double(recentOnes)
        let pooled = total / Double(updates)
        let inverseSizes = 1 / Double(olderCount) + 1 / Double(recentCount)
        let difference = abs(olderOnes / Double(olderCount) - Double(recentOnes) / Double(recentCount))
        return (difference - 0.5 * inverseSizes) / (pooled * (1 - pooled) * inverseSizes).squareRoot()
    }
}

extension STEPD: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "stepd",
        input: .binary,
        reference: "Frouros 0.9.0 STEPD",
        summary: "Test of equal proportions, recent window vs the past; quick on abrupt drift.",
        defaults: Parameters(),
        parameters: [
            .double("alpha_d", \.alphaD, "significance level of drift"),
            .double("alpha_w", \.alphaW, "significance level of warning (greater than alpha_d)"),
            .integer("min_num_instances", \.minNumInstances, "length of the recent window"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try STEPD(parameters)
    }
}
