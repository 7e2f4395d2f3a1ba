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
        if let attribution, !attribution.isEmpty {
            members.append(("attribution", .array(attribution.map(Self.json(of:)))))
        }
        if let driftedShare { members.append(("drifted_share", .number(driftedShare))) }
        if let multipleTesting { members.append(("multiple_testing", .string(multipleTesting.rawValue))) }
        if let falseAlarmRate { members.append(("false_alarm_rate", .number(falseAlarmRate))) }
        if let reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }

    private static func json(of entry: Attribution) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("feature", .string(entry.feature)), ("detector", .string(entry.detector)),
            ("value", .number(entry.value)), ("threshold", .number(entry.threshold)),
        ]
        if let change = entry.change {
            var fields: [(key: String, value: JSONValue)] = [("direction", .string(change.direction.rawValue))]
            let numbers: [(String, Double?)] = [
                ("reference_mean", change.referenceMean), ("current_mean", change.currentMean),
                ("reference_share", change.referenceShare), ("current_share", change.currentShare),
            ]
            if let category = change.category { fields.append(("category", .string(category))) }
            fields += numbers.compactMap { name, value in value.map { (name, JSONValue.number($0)) } }
            members.append(("change", .object(fields)))
        }
        return .object(members)
    }
}
