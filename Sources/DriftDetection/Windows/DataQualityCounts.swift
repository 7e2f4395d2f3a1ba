/// Data-quality counters of one feature in one window.
public struct DataQualityCounts: Codable, Equatable, Sendable {
    /// Values that were null, or features absent from the event.
    public var missing = 0
    /// Values of a kind the feature cannot use: a string or boolean for a numeric feature, a
    /// number with a fraction for a categorical one.
    public var typeMismatch = 0
    /// Finite numbers outside the reference's range.
    public var outOfRange = 0
    /// Category labels the reference never saw.
    public var unseenCategory = 0

    /// Creates zero counters.
    public init() {}

    /// Adds another window's counters to these.
    public mutating func merge(_ other: DataQualityCounts) {
        missing += other.missing
        typeMismatch += other.typeMismatch
        outOfRange += other.outOfRange
        unseenCategory += other.unseenCategory
    }
}
