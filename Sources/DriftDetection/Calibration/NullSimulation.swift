import Foundation

/// Simulates windows without drift from a feature's reference and records the statistic they give: the null
/// distribution an `auto` threshold is read from.
///
/// The statistic of a live window differs from zero for two reasons: the window is a sample, and so is the
/// reference. Each simulated window is therefore drawn from a distribution that is itself drawn around the
/// reference (a Bayesian bootstrap: Dirichlet weights on the reference's bins, categories or values), and compared
/// with the reference exactly as a live window is: over the same bins and categories, through the same quantile
/// sketch for KS and Wasserstein. A threshold from this null holds its false-alarm rate for windows drawn from
/// the distribution the reference was drawn from, whatever the window size, and does not presume that the
/// reference is much larger than a window.
public enum NullSimulation {
    /// The simulations of a calibration: 20,000 for the binned statistics over up to 100 bins or categories, so
    /// that the default false-alarm rate of 0.001 is read off 20 simulated exceedances (fewer, down to 2,000, over
    /// more categories); up to 5,000 for KS and Wasserstein, fewer on large windows, whose cost grows with the
    /// window (at least 1,000, 20 million simulated values at most beyond that).
    public static func defaultSimulations(_ metric: DistanceMetric, windowValues: Int, cells: Int) -> Int {
        guard metric.needsSketch else { return min(20_000, max(2_000, 2_000_000 / max(1, cells))) }
        return min(5_000, max(1_000, 20_000_000 / max(1, windowValues)))
    }

    /// The seed of a calibration: fixed per feature, metric and window size, so a calibration is reproducible and
    /// two instances with the same configuration choose the same thresholds.
    public static func seed(feature: String, metric: DistanceMetric, windowValues: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(feature)|\(metric.rawValue)|\(windowValues)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The null distribution of `metric` for windows of `windowValues` values compared with `profile`.
    ///
    /// - Throws: ``DriftDetectionError`` when the profile has no values or the metric does not apply to it.
    public static func null(
        _ metric: DistanceMetric, profile: FeatureProfile, windowValues: Int, simulations: Int, seed: UInt64
    ) throws -> NullDistribution {
        guard windowValues > 0, simulations >= 100 else {
            throw DriftDetectionError(.invalidArgument, "a calibration needs a window size and 100 simulations or more")
        }
        var random = SplitMix64(seed: seed)
        var statistics: [Double] = []
        statistics.reserveCapacity(simulations)
        if metric.needsSketch {
            guard let reference = profile.numeric?.distribution, !reference.values.isEmpty else {
                throw DriftDetectionError(.invalidInput, "\(metric.rawValue) is calibrated on a numeric reference")
            }
            for _ in 0..<simulations {
                statistics.append(
                    try sketchedStatistic(metric, reference: reference, windowValues: windowValues, random: &random))
            }
        } else {
            let counts = try referenceCounts(profile)
            let shapes = counts.map(Double.init)
            for _ in 0..<simulations {
                let weights = shapes.map { $0 > 0 ? random.nextGamma(shape: $0) : 0 }
                let window = random.nextMultinomial(trials: windowValues, weights: weights)
                statistics.append(
                    try DistanceCalculator.binned(metric, referenceCounts: counts, currentCounts: window).value)
            }
        }
        return try NullDistribution(statistics: statistics)
    }

    /// The reference's counts in the order a window's distance compares them: the bins of a numeric feature, or
    /// the categories sorted by label and then the overflow of a categorical one.
    package static func referenceCounts(_ profile: FeatureProfile) throws -> [Int] {
        if let numeric = profile.numeric { return numeric.binCounts }
        guard let categorical = profile.categorical, categorical.total > 0 else {
            throw DriftDetectionError(.invalidInput, "a calibration needs a reference with values")
        }
        let counts = categorical.counts.sorted { $0.key < $1.key }.map(\.value)
        return categorical.overflowCount > 0 ? counts + [categorical.overflowCount] : counts
    }

    /// KS or Wasserstein of one simulated window: values drawn by inverse CDF from Dirichlet-weighted reference
    /// items, each item's weight spread evenly between the midpoints to its neighbours (a sketch's item stands for
    /// values around it), and summarised by a window's quantile sketch.
    private static func sketchedStatistic(
        _ metric: DistanceMetric, reference: EmpiricalDistribution, windowValues: Int, random: inout SplitMix64
    ) throws -> Double {
        let scale = Double(reference.observations) / max(reference.totalWeight, 1)
        var cumulative: [Double] = []
        cumulative.reserveCapacity(reference.values.count)
        var previous = 0.0
        var total = 0.0
        for weight in reference.cumulativeWeights {
            total += random.nextGamma(shape: (weight - previous) * scale)
            previous = weight
            cumulative.append(total)
        }
        var sketch = KLLSketch()
        let values = reference.values
        for _ in 0..<windowValues {
            let target = random.nextUnitDouble() * total
            var (low, high) = (0, cumulative.count - 1)
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < target { low = middle + 1 } else { high = middle }
            }
            let below = low > 0 ? cumulative[low - 1] : 0
            let fraction = cumulative[low] > below ? (target - below) / (cumulative[low] - below) : 0.5
            let start = low > 0 ? 0.5 * (values[low - 1] + values[low]) : values[low]
            let end = low + 1 < values.count ? 0.5 * (values[low] + values[low + 1]) : values[low]
            sketch.insert(start + fraction * (end - start))
        }
        let current = sketch.empiricalDistribution()
        if metric == .ks { return try KolmogorovSmirnov.test(reference: reference, current: current).value }
        return try Wasserstein.distance(reference: reference, current: current)
    }
}
