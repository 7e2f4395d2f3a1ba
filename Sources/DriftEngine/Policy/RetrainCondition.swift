/// One entry of a retrain policy's `on` list: a signal kind or a severity (README, "Events, alerts and retrain
/// triggers").
///
/// Its raw value is the configuration text: a `SignalKind` raw value (`concept_drift`) or a `Severity` raw value
/// (`critical`).
public enum RetrainCondition: RawRepresentable, Codable, Sendable, Hashable, CaseIterable {
    /// A firing alert of this kind.
    case kind(SignalKind)
    /// A firing alert of this severity or a higher one.
    case severity(Severity)

    /// Every kind, then every severity.
    public static var allCases: [Self] {
        SignalKind.allCases.map(Self.kind) + Severity.allCases.map(Self.severity)
    }

    /// Parses `concept_drift`, `critical`, ...; `nil` for anything else.
    public init?(rawValue: String) {
        if let kind = SignalKind(rawValue: rawValue) {
            self = .kind(kind)
        } else if let severity = Severity(rawValue: rawValue) {
            self = .severity(severity)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .kind(let kind): kind.rawValue
        case .severity(let severity): severity.rawValue
        }
    }

    /// Whether a firing alert of `kind` with `severity` meets this condition. A severity condition is met by that
    /// severity or a higher one (`warning` also counts critical alerts).
    func matches(kind: SignalKind, severity: Severity) -> Bool {
        switch self {
        case .kind(let wanted): kind == wanted
        case .severity(let wanted): severity >= wanted
        }
    }
}
