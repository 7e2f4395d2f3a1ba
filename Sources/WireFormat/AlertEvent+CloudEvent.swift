import DriftDetection
import DriftEngine

extension AlertEvent {
    /// The event as CloudEvents 1.0 structured-mode JSON of type `io.driftwatch.alert`, on one line, with the key
    /// order of the README's "Events in and out"; the same event always gives the same bytes (`Array(json.utf8)` is the
    /// record value).
    ///
    /// - Parameter instance: this driftwatch instance's name; the `source` attribute is `driftwatch/<instance>`.
    public func cloudEventJSON(instance: String) -> String {
        CloudEventEnvelope(
            id: id, instance: instance, type: "io.driftwatch.alert", time: time, subject: subject, data: data
        ).json
    }

    private var data: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("status", .string(status.rawValue)),
            ("severity", .string(severity.rawValue)),
            ("kind", .string(kind.rawValue)),
            ("model", .string(model)),
            ("model_version", .string(modelVersion)),
        ]
        if let feature {
            members.append(("feature", .string(feature)))
        }
        members += [
            ("detector", .string(detector)),
            ("value", .number(value)),
            ("threshold", .number(threshold)),
            (
                "window",
                .object([
                    ("start", .string(RFC3339Time.string(fromMilliseconds: window.start))),
                    ("end", .string(RFC3339Time.string(fromMilliseconds: window.end))),
                    ("events", .integer(Int64(window.events))),
                ])
            ),
            ("dedup_key", .string(dedupKey)),
            ("started_at", .string(RFC3339Time.string(fromMilliseconds: startedAt))),
            ("summary", .string(summary)),
        ]
        return .object(members)
    }
}
