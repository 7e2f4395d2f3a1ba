import Foundation

/// Where alerts go besides the alerts topic: the `sinks` section. Every sink is optional.
package struct SinksConfiguration: Sendable, Equatable {
    /// An Alertmanager to post alerts to (`alertmanager.url`; alerts go to `<url>/api/v2/alerts`).
    package var alertmanager: URL?
    /// PagerDuty's Events API v2 (`pagerduty`).
    package var pagerDuty: PagerDutyConfiguration?
    /// Where retrain triggers go to start a model update (`retrain`).
    package var retrain: [RetrainSinkConfiguration] = []
    /// Tries per notification before it counts as failed (`attempts`); default 5.
    package var attempts: Int
    /// The wait before the first retry, doubled for each further one (`backoff`); default 500ms.
    package var backoff: Duration

    /// The section's fields.
    static let fields = ["alertmanager", "pagerduty", "retrain", "attempts", "backoff"]
}

/// The `sinks.pagerduty` section.
package struct PagerDutyConfiguration: Sendable, Equatable {
    /// The integration's routing key, from `routing_key` or the environment variable named by `routing_key_env`.
    package var routingKey: String
    /// The Events API endpoint (`url`); default PagerDuty's.
    package var url: URL

    static let fields = ["routing_key", "routing_key_env", "url"]
    static let defaultURL = URL(string: "https://events.pagerduty.com/v2/enqueue")!
}

extension SinksConfiguration {
    /// Reads the `sinks` section; absent, it configures no sink.
    ///
    /// - Parameter environment: where `routing_key_env` is looked up.
    init(reading fields: YAMLMapping?, environment: [String: String], with reader: inout ConfigurationReader) {
        attempts = reader.integer(fields, "attempts", minimum: 1) ?? ConfigurationDefaults.sinks.attempts
        backoff = reader.duration(fields, "backoff", allowingZero: true) ?? ConfigurationDefaults.sinks.backoff
        let alertmanagerFields = reader.section("alertmanager", of: fields, fields: ["url"])
        alertmanager = Self.url(alertmanagerFields, with: &reader)
        if let alertmanagerFields, alertmanager == nil, alertmanagerFields["url"] == nil {
            reader.reportMissing(
                "url", in: alertmanagerFields, " (the Alertmanager's base URL, e.g. http://alertmanager:9093)")
        }
        if let fields {
            retrain = RetrainSinkConfiguration.list(
                reading: fields["retrain"], at: fields.path("retrain"), with: &reader)
        }
        pagerDuty = reader.section("pagerduty", of: fields, fields: PagerDutyConfiguration.fields).flatMap {
            PagerDutyConfiguration(reading: $0, environment: environment, with: &reader)
        }
    }

    /// Reads `url` as an absolute http or https URL.
    static func url(_ fields: YAMLMapping?, with reader: inout ConfigurationReader) -> URL? {
        guard let fields, let text = reader.string(fields, "url") else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else {
            reader.report("'\(text)' is not an http:// or https:// URL", at: fields["url"], fields.path("url"))
            return nil
        }
        return url
    }
}

extension PagerDutyConfiguration {
    init?(reading fields: YAMLMapping, environment: [String: String], with reader: inout ConfigurationReader) {
        url = SinksConfiguration.url(fields, with: &reader) ?? Self.defaultURL
        if let key = reader.string(fields, "routing_key") {
            routingKey = key
        } else if let variable = reader.string(fields, "routing_key_env") {
            guard let key = environment[variable], !key.isEmpty else {
                reader.report(
                    "environment variable '\(variable)' is not set; export the PagerDuty routing key in it",
                    at: fields["routing_key_env"], fields.path("routing_key_env")
                )
                return nil
            }
            routingKey = key
        } else {
            reader.reportMissing(
                "routing_key", in: fields, " (or routing_key_env naming an environment variable that holds it)")
            return nil
        }
    }
}
