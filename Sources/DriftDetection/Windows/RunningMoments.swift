/// Count, mean and sum of squared deviations of a stream, numerically stable and mergeable.
///
/// Updates use Welford's recurrence; ``merge(_:)`` uses Chan, Golub and LeVeque's pairwise
/// formula, so a window merged from panes has the moments of the concatenated stream up to
/// rounding. The detectors keep `RunningMean` and `RunningVariance` instead, whose operation
/// orders follow the libraries they must agree with bit for bit.
public struct RunningMoments: Codable, Equatable, Sendable {
    /// The number of values.
    public private(set) var count: Int = 0
    /// The mean of the values, 0 when there are none.
    public private(set) var mean: Double = 0
    /// The sum of squared deviations from the mean.
    public private(set) var sumOfSquaredDeviations: Double = 0

    /// Creates empty moments.
    public init() {}

    /// The population variance (divisor n), 0 for fewer than one value.
    public var variance: Double {
        count > 0 ? sumOfSquaredDeviations / Double(count) : 0
    }

    /// The sample variance (divisor n − 1), 0 for fewer than two values.
    public var sampleVariance: Double {
        count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0
    }

    /// Adds one finite value.
    @inline(__always)
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// Folds another stream's moments into these.
    public mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let total = count + other.count
        let delta = other.mean - mean
        mean += delta * Double(other.count) / Double(total)
        sumOfSquaredDeviations +=
            other.sumOfSquaredDeviations
            + delta * delta * Double(count) * Double(other.count) / Double(total)
        count = total
    }
}
