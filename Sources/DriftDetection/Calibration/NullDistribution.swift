import Foundation

/// The distribution of a window statistic when nothing drifted, estimated from simulated windows.
///
/// Keeps the simulated statistic's quantiles: at 0, 0.01, …, 0.99, then at exceedance rates 0.009, 0.008, …,
/// 0.001, 0.0009, … down to the smallest rate that at least ten simulated values exceed. Below that rate a
/// generalized Pareto distribution, fitted to the largest simulated values (the peaks-over-threshold method),
/// extrapolates the tail from its shape instead of reading it off the largest simulated value. Statistics with
/// atoms (a category missing from a small window makes KL jump) are kept by the empirical quantiles, which a
/// smooth tail would misplace. The tail is fitted by the method of moments, stable for the 50 or more values it
/// gets.
public struct NullDistribution: Codable, Equatable, Sendable {
    /// The fewest simulated values beyond a rate for its quantile to be read off the simulation.
    static let empiricalExceedances = 10
    /// The fewest simulated values the generalized Pareto tail is fitted to.
    static let fittedExceedances = 50

    /// The statistic's quantiles at 0, 0.01, …, 0.99.
    public var quantiles: [Double]
    /// The exceedance rates of ``tailQuantiles``, descending (0.009, 0.008, …).
    public var tailRates: [Double]
    /// The statistic that simulated windows exceeded at each of ``tailRates``.
    public var tailQuantiles: [Double]
    /// The rate at whose quantile the generalized Pareto tail begins.
    public var tailOrigin: Double
    /// The tail's scale σ (0 when no simulated value exceeded its origin).
    public var tailScale: Double
    /// The tail's shape ξ: negative for a bounded tail, 0 for an exponential one, positive for a heavy one.
    public var tailShape: Double

    enum CodingKeys: String, CodingKey {
        case quantiles
        case tailRates = "tail_rates"
        case tailQuantiles = "tail_quantiles"
        case tailOrigin = "tail_origin"
        case tailScale = "tail_scale"
        case tailShape = "tail_shape"
    }

    /// Estimates the distribution from simulated statistics.
    ///
    /// - Throws: ``DriftDetectionError`` when fewer than 100 values are given or a value is not finite.
    public init(statistics: [Double]) throws {
        guard statistics.count >= 100, statistics.allSatisfy(\.isFinite) else {
            throw DriftDetectionError(
                .invalidInput, "a null distribution needs at least 100 finite simulated statistics")
        }
        let sorted = statistics.sorted()
        let count = Double(sorted.count)
        func quantile(rate: Double) -> Double { LinearQuantile.value(sorted: sorted, probability: 1 - rate) }
        quantiles = (0..<100).map { LinearQuantile.value(sorted: sorted, probability: Double($0) / 100) }
        let smallestRate = Double(Self.empiricalExceedances) / count
        var rates: [Double] = []
        var decade = 0.001
        while 9 * decade >= smallestRate {
            rates += (1...9).reversed().map { Double($0) * decade }.filter { $0 >= smallestRate }
            decade /= 10
        }
        tailRates = rates
        tailQuantiles = rates.map(quantile(rate:))
        tailOrigin = max(0.01, Double(Self.fittedExceedances) / count)
        let origin = quantile(rate: tailOrigin)
        var moments = RunningMoments()
        for value in sorted.reversed() where value > origin { moments.add(value - origin) }
        let (mean, variance) = (moments.mean, moments.variance)
        if moments.count < 2 || mean <= 0 || variance <= 0 {
            // A (nearly) degenerate tail: an exponential one with the exceedances' mean, if any.
            (tailScale, tailShape) = (max(mean, 0), 0)
        } else {
            // The moments exist for ξ < ½; the bound keeps a few outliers from implying an infinite variance.
            tailShape = min(0.45, 0.5 * (1 - mean * mean / variance))
            tailScale = mean * (1 - tailShape)
        }
    }

    /// The smallest rate whose quantile the simulation gives, and that quantile.
    private var lastEmpirical: (rate: Double, quantile: Double) {
        if let rate = tailRates.last, let quantile = tailQuantiles.last { return (rate, quantile) }
        return (0.01, quantiles[99])
    }

    /// The generalized Pareto tail's excess over its origin at `rate` (≤ ``tailOrigin``).
    private func fittedExcess(rate: Double) -> Double {
        guard tailScale > 0 else { return 0 }
        let ratio = rate / tailOrigin
        if abs(tailShape) < 1e-9 { return -tailScale * log(ratio) }
        return tailScale / tailShape * (pow(ratio, -tailShape) - 1)
    }

    /// The statistic that a window without drift exceeds with probability `rate`.
    public func threshold(rate: Double) -> Double {
        guard rate > 0 else { return .infinity }
        if rate >= 0.01 {
            let position = min(99, max(0, (1 - rate) * 100))
            let lower = min(Int(position), 98)
            return quantiles[lower] + (position - Double(lower)) * (quantiles[lower + 1] - quantiles[lower])
        }
        let last = lastEmpirical
        if rate >= last.rate {
            // Between two stored rates, linear in the logarithm of the rate.
            let rates = [0.01] + tailRates
            let values = [quantiles[99]] + tailQuantiles
            let upper = rates.firstIndex { $0 <= rate } ?? rates.count - 1
            guard upper > 0, rates[upper] < rate else { return values[upper] }
            let fraction = log(rates[upper - 1] / rate) / log(rates[upper - 1] / rates[upper])
            return values[upper - 1] + fraction * (values[upper] - values[upper - 1])
        }
        return last.quantile + fittedExcess(rate: rate) - fittedExcess(rate: last.rate)
    }

    /// The probability that a window without drift has a statistic greater than `statistic`.
    public func tailProbability(_ statistic: Double) -> Double {
        let last = lastEmpirical
        guard statistic <= last.quantile else {
            guard tailScale > 0 else { return 0 }
            // The fitted tail's survival beyond the last empirical quantile, continued from its rate.
            let excess = statistic - last.quantile + fittedExcess(rate: last.rate)
            let scaled = excess / tailScale
            if abs(tailShape) < 1e-9 { return tailOrigin * exp(-scaled) }
            let base = 1 + tailShape * scaled
            return base <= 0 ? 0 : tailOrigin * pow(base, -1 / tailShape)
        }
        let rates = (0..<100).map { 1 - Double($0) / 100 } + tailRates
        let values = quantiles + tailQuantiles
        guard let upper = values.firstIndex(where: { $0 > statistic }) else { return last.rate }
        guard upper > 0 else { return 1 }
        let (low, high) = (values[upper - 1], values[upper])
        let fraction = high > low ? (statistic - low) / (high - low) : 1
        if upper <= 99 { return rates[upper - 1] - fraction * (rates[upper - 1] - rates[upper]) }
        return exp(log(rates[upper - 1]) + fraction * log(rates[upper] / rates[upper - 1]))
    }
}
