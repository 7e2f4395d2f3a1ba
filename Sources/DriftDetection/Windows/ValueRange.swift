/// The closed range of a reference's finite values; values outside it count as out of range.
public struct ValueRange: Codable, Equatable, Sendable {
    /// The smallest reference value.
    public var min: Double
    /// The largest reference value.
    public var max: Double

    /// Creates a range.
    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }

    /// Whether `value` lies within the range, bounds included.
    @inline(__always)
    public func contains(_ value: Double) -> Bool {
        value >= min && value <= max
    }
}
