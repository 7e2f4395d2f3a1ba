/// A running mean, updated in either of the two floating-point orders the reference libraries use.
///
/// The two orders round differently, and detectors compare against thresholds, so each detector uses
/// the order of the library it agrees with.
///
/// ``addDividing(_:)`` performs the same operations as the mean step of ``RunningMoments/add(_:)``; the
/// detectors still keep this type rather than ``RunningMoments`` because ``add(_:)`` needs River's order,
/// the count must stay a `Double` as in River, and the encoded form is part of every detector snapshot.
struct RunningMean: Codable, Sendable, Equatable {
    /// The number of values seen, kept as a `Double` as River does.
    private(set) var count: Double = 0
    /// The mean of the values seen; 0 before the first.
    private(set) var mean: Double = 0

    /// Adds a value as River's `stats.Mean` does: `mean += (1 / n) * (x - mean)`.
    mutating func add(_ value: Double) {
        count += 1
        mean += (1 / count) * (value - mean)
    }

    /// Adds a value as Frouros' `Mean` does: `mean += (x - mean) / n`.
    mutating func addDividing(_ value: Double) {
        count += 1
        mean += (value - mean) / count
    }
}
