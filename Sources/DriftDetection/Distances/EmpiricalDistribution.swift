/// A weighted empirical distribution: ascending values with their cumulative weights.
///
/// Raw samples have weight 1 each, so the cumulative weights are the exact integers 1…n and
/// the CDF is `i / n` as SciPy computes it. A quantile sketch yields weighted items instead.
public struct EmpiricalDistribution: Codable, Equatable, Sendable {
    /// The values, ascending.
    public let values: [Double]
    /// `cumulativeWeights[i]` is the total weight of `values[0...i]`.
    public let cumulativeWeights: [Double]
    /// The number of observations the distribution stands for (the sample size a test uses).
    public let observations: Int

    enum CodingKeys: String, CodingKey {
        case values
        case cumulativeWeights = "cumulative_weights"
        case observations
    }

    /// The total weight.
    public var totalWeight: Double { cumulativeWeights.last ?? 0 }

    /// Creates the empirical distribution of raw samples, each with weight 1.
    ///
    /// - Throws: ``DriftDetectionError`` when a value is not finite.
    public init(samples: [Double]) throws {
        guard samples.allSatisfy(\.isFinite) else {
            throw DriftDetectionError(.invalidInput, "values must be finite numbers")
        }
        self.values = samples.sorted()
        self.cumulativeWeights = (0..<samples.count).map { Double($0 + 1) }
        self.observations = samples.count
    }

    /// Creates a distribution from weighted items.
    ///
    /// - Parameters:
    ///   - sortedValues: The items' values, ascending.
    ///   - weights: The items' positive weights.
    ///   - observations: How many observations the items summarise.
    public init(sortedValues: [Double], weights: [Double], observations: Int) {
        precondition(sortedValues.count == weights.count, "one weight per value")
        self.values = sortedValues
        var running = 0.0
        self.cumulativeWeights = weights.map {
            running += $0
            return running
        }
        self.observations = observations
    }

    /// Walks the union of both distributions' distinct values in ascending order and calls `body`
    /// with each value and both CDFs just after it (`P(X ≤ value)`).
    func forEachStep(
        with other: EmpiricalDistribution,
        _ body: (_ value: Double, _ selfCDF: Double, _ otherCDF: Double) -> Void
    ) {
        var i = 0
        var j = 0
        let selfTotal = totalWeight
        let otherTotal = other.totalWeight
        while i < values.count || j < other.values.count {
            let x = min(
                i < values.count ? values[i] : .infinity,
                j < other.values.count ? other.values[j] : .infinity
            )
            while i < values.count && values[i] <= x { i += 1 }
            while j < other.values.count && other.values[j] <= x { j += 1 }
            let selfCDF = i == 0 ? 0 : cumulativeWeights[i - 1] / selfTotal
            let otherCDF = j == 0 ? 0 : other.cumulativeWeights[j - 1] / otherTotal
            body(x, selfCDF, otherCDF)
        }
    }
}
