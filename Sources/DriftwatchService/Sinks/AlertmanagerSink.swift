import DriftEngine
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends alerts to an Alertmanager (`POST <url>/api/v2/alerts`).
///
/// Alertmanager expires an alert that is not sent again before its `endsAt`, so a firing alert is re-sent every
/// minute with `endsAt` five minutes ahead; a resolved one is sent with `endsAt` now. Labels identify the alert
/// (`alertname`, `dedup_key`, `model`, `model_version`, `kind`, `feature`, `detector`, `severity`), so routes
/// and inhibitions can match on them.
public struct AlertmanagerSink: AlertSink {
    public let name = "alertmanager"
    public let resendInterval: Duration? = .seconds(60)
    private let endpoint: URL
    private let generatorURL: String?

    /// - Parameters:
    ///   - url: the Alertmanager's base URL, e.g. `http://alertmanager:9093`.
    ///   - generatorURL: the link shown with each alert, e.g. driftwatch's status page.
    public init(url: URL, generatorURL: String? = nil) {
        endpoint = url.appending(path: "api/v2/alerts")
        self.generatorURL = generatorURL
    }

    struct PostableAlert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String?
    }

    public func request(for alert: AlertEvent, now: Int64) throws -> URLRequest {
        try post([payload(for: alert, now: now)], to: endpoint)
    }

    func payload(for alert: AlertEvent, now: Int64) -> PostableAlert {
        var labels = [
            "alertname": "Driftwatch" + alert.kind.rawValue.split(separator: "_").map(\.capitalized).joined(),
            "dedup_key": alert.dedupKey, "model": alert.model, "model_version": alert.modelVersion,
            "kind": alert.kind.rawValue, "detector": alert.detector, "severity": alert.severity.rawValue,
        ]
        labels["feature"] = alert.feature
        let endsAt = alert.status == .firing ? now + 5 * 60_000 : now
        return PostableAlert(
            labels: labels,
            annotations: [
                "summary": alert.summary, "value": String(alert.value), "threshold": String(alert.threshold),
                "window_end": RFC3339Time.string(fromMilliseconds: alert.window.end),
            ],
            startsAt: RFC3339Time.string(fromMilliseconds: min(alert.startedAt, now)),
            endsAt: RFC3339Time.string(fromMilliseconds: endsAt),
            generatorURL: generatorURL
        )
    }
}
