/// The bounds an event must keep to be accepted: what one message may make the engine hold or compute with.
///
/// Each bound is a `limits` setting of the configuration (README, "Limits"); an event beyond one is rejected with a
/// reason naming the setting, goes to the dead-letter topic, and is counted in `driftwatch_limit_hits_total`.
public struct EventLimits: Sendable, Hashable {
    /// The largest message, in bytes (`limits.max_message_bytes`).
    public var maximumMessageBytes = 1 << 20
    /// The longest string the engine keeps, in bytes as sent (`limits.max_string_bytes`): ids, model names and
    /// versions, feature names, categories and labels. Members the engine does not read may be longer.
    public var maximumStringBytes = 256
    /// The most features one event may have (`limits.max_features_per_event`).
    public var maximumFeatures = 1_000
    /// The largest magnitude of a score, a predicted or a true value (`limits.max_output_magnitude`): the error
    /// between two of them, and its square inside the detectors, stay finite (with ±1e308 they become infinite and
    /// poison the detector for good).
    public var maximumOutputMagnitude = 1e150

    /// The defaults.
    public init() {}

    /// Limits with the given values; those not given keep their defaults.
    public init(
        maximumMessageBytes: Int? = nil, maximumStringBytes: Int? = nil, maximumFeatures: Int? = nil,
        maximumOutputMagnitude: Double? = nil
    ) {
        if let maximumMessageBytes { self.maximumMessageBytes = maximumMessageBytes }
        if let maximumStringBytes { self.maximumStringBytes = maximumStringBytes }
        if let maximumFeatures { self.maximumFeatures = maximumFeatures }
        if let maximumOutputMagnitude { self.maximumOutputMagnitude = maximumOutputMagnitude }
    }
}
