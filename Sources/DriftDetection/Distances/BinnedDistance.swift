import Foundation

/// The proportion-based distances of the README's "Distances" over two vectors of counts.
public enum BinnedDistance {
    /// The proportion that replaces a zero count; proportions are not renormalised afterwards.
    public static let zeroProportion = 1e-4

    /// Computes a proportion-based metric from the counts of the reference and the current window
    /// over the same bins or categories.
    ///
    /// - Parameters:
    ///   - metric: One of `psi`, `kl`, `js`, `hellinger`, `tvd`.
    ///   - referenceCounts: The reference's count per bin.
    ///   - currentCounts: The current window's count per bin, in the same order.
    /// - Throws: ``DriftDetectionError`` when the metric is not proportion-based, the vectors
    ///   differ in length, or either side is empty.
    public static func value(
        _ metric: DistanceMetric,
        referenceCounts: [Int],
        currentCounts: [Int]
    ) throws -> Double {
        guard metric.isProportionBased else {
            throw DriftDetectionError(.invalidArgument, "\(metric.rawValue) is not a proportion-based metric")
        }
        let p = try proportions(referenceCounts, side: "reference")
        let q = try proportions(currentCounts, side: "current")
        guard p.count == q.count else {
            throw DriftDetectionError(.invalidArgument, "the reference has \(p.count) bins, the current \(q.count)")
        }
        var sum = 0.0
        switch metric {
        case .psi:
            for i in p.indices { sum += (q[i] - p[i]) * log(q[i] / p[i]) }
            return sum
        case .kl:
            for i in p.indices { sum += p[i] * log(p[i] / q[i]) }
            return sum
        case .js:
            var left = 0.0
            var right = 0.0
            for i in p.indices {
                let m = (p[i] + q[i]) / 2
                left += p[i] * log(p[i] / m)
                right += q[i] * log(q[i] / m)
            }
            return (0.5 * left + 0.5 * right).squareRoot()
        case .hellinger:
            for i in p.indices {
                let difference = p[i].squareRoot() - q[i].squareRoot()
                sum += difference * difference
            }
            return sum.squareRoot() / 2.0.squareRoot()
        case .tvd:
            for i in p.indices { sum += abs(p[i] - q[i]) }
            return 0.5 * sum
        case .ks, .wasserstein, .chi2:
            preconditionFailure("guarded above")
        }
    }

    /// Turns counts into proportions, replacing the proportion of a zero count by ``zeroProportion``.
    static func proportions(_ counts: [Int], side: String) throws -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else {
            throw DriftDetectionError(.invalidInput, "the \(side) distribution has no values")
        }
        return counts.map { $0 == 0 ? zeroProportion : Double($0) / Double(total) }
    }
}
