/// How outcomes are joined with their predictions by `id`: the `join` section.
package struct JoinConfiguration: Sendable, Equatable {
    /// How long a prediction waits for its outcome, or an outcome for its prediction (`ttl`); default 24h.
    package var ttl: Duration
    /// The most events waiting at once; beyond it the oldest are evicted and counted (`max_pending`);
    /// default 1000000.
    package var maxPending: Int
    /// The most events of one model waiting at once (`max_pending_per_model`); beyond it that model's new events
    /// do not wait (counted as evicted). Default: `max_pending` shared equally among the models.
    package var maxPendingPerModel: Int? = nil

    /// The section's fields.
    static let fields = ["ttl", "max_pending", "max_pending_per_model"]
}

extension JoinConfiguration {
    /// Reads the `join` section; absent fields take their defaults.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        ttl = reader.duration(fields, "ttl") ?? ConfigurationDefaults.join.ttl
        maxPending = reader.integer(fields, "max_pending", minimum: 1) ?? ConfigurationDefaults.join.maxPending
        maxPendingPerModel = reader.integer(fields, "max_pending_per_model", minimum: 1)
    }
}
