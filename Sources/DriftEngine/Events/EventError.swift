/// Why a prediction or outcome message was rejected.
///
/// The pipeline sends a rejected message to the dead-letter topic with ``description`` as its
/// `driftwatch.error` header, so the text names the field and says what was expected.
public struct EventError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code that callers can count by.
    public enum Code: String, Sendable, CaseIterable {
        /// The message is not valid JSON (or not valid UTF-8).
        case malformedJSON = "malformed_json"
        /// The message is valid JSON but not an object.
        case notAnObject = "not_an_object"
        /// A required field is absent or empty.
        case missingField = "missing_field"
        /// A field has the wrong JSON type.
        case wrongType = "wrong_type"
        /// A field has the right type but a value outside its domain.
        case invalidValue = "invalid_value"
        /// The message, a string in it or its number of features is over its configured limit.
        case oversize
        /// The event names a model that the configuration does not list.
        case unknownModel = "unknown_model"
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong and what was expected, without the field name.
    public var message: String
    /// The dotted path of the offending field (`features.amount`), when the error concerns one.
    public var field: String?
    /// The `limits` setting the event went beyond (`max_string_bytes`), when it did.
    public var limit: MonitoringLimits.Name?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil, limit: MonitoringLimits.Name? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.limit = limit
    }

    /// The error as `field: message`, or the message alone when no field is concerned.
    public var description: String {
        field.map { "\($0): \(message)" } ?? message
    }
}
