import DriftEngine
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends alerts to PagerDuty's Events API v2: `trigger` for a firing alert and `resolve` when it resolves, both
/// with the alert's `dedup_key`, so one incident follows one alert episode.
public struct PagerDutySink: AlertSink {
    public let name = "pagerduty"
    public let resendInterval: Duration? = nil
    private let url: URL
    private let routingKey: String
    private let source: String

    /// - Parameters:
    ///   - url: the Events API endpoint.
    ///   - routingKey: the integration's routing key.
    ///   - instance: names this driftwatch as the events' source (`driftwatch/<instance>`).
    public init(url: URL, routingKey: String, instance: String) {
        self.url = url
        self.routingKey = routingKey
        source = "driftwatch/\(instance)"
    }

    /// An Events API v2 event; keys are sent in snake case.
    struct Event: Encodable {
        var routingKey: String
        var eventAction: String
        var dedupKey: String
        var payload: Payload?
    }

    struct Payload: Encodable {
        var summary: String
        var source: String
        var severity: String
        var timestamp: String
        var component: String
        var group: String
        var `class`: String
        var customDetails: [String: String]
    }

    public func request(for alert: AlertEvent, now: Int64) throws -> URLRequest {
        try post(event(for: alert), to: url, keys: .convertToSnakeCase)
    }

    func event(for alert: AlertEvent) -> Event {
        guard alert.status == .firing else {
            return Event(routingKey: routingKey, eventAction: "resolve", dedupKey: alert.dedupKey, payload: nil)
        }
        var details = [
            "model_version": alert.modelVersion, "value": String(alert.value), "threshold": String(alert.threshold),
            "window_start": RFC3339Time.string(fromMilliseconds: alert.window.start),
            "window_end": RFC3339Time.string(fromMilliseconds: alert.window.end),
        ]
        details["feature"] = alert.feature
        return Event(
            routingKey: routingKey, eventAction: "trigger", dedupKey: alert.dedupKey,
            payload: Payload(
                // PagerDuty truncates summaries at 1024 characters.
                summary: String(alert.summary.prefix(1024)), source: source, severity: alert.severity.rawValue,
                timestamp: RFC3339Time.string(fromMilliseconds: alert.window.end), component: alert.model,
                group: alert.kind.rawValue, class: alert.detector, customDetails: details
            )
        )
    }
}
