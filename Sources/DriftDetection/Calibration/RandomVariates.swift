import Foundation

/// The random draws a null simulation needs, on a seeded ``SplitMix64``.
///
/// Written here rather than taken from a library because none of the packages this project builds with samples
/// distributions, and the simulation must be reproducible from its seed on every platform. Each sampler is exact
/// (no normal approximation), so simulated windows of any size have the distribution real windows have.
extension SplitMix64 {
    /// A Gamma(`shape`, 1) draw (Marsaglia and Tsang, 2000); a shape below 1 is boosted by one and scaled by
    /// `U^(1/shape)`, as they propose.
    package mutating func nextGamma(shape: Double) -> Double {
        if shape < 1 { return nextGamma(shape: shape + 1) * pow(nextUnitDouble(), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextGaussian()
            let base = 1 + c * x
            guard base > 0 else { continue }
            let v = base * base * base
            let u = nextUnitDouble()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) {
                return d * v
            }
        }
    }

    /// A Beta(`a`, `b`) draw for `a`, `b` ≥ 1, as the ratio of two gamma draws.
    package mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        let x = nextGamma(shape: a)
        return x / (x + nextGamma(shape: b))
    }

    /// A Binomial(`trials`, `probability`) draw.
    ///
    /// Large counts are split at the median order statistic of `trials` uniforms, which is Beta-distributed: the
    /// uniforms below it (or above it) are again uniform, so the count halves at each step (Devroye, *Non-Uniform
    /// Random Variate Generation*, X.4); the last few trials are drawn one by one.
    package mutating func nextBinomial(trials: Int, probability: Double) -> Int {
        var trials = trials
        var probability = probability
        var successes = 0
        while trials > 32, probability > 0, probability < 1 {
            let median = (trials + 1) / 2
            let order = nextBeta(Double(median), Double(trials + 1 - median))
            if order >= probability {
                trials = median - 1
                probability /= order
            } else {
                successes += median
                trials -= median
                probability = (probability - order) / (1 - order)
            }
        }
        if probability >= 1 { return successes + trials }
        guard probability > 0 else { return successes }
        for _ in 0..<trials where nextUnitDouble() < probability { successes += 1 }
        return successes
    }

    /// Multinomial counts of `trials` draws over cells with the given weights (any non-negative scale).
    package mutating func nextMultinomial(trials: Int, weights: [Double]) -> [Int] {
        var remainingWeight = weights.reduce(0, +)
        var remaining = trials
        return weights.map { weight in
            guard remaining > 0, remainingWeight > 0 else { return 0 }
            let count = nextBinomial(trials: remaining, probability: min(1, weight / remainingWeight))
            remaining -= count
            remainingWeight -= weight
            return count
        }
    }
}
