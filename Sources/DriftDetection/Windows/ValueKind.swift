/// The JSON kind of a non-null feature value, used to detect type changes against the reference.
public enum ValueKind: String, Codable, Sendable {
    /// A JSON number.
    case number
    /// A JSON string.
    case string
    /// A JSON boolean.
    case bool
}
