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

/// A detector parameter declared once, on the field of the detector's `Parameters` it sets: its name, its help, and
/// through the key path its type and (read from the defaults) its default. The catalog's help, parser and builder
/// all come from these declarations, so a name, type or default cannot disagree between them.
struct ParameterField<Parameters: Sendable>: Sendable {
    /// The parameter's name, as the reference library spells it.
    let name: String
    /// How the parameter's text is parsed.
    let kind: DetectorParameter.Kind
    /// One line of help.
    let help: String
    /// The field's value in `parameters`.
    let read: @Sendable (Parameters) -> DetectorParameter.Value
    /// Sets the field to a value parsed by `kind`.
    let write: @Sendable (inout Parameters, DetectorParameter.Value) -> Void

    /// The parameter as help and error messages show it, with its default from `defaults`.
    func parameter(defaults: Parameters) -> DetectorParameter {
        DetectorParameter(name: name, kind: kind, defaultValue: read(defaults), help: help)
    }

    /// A real-valued parameter.
    static func double(
        _ name: String, _ field: WritableKeyPath<Parameters, Double> & Sendable, _ help: String
    ) -> Self {
        Self(
            name: name, kind: .double, help: help, read: { .double($0[keyPath: field]) },
            write: { if case .double(let value) = $1 { $0[keyPath: field] = value } })
    }

    /// A whole-number parameter.
    static func integer(_ name: String, _ field: WritableKeyPath<Parameters, Int> & Sendable, _ help: String) -> Self {
        Self(
            name: name, kind: .integer, help: help, read: { .integer($0[keyPath: field]) },
            write: { if case .integer(let value) = $1 { $0[keyPath: field] = value } })
    }

    /// A yes/no parameter.
    static func boolean(_ name: String, _ field: WritableKeyPath<Parameters, Bool> & Sendable, _ help: String) -> Self {
        Self(
            name: name, kind: .boolean, help: help, read: { .boolean($0[keyPath: field]) },
            write: { if case .boolean(let value) = $1 { $0[keyPath: field] = value } })
    }

    /// A whole-number parameter that may be `none`.
    static func optionalInteger(
        _ name: String, _ field: WritableKeyPath<Parameters, Int?> & Sendable, _ help: String
    ) -> Self {
        Self(
            name: name, kind: .optionalInteger, help: help,
            read: { $0[keyPath: field].map { .integer($0) } ?? .absent },
            write: { value, parsed in
                switch parsed {
                case .integer(let number): value[keyPath: field] = number
                case .absent: value[keyPath: field] = nil
                default: break
                }
            })
    }

    /// A parameter that takes one of the raw values of `Choice`.
    static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ field: WritableKeyPath<Parameters, Choice> & Sendable, _ help: String
    ) -> Self where Choice.RawValue == String {
        Self(
            name: name, kind: .choice(Choice.allCases.map(\.rawValue)), help: help,
            read: { .word($0[keyPath: field].rawValue) },
            write: { value, parsed in
                if case .word(let word) = parsed, let choice = Choice(rawValue: word) { value[keyPath: field] = choice }
            })
    }

    /// A whole-number parameter that takes one of `choices`.
    static func choice(
        _ name: String, _ field: WritableKeyPath<Parameters, Int> & Sendable, among choices: [Int], _ help: String
    ) -> Self {
        Self(
            name: name, kind: .choice(choices.map(String.init)), help: help,
            read: { .word(String($0[keyPath: field])) },
            write: { value, parsed in
                if case .word(let word) = parsed, let number = Int(word) { value[keyPath: field] = number }
            })
    }
}
