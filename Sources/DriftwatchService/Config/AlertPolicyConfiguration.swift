/// When window breaches become alerts and when alerts resolve: the `alerts` section.
package struct AlertPolicyConfiguration: Sendable, Equatable {
    /// Breaching windows in a row before an alert fires (`consecutive`); default 2. A sequential detector's drift
    /// fires at once.
    package var consecutive: Int
    /// How long a resolved alert stays quiet before the same `dedup_key` may fire again (`cooldown`); default 10m.
    package var cooldown: Duration
    /// Clear windows in a row before a firing alert resolves (`resolve_after`); default 3.
    package var resolveAfter: Int

    /// The section's fields.
    static let fields = ["consecutive", "cooldown", "resolve_after"]
}

extension AlertPolicyConfiguration {
    /// Reads an `alerts` section; absent fields take their defaults.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        let defaults = ConfigurationDefaults.alerts
        consecutive = reader.integer(fields, "consecutive", minimum: 1) ?? defaults.consecutive
        cooldown = reader.duration(fields, "cooldown", allowingZero: true) ?? defaults.cooldown
        resolveAfter = reader.integer(fields, "resolve_after", minimum: 1) ?? defaults.resolveAfter
    }
}
