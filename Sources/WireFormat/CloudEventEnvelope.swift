import DriftDetection
import DriftEngine

/// The CloudEvents 1.0 structured-mode JSON envelope that alerts and retrain triggers share (README, "Events in and
/// out").
struct CloudEventEnvelope {
    /// The deterministic event id.
    var id: String
    /// The instance name; the `source` attribute is `driftwatch/<instance>`.
    var instance: String
    /// `io.driftwatch.alert` or `io.driftwatch.retrain`.
    var type: String
    /// Event time in milliseconds since the Unix epoch.
    var time: Int64
    /// What the event is about, e.g. `fraud/amount` or `fraud`.
    var subject: String
    /// The `data` member.
    var data: JSONValue

    /// The envelope as one line of JSON with a fixed key order.
    var json: String {
        JSONValue.object([
            ("specversion", .string("1.0")),
            ("id", .string(id)),
            ("source", .string("driftwatch/\(instance)")),
            ("type", .string(type)),
            ("time", .string(RFC3339Time.string(fromMilliseconds: time))),
            ("subject", .string(subject)),
            ("datacontenttype", .string("application/json")),
            ("data", data),
        ]).serialized
    }
}
