/// The bounds that keep what the engine holds proportional to its configuration, whatever the events say
/// (README, "Limits"). Each is a setting; when one bites, the engine counts it in ``EngineCounters/limitHits`` by
/// the setting's name.
public struct MonitoringLimits: Sendable, Hashable {
    /// What one event may hold.
    public var events = EventLimits()
    /// How far an event's `ts` may be ahead of its record's Kafka timestamp, in milliseconds
    /// (`limits.max_event_time_lead`, default a day). One event from a wrong clock (the year 9999) would otherwise
    /// step every event-time window to it, make every later event late, and expire every pending join.
    public var maximumEventTimeLead: Int64 = 86_400_000
    /// The most versions of one model held per partition (`limits.max_versions_per_model`); a new version beyond it
    /// evicts the least recently used one (preferring one without a firing alert).
    public var maximumVersionsPerModel = 16
    /// The most distinct feature names a warm-up reference takes (`limits.max_features_per_warmup`); later names
    /// are ignored.
    public var maximumFeaturesPerWarmup = 1_000
    /// The most pending joins one model holds per partition (`join.max_pending_per_model`); `nil`: the pending
    /// cap shared equally among the configured models.
    public var maximumPendingPerModel: Int?

    /// The defaults.
    public init() {}

    /// The names of the settings ``EngineCounters/limitHits`` counts by.
    public static let names = [
        "max_message_bytes", "max_string_bytes", "max_features_per_event", "max_output_magnitude",
        "max_event_time_lead", "max_versions_per_model", "max_features_per_warmup", "max_pending_per_model",
    ]
}

/// What the engine counted since it was made, for metrics: totals that only grow (restores and hand-overs do not
/// move them).
public struct EngineCounters: Sendable, Hashable {
    /// Predictions dropped as late by event-time windows.
    public var lateEvents = 0
    /// Per `limits` setting (`max_string_bytes`, `max_versions_per_model`, …), the times it bit: events rejected,
    /// versions evicted, feature names ignored, joins not held.
    public var limitHits: [String: Int] = [:]

    /// Creates counters, all zero.
    public init() {}

    mutating func hit(_ limit: String, times: Int = 1) {
        if times > 0 { limitHits[limit, default: 0] += times }
    }
}
