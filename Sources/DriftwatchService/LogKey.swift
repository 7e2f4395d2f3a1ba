/// Metadata keys of the service's log records, in one place so that log queries can rely on them.
enum LogKey {
    static let sink = "driftwatch.sink"
    static let dedupKey = "driftwatch.dedup_key"
    static let address = "driftwatch.http.address"
    static let partition = "driftwatch.partition"
    static let topic = "driftwatch.topic"
    static let records = "driftwatch.records"
    static let bytes = "driftwatch.bytes"
    static let durationMilliseconds = "driftwatch.duration_ms"
    static let stateKey = "driftwatch.state.key"
    static let reason = "driftwatch.reason"
    static let source = "driftwatch.source"
    static let triggerID = "driftwatch.trigger_id"
    static let librdkafka = "driftwatch.librdkafka"
}
