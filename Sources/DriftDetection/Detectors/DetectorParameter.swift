/// One parameter a detector accepts: its name, type, default and a line of help.
public struct DetectorParameter: Sendable, Equatable {
    /// How the parameter's text is parsed.
    public enum Kind: Sendable, Equatable {
        /// A finite real number.
        case double
        /// A whole number.
        case integer
        /// `true` or `false`.
        case boolean
        /// One of a fixed set of words.
        case choice([String])
        /// A whole number, or `none` to leave the feature off.
        case optionalInteger
    }

    /// The parameter's name, as the reference library spells it.
    public let name: String
    /// How the parameter's text is parsed.
    public let kind: Kind
    /// The value used when the parameter is not given.
    public let defaultValue: Value
    /// One line of help.
    public let help: String

    /// A parsed parameter value.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case double(Double)
        case integer(Int)
        case boolean(Bool)
        case word(String)
        /// The absent value of an optional integer.
        case absent

        public var description: String {
            switch self {
            case .double(let value): "\(value)"
            case .integer(let value): "\(value)"
            case .boolean(let value): "\(value)"
            case .word(let value): value
            case .absent: "none"
            }
        }
    }

    /// A real-valued parameter.
    static func double(_ name: String, _ defaultValue: Double, _ help: String) -> Self {
        Self(name: name, kind: .double, defaultValue: .double(defaultValue), help: help)
    }

    /// A whole-number parameter.
    static func integer(_ name: String, _ defaultValue: Int, _ help: String) -> Self {
        Self(name: name, kind: .integer, defaultValue: .integer(defaultValue), help: help)
    }

    /// A yes/no parameter.
    static func boolean(_ name: String, _ defaultValue: Bool, _ help: String) -> Self {
        Self(name: name, kind: .boolean, defaultValue: .boolean(defaultValue), help: help)
    }

    /// A parameter that takes one of `choices`.
    static func choice(_ name: String, _ choices: [String], _ defaultValue: String, _ help: String) -> Self {
        Self(name: name, kind: .choice(choices), defaultValue: .word(defaultValue), help: help)
    }

    /// A whole-number parameter that may be `none`.
    static func optionalInteger(_ name: String, _ defaultValue: Int?, _ help: String) -> Self {
        Self(name: name, kind: .optionalInteger, defaultValue: defaultValue.map { .integer($0) } ?? .absent, help: help)
    }

    /// Parses `text` as this parameter's value, or returns `nil` if it does not parse.
    func parse(_ text: String) -> Value? {
        switch kind {
        case .double:
            guard let value = Double(text), value.isFinite else { return nil }
            return .double(value)
        case .integer:
            return Int(text).map { .integer($0) }
        case .boolean:
            switch text {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        case .choice(let choices):
            return choices.contains(text) ? .word(text) : nil
        case .optionalInteger:
            return text == "none" ? .absent : Int(text).map { .integer($0) }
        }
    }

    /// What a valid value looks like, for error messages.
    var expectation: String {
        switch kind {
        case .double: "a finite number"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .choice(let choices): "one of " + choices.joined(separator: ", ")
        case .optionalInteger: "a whole number or none"
        }
    }
}
