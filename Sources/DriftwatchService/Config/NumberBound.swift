/// The range a numeric configuration value must lie in.
enum NumberBound: CustomStringConvertible {
    /// Greater than 0 (distance thresholds without an upper limit).
    case positive
    /// Greater than 0 and at most 1 (rates, bounded distances, effect sizes).
    case fraction
    /// Strictly between 0 and 1 (p-values).
    case probability
    /// Strictly between 0 and 1 (false-alarm rates).
    case rate

    /// Whether `value` lies in the range.
    func contains(_ value: Double) -> Bool {
        switch self {
        case .positive: value > 0
        case .fraction: value > 0 && value <= 1
        case .probability, .rate: value > 0 && value < 1
        }
    }

    var description: String {
        switch self {
        case .positive: "greater than 0"
        case .fraction: "greater than 0 and at most 1"
        case .probability: "a p-value strictly between 0 and 1"
        case .rate: "a rate strictly between 0 and 1"
        }
    }
}
