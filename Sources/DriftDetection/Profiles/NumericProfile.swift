/// The reference distribution of a numeric feature or output.
public struct NumericProfile: Codable, Equatable, Sendable {
    /// The probabilities at which ``quantiles`` are given: 0, 0.01, …, 1.
    public static let quantileProbabilities = (0...100).map { Double($0) / 100 }
    /// The sketch size of ``distribution``: references up to about 3,000 values are kept exactly.
    public static let distributionSketchK = 1_000

    /// The number of finite values.
    public var count: Int
    /// The smallest and largest finite value.
    public var range: ValueRange
    /// The mean of the finite values.
    public var mean: Double
    /// The population standard deviation of the finite values.
    public var standardDeviation: Double
    /// The bins windows count values over: quantiles at k/N (see ``BinEdges``).
    public var bins: BinEdges
    /// The reference's count per bin.
    public var binCounts: [Int]
    /// The quantiles at ``quantileProbabilities``, linearly interpolated as numpy does.
    public var quantiles: [Double]
    /// The reference's values for KS and Wasserstein: exact for small references, otherwise a
    /// KLL summary (k = 1,000) whose rank error stayed below 0.15% on 10⁶ values.
    public var distribution: EmpiricalDistribution

    enum CodingKeys: String, CodingKey {
        case count, range, mean
        case standardDeviation = "std"
        case bins = "bin_edges"
        case binCounts = "bin_counts"
        case quantiles, distribution
    }

    /// Builds the profile of finite values.
    ///
    /// - Parameters:
    ///   - values: The reference's finite values, in any order.
    ///   - binCount: The number of bins.
    /// - Throws: ``DriftDetectionError`` when there is no value or fewer than two bins.
    public init(values: [Double], binCount: Int = DistanceCalculator.defaultBinCount) throws {
        let sorted = values.sorted()
        guard let first = sorted.first, let last = sorted.last else {
            throw DriftDetectionError(.invalidInput, "a numeric profile needs at least one finite value")
        }
        var moments = RunningMoments()
        var sketch = KLLSketch(k: Self.distributionSketchK)
        for value in values {
            moments.add(value)
            sketch.insert(value)
        }
        let bins = try BinEdges(quantilesOf: sorted, bins: binCount)
        self.count = sorted.count
        self.range = ValueRange(min: first, max: last)
        self.mean = moments.mean
        self.standardDeviation = moments.variance.squareRoot()
        self.bins = bins
        self.binCounts = bins.counts(of: sorted)
        self.quantiles = Self.quantileProbabilities.map { LinearQuantile.value(sorted: sorted, probability: $0) }
        self.distribution = sketch.empiricalDistribution()
    }

    /// An empty window over this reference's bins and range.
    public func makeWindow(sketchK: Int? = KLLSketch.defaultK) -> NumericWindow {
        NumericWindow(bins: bins, referenceRange: range, sketchK: sketchK)
    }
}
