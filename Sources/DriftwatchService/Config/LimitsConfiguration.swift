import DriftEngine

/// The bounds on what events may make driftwatch hold: the `limits` section (README, "Limits"). Each is counted in
/// `driftwatch_limit_hits_total{limit=…}` when it bites.
package struct LimitsConfiguration: Sendable, Equatable {
    /// The bounds themselves, as the engine takes them.
    package var monitoring: MonitoringLimits

    /// The section's fields: every limit but `max_pending_per_model`, which is set under `join`.
    static let fields = MonitoringLimits.Name.allCases.filter { $0 != .pendingPerModel }.map(\.rawValue)
}

extension LimitsConfiguration {
    /// Reads the `limits` section; absent fields take their defaults (those of ``MonitoringLimits``).
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        var limits = MonitoringLimits()
        func integer(_ name: MonitoringLimits.Name, minimum: Int = 1) -> Int? {
            reader.integer(fields, name.rawValue, minimum: minimum)
        }
        limits.events.maximumMessageBytes = integer(.messageBytes, minimum: 64) ?? limits.events.maximumMessageBytes
        limits.events.maximumStringBytes = integer(.stringBytes, minimum: 8) ?? limits.events.maximumStringBytes
        limits.events.maximumFeatures = integer(.featuresPerEvent) ?? limits.events.maximumFeatures
        limits.events.maximumOutputMagnitude =
            reader.number(fields, MonitoringLimits.Name.outputMagnitude.rawValue, .positive)
            ?? limits.events.maximumOutputMagnitude
        limits.maximumEventTimeLead =
            reader.duration(fields, MonitoringLimits.Name.eventTimeLead.rawValue)?.milliseconds
            ?? limits.maximumEventTimeLead
        limits.maximumVersionsPerModel = integer(.versionsPerModel) ?? limits.maximumVersionsPerModel
        limits.maximumFeaturesPerWarmup = integer(.featuresPerWarmup) ?? limits.maximumFeaturesPerWarmup
        monitoring = limits
    }
}
