import DriftDetection
import DriftEngine

extension RetrainTrigger {
    /// The trigger as CloudEvents 1.0 structured-mode JSON of type `io.driftwatch.retrain` with subject `model`,
    /// on one line with a fixed key order (partitions in ascending order); `Array(json.utf8)` is the record value.
    ///
    /// - Parameter instance: this driftwatch instance's name; the `source` attribute is `driftwatch/<instance>`.
    public func cloudEventJSON(instance: String) -> String {
        CloudEventEnvelope(
            id: id, instance: instance, type: "io.driftwatch.retrain", time: time, subject: model, data: data
        ).json
    }

    private var data: JSONValue {
        let partitions = offsets.sorted { $0.key < $1.key }.map {
            (key: String($0.key), value: JSONValue.integer($0.value))
        }
        return .object([
            ("model", .string(model)),
            ("model_version", .string(modelVersion)),
            ("mode", .string(mode.rawValue)),
            ("reasons", .array(reasons.map(Self.json(of:)))),
            ("since", .string(RFC3339Time.string(fromMilliseconds: since))),
            ("offsets", .object([("predictions", .object(partitions))])),
            ("dedup_key", .string(dedupKey)),
        ])
    }

    private static func json(of reason: RetrainReason) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("kind", .string(reason.kind.rawValue))]
        if let feature = reason.feature {
            members.append(("feature", .string(feature)))
        }
        members += [
            ("detector", .string(reason.detector)),
            ("value", .number(reason.value)),
            ("alert_id", .string(reason.alertID)),
        ]
        return .object(members)
    }
}
