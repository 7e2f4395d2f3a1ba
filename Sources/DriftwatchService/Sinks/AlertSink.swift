import DriftEngine
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A paging or alerting system that alerts are sent to over HTTP, beside the alerts topic.
public protocol AlertSink: Sendable {
    /// Names the sink in metrics and logs, e.g. `alertmanager`.
    var name: String { get }
    /// How often alerts that are still firing are sent again (a receiver that expires alerts needs it); `nil`:
    /// each event once.
    var resendInterval: Duration? { get }
    /// The HTTP request that notifies the sink of an alert event.
    ///
    /// - Parameter now: the wall-clock time of sending (milliseconds since the Unix epoch).
    func request(for alert: AlertEvent, now: Int64) throws -> URLRequest
}

extension AlertSink {
    /// A JSON `POST` to `url`.
    func post(
        _ body: some Encodable, to url: URL, keys: JSONEncoder.KeyEncodingStrategy = .useDefaultKeys
    ) throws -> URLRequest {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.keyEncodingStrategy = keys
        request.httpBody = try encoder.encode(body)
        return request
    }
}
