import DriftDetection
import DriftEngine

/// A JSON value whose objects keep their keys in the order given, so that encoded events are byte-for-byte
/// deterministic.
indirect enum JSONValue {
    case string(String)
    case number(Double)
    case integer(Int64)
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])

    /// One line of JSON in the style of the README's "Events in and out": `{"key": value, "other": [1, 2]}`.
    ///
    /// Doubles use the shortest decimal form that reads back to the same value; non-finite doubles, which JSON
    /// cannot express, become `null`.
    var serialized: String {
        switch self {
        case .string(let text):
            return Self.quoted(text)
        case .number(let number):
            return number.isFinite ? "\(number)" : "null"
        case .integer(let integer):
            return "\(integer)"
        case .object(let members):
            return "{" + members.map { Self.quoted($0.key) + ": " + $0.value.serialized }.joined(separator: ", ")
                + "}"
        case .array(let elements):
            return "[" + elements.map(\.serialized).joined(separator: ", ") + "]"
        }
    }

    /// The string as a JSON string literal: quotes, backslashes and control characters escaped, the rest as is.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
