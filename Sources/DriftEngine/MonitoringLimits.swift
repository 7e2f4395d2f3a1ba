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

    /// A limit, by the name of its setting, as errors, logs and `driftwatch_limit_hits_total{limit}` name it.
    public enum Name: String, CaseIterable, Sendable, Hashable {
        /// `limits.max_message_bytes`: the size of one message.
        case messageBytes = "max_message_bytes"
        /// `limits.max_string_bytes`: a string the engine keeps (id, model, version, feature name or category).
        case stringBytes = "max_string_bytes"
        /// `limits.max_features_per_event`: the features of one event.
        case featuresPerEvent = "max_features_per_event"
        /// `limits.max_output_magnitude`: the size of a score, predicted value or true value.
        case outputMagnitude = "max_output_magnitude"
        /// `limits.max_event_time_lead`: how far `ts` may be ahead of its record.
        case eventTimeLead = "max_event_time_lead"
        /// `limits.max_versions_per_model`: versions of one model per partition.
        case versionsPerModel = "max_versions_per_model"
        /// `limits.max_features_per_warmup`: feature names a warm-up reference takes.
        case featuresPerWarmup = "max_features_per_warmup"
        /// `join.max_pending_per_model`: pending joins of one model per partition.
        case pendingPerModel = "max_pending_per_model"
    }
}

/// What the engine counted since it was made, for metrics: totals that only grow (restores and hand-overs do not
/// move them): late events, limits that bit, versions retired.
public struct EngineCounters: Sendable, Hashable {
    /// Predictions dropped as late by event-time windows.
    public var lateEvents = 0
    /// Per `limits` setting (`max_string_bytes`, `max_versions_per_model`, …), the times it bit: events rejected,
    /// versions evicted, feature names ignored, joins not held.
    public var limitHits: [MonitoringLimits.Name: Int] = [:]
    /// Model versions retired after `retire_after` of event time without predictions.
    public var versionsRetired = 0
    /// Predictions of versions that wait for their published profile (``MonitorSettings/Reference/published(fallbackWarmupEvents:)``
    /// without a warm-up): accepted, joined, not compared.
    public var eventsWithoutReference = 0

    /// Creates counters, all zero.
    public init() {}

    mutating func hit(_ limit: MonitoringLimits.Name, times: Int = 1) {
        if times > 0 { limitHits[limit, default: 0] += times }
    }
}
