/// Computes any ``DistanceMetric`` between a reference sample and a current sample.
///
/// This is the exact, raw-sample form behind `driftwatch distance`; windows use the same
/// functions on their bin counts and sketches.
public enum DistanceCalculator {
    /// The default number of bins for numeric features (README, "Distances").
    public static let defaultBinCount = 10

    /// Compares two numeric samples.
    ///
    /// Proportion-based metrics and chi-square use `bins` bins cut at the reference's quantiles
    /// (see ``BinEdges``); KS and Wasserstein use the raw values.
    ///
    /// - Throws: ``DriftDetectionError`` when a sample is empty, a value is not finite, or
    ///   `bins` is below 2.
    public static func numeric(
        _ metric: DistanceMetric,
        reference: [Double],
        current: [Double],
        bins: Int = defaultBinCount
    ) throws -> DistanceResult {
        let referenceDistribution = try EmpiricalDistribution(samples: reference)
        let currentDistribution = try EmpiricalDistribution(samples: current)
        switch metric {
        case .ks:
            return try KolmogorovSmirnov.test(reference: referenceDistribution, current: currentDistribution)
        case .wasserstein:
            let value = try Wasserstein.distance(reference: referenceDistribution, current: currentDistribution)
            return DistanceResult(metric: metric, value: value)
        case .psi, .kl, .js, .hellinger, .tvd, .chi2:
            let edges = try BinEdges(quantilesOf: referenceDistribution.values, bins: bins)
            return try binned(
                metric,
                referenceCounts: edges.counts(of: reference),
                currentCounts: edges.counts(of: current)
            )
        }
    }

    /// Compares two categorical samples over the union of their categories.
    ///
    /// - Throws: ``DriftDetectionError`` for `ks` and `wasserstein`, which need numbers, and
    ///   when a sample is empty.
    public static func categorical(
        _ metric: DistanceMetric,
        reference: [String],
        current: [String]
    ) throws -> DistanceResult {
        let referenceCounts = Dictionary(reference.map { ($0, 1) }, uniquingKeysWith: +)
        let currentCounts = Dictionary(current.map { ($0, 1) }, uniquingKeysWith: +)
        let categories = Set(referenceCounts.keys).union(currentCounts.keys).sorted()
        return try binned(
            metric,
            referenceCounts: categories.map { referenceCounts[$0] ?? 0 },
            currentCounts: categories.map { currentCounts[$0] ?? 0 }
        )
    }

    /// Compares counts over the same bins or categories with a proportion-based metric or chi-square.
    ///
    /// - Throws: ``DriftDetectionError`` for `ks` and `wasserstein`, which need values rather
    ///   than counts, and when the counts do not match or a side is empty.
    public static func binned(
        _ metric: DistanceMetric,
        referenceCounts: [Int],
        currentCounts: [Int]
    ) throws -> DistanceResult {
        switch metric {
        case .chi2:
            return try ChiSquareTest.test(referenceCounts: referenceCounts, currentCounts: currentCounts)
        case .psi, .kl, .js, .hellinger, .tvd:
            let value = try BinnedDistance.value(metric, referenceCounts: referenceCounts, currentCounts: currentCounts)
            return DistanceResult(metric: metric, value: value)
        case .ks, .wasserstein:
            throw DriftDetectionError(
                .invalidArgument,
                "\(metric.rawValue) compares numeric values and cannot be computed from counts or categories"
            )
        }
    }
}
