import DriftEngine

/// The bounds on what events may make driftwatch hold: the `limits` section (README, "Limits"). Each is counted in
/// `driftwatch_limit_hits_total{limit=…}` when it bites.
package struct LimitsConfiguration: Sendable, Equatable {
    /// The bounds themselves, as the engine takes them.
    package var monitoring: MonitoringLimits

    /// The section's fields.
    static let fields = [
        "max_message_bytes", "max_string_bytes", "max_features_per_event", "max_output_magnitude",
        "max_event_time_lead", "max_versions_per_model", "max_features_per_warmup",
    ]
}

extension LimitsConfiguration {
    /// Reads the `limits` section; absent fields take their defaults (those of ``MonitoringLimits``).
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        var limits = MonitoringLimits()
        func integer(_ name: String, minimum: Int = 1) -> Int? { reader.integer(fields, name, minimum: minimum) }
        limits.events.maximumMessageBytes =
            integer("max_message_bytes", minimum: 64) ?? limits.events.maximumMessageBytes
        limits.events.maximumStringBytes = integer("max_string_bytes", minimum: 8) ?? limits.events.maximumStringBytes
        limits.events.maximumFeatures = integer("max_features_per_event") ?? limits.events.maximumFeatures
        limits.events.maximumOutputMagnitude =
            reader.number(fields, "max_output_magnitude", .positive) ?? limits.events.maximumOutputMagnitude
        limits.maximumEventTimeLead =
            reader.duration(fields, "max_event_time_lead")?.milliseconds ?? limits.maximumEventTimeLead
        limits.maximumVersionsPerModel = integer("max_versions_per_model") ?? limits.maximumVersionsPerModel
        limits.maximumFeaturesPerWarmup = integer("max_features_per_warmup") ?? limits.maximumFeaturesPerWarmup
        monitoring = limits
    }
}
