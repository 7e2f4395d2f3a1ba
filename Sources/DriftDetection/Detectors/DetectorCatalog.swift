/// Every sequential detector driftwatch offers, by name: what it reads, its parameters, and a factory.
public enum DetectorCatalog {
    /// All detectors: River's first, then Frouros'.
    public static let all: [DetectorDescriptor] = [
        ADWIN.descriptor,
        PageHinkley.descriptor,
        KSWIN.descriptor,
        DDM.descriptor,
        EDDM.descriptor,
        HDDMA.descriptor,
        HDDMW.descriptor,
        FHDDM.descriptor,
        CUSUM.descriptor,
        GeometricMovingAverage.descriptor,
        RDDM.descriptor,
        STEPD.descriptor,
        ECDDWT.descriptor,
    ]

    /// The names of all detectors, in catalog order.
    public static var names: [String] { all.map(\.name) }

    /// The catalog entry named `name`.
    /// - Throws: `DriftDetectionError.Code.unknownDetector`, listing the valid names.
    public static func descriptor(named name: String) throws(DriftDetectionError) -> DetectorDescriptor {
        guard let descriptor = all.first(where: { $0.name == name }) else {
            throw DriftDetectionError(
                .unknownDetector,
                "unknown detector '\(name)'; valid detectors: " + names.joined(separator: ", ")
            )
        }
        return descriptor
    }

    /// Builds the detector `name` from textual parameters (booleans `true`/`false`, optional integers
    /// `none`); parameters not given take the reference library's defaults.
    /// - Throws: `DriftDetectionError` for an unknown detector (listing the valid names) or an unknown or
    ///   invalid parameter (listing the valid parameters with their defaults).
    public static func makeDetector(
        named name: String,
        parameters: [String: String] = [:]
    ) throws(DriftDetectionError) -> AnyDetector {
        try descriptor(named: name).makeDetector(parameters)
    }
}

extension DetectorCatalog {
    /// A plain-text overview of every detector: name, input kind, reference, and parameters with defaults.
    public static var overview: String {
        all.map { "\($0.name) (\($0.input.rawValue), \($0.reference)): \($0.parameterDefaults)" }
            .joined(separator: "\n")
    }
}
