/// An error raised by the statistics core: bad input data, bad parameters, an unknown detector or a
/// malformed profile.
///
/// The message tells the user what to fix: for a detector it lists the valid detectors, or the
/// detector's valid parameters with their defaults. `source`, `line` and `field` locate the problem in
/// the input when it came from a file.
public struct DriftDetectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code that callers can switch on.
    public enum Code: String, Sendable {
        /// An argument is out of its domain (for example fewer than two bins).
        case invalidArgument = "invalid_argument"
        /// An input value or line could not be read, or is not 0/1 for a binary detector.
        case invalidInput = "invalid_input"
        /// A reference profile is malformed or of an unsupported format version.
        case invalidProfile = "invalid_profile"
        /// Two states that do not describe the same reference or configuration were merged.
        case incompatibleState = "incompatible_state"
        /// No detector has the requested name.
        case unknownDetector = "unknown_detector"
        /// The detector has no parameter of that name.
        case unknownParameter = "unknown_parameter"
        /// A detector parameter's value does not parse or is out of range.
        case invalidParameter = "invalid_parameter"
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence that says what is wrong and what to do about it.
    public var message: String
    /// The file (or other named input) the error refers to, when there is one.
    public var source: String?
    /// The 1-based line of the input the error refers to, when there is one.
    public var line: Int?
    /// The field of the input the error refers to, when there is one.
    public var field: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, source: String? = nil, line: Int? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.source = source
        self.line = line
        self.field = field
    }

    /// The error as `source:line: field 'name': message`, leaving out what is unknown.
    public var description: String {
        var location = source.map { $0 + ":" } ?? ""
        if let line { location += "\(line):" }
        if !location.isEmpty { location += " " }
        if let field { location += "field '\(field)': " }
        return location + message
    }
}

extension DriftDetectionError {
    /// Throws an `invalidParameter` error for `detector` unless `condition` holds.
    static func require(
        _ condition: Bool,
        _ detector: String,
        _ message: @autoclosure () -> String
    ) throws(DriftDetectionError) {
        if !condition {
            throw DriftDetectionError(.invalidParameter, "invalid parameters for detector '\(detector)': \(message())")
        }
    }
}
