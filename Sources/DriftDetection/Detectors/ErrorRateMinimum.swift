/// The error rate `p` and its standard deviation `s` at the point where `p + s` was smallest, as the
/// DDM family of control charts keeps them.
struct ErrorRateMinimum: Codable, Sendable, Equatable {
    var p: Double
    var s: Double

    /// `p + s`.
    var sum: Double { p + s }

    /// Whether `rate` lies more than `level` standard deviations `s` above `p`.
    func isExceeded(by rate: Double, level: Double) -> Bool {
        rate > p + level * s
    }
}
