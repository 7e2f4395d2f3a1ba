/// A catalog entry: what a detector reads, which parameters it takes, and how to build it from text.
public struct DetectorDescriptor: Sendable {
    /// The detector's name, as in River or Frouros (`adwin`, `ddm`, `ecdd_wt`, ...).
    public let name: String
    /// Whether the detector reads 0/1 values or any real numbers.
    public let input: DetectorInput
    /// The reference implementation the detector agrees with.
    public let reference: String
    /// One line on what the detector is good at.
    public let summary: String
    /// Every parameter, in the reference library's order, with its default.
    public let parameters: [DetectorParameter]
    /// Decodes a snapshot of the detector's state.
    let decodeState: @Sendable (any Decoder) throws -> AnyDetector
    private let build: @Sendable ([String: DetectorParameter.Value]) throws(DriftDetectionError) -> AnyDetector

    /// An entry whose parameters are fields of `Parameters`.
    ///
    /// - Parameters:
    ///   - defaults: the parameters a detector runs with when none is given; each field's value is its default.
    ///   - parameters: every parameter, in the reference library's order.
    ///   - build: makes the detector, checking the values' ranges.
    init<Detector: CatalogedDetector, Parameters: Sendable>(
        name: String,
        input: DetectorInput,
        reference: String,
        summary: String,
        defaults: Parameters,
        parameters fields: [ParameterField<Parameters>],
        build: @escaping @Sendable (Parameters) throws(DriftDetectionError) -> Detector
    ) {
        self.name = name
        self.input = input
        self.reference = reference
        self.summary = summary
        parameters = fields.map { $0.parameter(defaults: defaults) }
        // Created here, where `Detector` is concrete, so the boxes they make run specialized code.
        decodeState = { decoder in AnyDetector(try Detector(from: decoder)) }
        self.build = { values throws(DriftDetectionError) in
            var parameters = defaults
            for field in fields {
                if let value = values[field.name] { field.write(&parameters, value) }
            }
            return AnyDetector(try build(parameters))
        }
    }

    /// The parameters and their defaults as `name=default, ...`, for help and error messages.
    public var parameterDefaults: String {
        parameters.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: ", ")
    }

    /// Builds the detector from textual parameters; absent ones take their defaults.
    ///
    /// - Parameter text: parameter name → value, e.g. `["delta": "0.01", "two_sided_test": "true"]`.
    /// - Throws: `DriftDetectionError` with code `unknownParameter` or `invalidParameter`, whose message lists
    ///   the valid parameters with their defaults.
    public func makeDetector(_ text: [String: String] = [:]) throws(DriftDetectionError) -> AnyDetector {
        var values: [String: DetectorParameter.Value] = [:]
        for (name, valueText) in text.sorted(by: { $0.key < $1.key }) {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                throw DriftDetectionError(
                    .unknownParameter,
                    "detector '\(self.name)' has no parameter '\(name)'; valid parameters (with defaults): "
                        + parameterDefaults
                )
            }
            guard let value = parameter.parse(valueText) else {
                throw DriftDetectionError(
                    .invalidParameter,
                    "parameter '\(name)' of detector '\(self.name)' must be \(parameter.expectation), "
                        + "got '\(valueText)'; valid parameters (with defaults): \(parameterDefaults)"
                )
            }
            values[name] = value
        }
        do {
            return try build(values)
        } catch {
            throw DriftDetectionError(
                error.code,
                "\(error.message); valid parameters (with defaults): \(parameterDefaults)"
            )
        }
    }
}
