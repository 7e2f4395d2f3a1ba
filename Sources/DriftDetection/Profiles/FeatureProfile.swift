/// The reference of one feature (or of the prediction's label, score or value, or of the true label).
public struct FeatureProfile: Codable, Equatable, Sendable {
    /// How the feature is compared.
    public var type: FeatureType
    /// The JSON kind most of its non-null values had; other kinds count as type changes.
    public var valueKind: ValueKind?
    /// The events the feature was looked for in.
    public var events: Int
    /// Events where the value was null or the feature absent.
    public var missing: Int
    /// Values of a kind the type cannot use.
    public var typeMismatch: Int
    /// The numeric reference, for numeric features.
    public var numeric: NumericProfile?
    /// The categorical reference, for categorical features.
    public var categorical: CategoricalProfile?
    /// The null distributions of its `auto`-threshold tests (profile format 2); empty when none was simulated.
    public var calibrations: [Calibration] = []

    enum CodingKeys: String, CodingKey {
        case type
        case valueKind = "value_kind"
        case events, missing
        case missingRate = "missing_rate"
        case typeMismatch = "type_mismatch"
        case numeric, categorical, calibrations
    }

    /// `missing / events`, 0 for no events.
    public var missingRate: Double {
        events > 0 ? Double(missing) / Double(events) : 0
    }

    /// Creates a profile.
    public init(
        type: FeatureType,
        valueKind: ValueKind?,
        events: Int,
        missing: Int,
        typeMismatch: Int,
        numeric: NumericProfile?,
        categorical: CategoricalProfile?
    ) {
        self.type = type
        self.valueKind = valueKind
        self.events = events
        self.missing = missing
        self.typeMismatch = typeMismatch
        self.numeric = numeric
        self.categorical = categorical
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(FeatureType.self, forKey: .type)
        valueKind = try container.decodeIfPresent(ValueKind.self, forKey: .valueKind)
        events = try container.decode(Int.self, forKey: .events)
        missing = try container.decode(Int.self, forKey: .missing)
        typeMismatch = try container.decodeIfPresent(Int.self, forKey: .typeMismatch) ?? 0
        numeric = try container.decodeIfPresent(NumericProfile.self, forKey: .numeric)
        categorical = try container.decodeIfPresent(CategoricalProfile.self, forKey: .categorical)
        calibrations = try container.decodeIfPresent([Calibration].self, forKey: .calibrations) ?? []
        let hasReference = type == .numeric ? numeric != nil : categorical != nil
        guard hasReference || missing == events else {
            throw DecodingError.dataCorruptedError(
                forKey: type == .numeric ? .numeric : .categorical,
                in: container,
                debugDescription: "a \(type.rawValue) feature with values needs its '\(type.rawValue)' object"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(valueKind, forKey: .valueKind)
        try container.encode(events, forKey: .events)
        try container.encode(missing, forKey: .missing)
        try container.encode(missingRate, forKey: .missingRate)
        try container.encode(typeMismatch, forKey: .typeMismatch)
        try container.encodeIfPresent(numeric, forKey: .numeric)
        try container.encodeIfPresent(categorical, forKey: .categorical)
        if !calibrations.isEmpty { try container.encode(calibrations, forKey: .calibrations) }
    }
}
