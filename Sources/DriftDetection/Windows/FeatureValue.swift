/// One feature value of a prediction event: a JSON number, string, boolean or null.
///
/// The event decoder produces these; windows and profile builders consume them. A categorical
/// feature reads a value through ``categoryLabel``, so integers declared categorical (a
/// `zip_code` sent as a number, say) count as the labels "94110", not as numbers.
public enum FeatureValue: Hashable, Sendable, Codable {
    /// A JSON number.
    case number(Double)
    /// A JSON string.
    case string(String)
    /// A JSON boolean.
    case bool(Bool)
    /// JSON null: the value is missing.
    case null

    /// The JSON kind of the value, `nil` for null.
    public var kind: ValueKind? {
        switch self {
        case .number: .number
        case .string: .string
        case .bool: .bool
        case .null: nil
        }
    }

    /// The value as a category label: a string as it is, a boolean as `"true"` or `"false"`, an
    /// integral number in decimal without a fraction (`3.0` is `"3"`); `nil` for other numbers
    /// and null.
    ///
    /// Labels of up to 15 UTF-8 bytes are stored inline, so numbers and booleans allocate nothing.
    public var categoryLabel: String? {
        switch self {
        case .string(let string): string
        case .bool(let bool): bool ? "true" : "false"
        case .number(let number): Int64(exactly: number).map { String($0) }
        case .null: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .bool(let bool): try container.encode(bool)
        case .null: try container.encodeNil()
        }
    }
}
