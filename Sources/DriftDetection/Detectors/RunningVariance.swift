/// Welford's running sample variance (divisor `n - 1`), in the order of River's `stats.Var`.
///
/// The recurrence is that of ``RunningMoments``, but the mean moves as River's `stats.Mean` moves it,
/// `mean += (1 / n) * (x - mean)`, where ``RunningMoments`` divides, `mean += (x - mean) / n`. The two
/// round differently, and EDDM must raise its signals at exactly River's indices, so this order is kept
/// in a type of its own.
struct RunningVariance: Codable, Sendable, Equatable {
    private(set) var mean = RunningMean()
    private var sumOfSquares: Double = 0

    /// Adds one value.
    mutating func add(_ value: Double) {
        let previousMean = mean.mean
        mean.add(value)
        sumOfSquares += (value - previousMean) * (value - mean.mean)
    }

    /// The sample variance, or 0 until two values were seen.
    var variance: Double {
        mean.count > 1 ? sumOfSquares / (mean.count - 1) : 0
    }
}
