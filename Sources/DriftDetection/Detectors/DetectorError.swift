/// Why a detector could not be built or fed.
///
/// The message tells the user what to do: it lists the valid detectors, or the detector's valid
/// parameters with their defaults.
public struct DetectorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// No detector has the requested name.
        case unknownDetector
        /// The detector has no parameter of that name.
        case unknownParameter
        /// A parameter's value does not parse or is out of range.
        case invalidParameter
        /// An input value is not a number, or not 0/1 for a binary detector.
        case invalidInput
    }

    /// What went wrong.
    public let code: Code
    /// A sentence a person can act on.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension DetectorError {
    /// Throws an `invalidParameter` error for `detector` unless `condition` holds.
    static func require(
        _ condition: Bool,
        _ detector: String,
        _ message: @autoclosure () -> String
    ) throws(DetectorError) {
        if !condition {
            throw DetectorError(.invalidParameter, "invalid parameters for detector '\(detector)': \(message())")
        }
    }
}
