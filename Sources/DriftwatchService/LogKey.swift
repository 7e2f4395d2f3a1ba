/// Metadata keys of the service's log records, in one place so that log queries can rely on them.
enum LogKey {
    static let sink = "driftwatch.sink"
    static let dedupKey = "driftwatch.dedup_key"
    static let address = "driftwatch.http.address"
}
