/// The topics driftwatch reads and writes; each must be named and all must differ.
package struct KafkaTopics: Sendable, Equatable {
    /// Prediction events in (`predictions`).
    package var predictions: String
    /// Outcome events in (`outcomes`).
    package var outcomes: String
    /// Alert CloudEvents out (`drift-alerts`).
    package var alerts: String
    /// Retrain-trigger CloudEvents out (`retrain-triggers`).
    package var retrain: String
    /// Dead letters out (`driftwatch-dlq`).
    package var dlq: String
    /// The engine's durable state, a compacted changelog (`driftwatch-state`; see ARCHITECTURE.md, "Durable state").
    package var state: String
    /// Each model version's reference profile, a compacted topic keyed `model/version` (`driftwatch-profiles`): what
    /// `driftwatch profile publish` writes and models with `reference: topic` compare with.
    package var profiles: String

    /// The configuration's field names, with the property each sets.
    static let fields: [(name: String, keyPath: WritableKeyPath<KafkaTopics, String> & Sendable)] = [
        ("predictions", \.predictions), ("outcomes", \.outcomes), ("alerts", \.alerts),
        ("retrain", \.retrain), ("dlq", \.dlq), ("state", \.state), ("profiles", \.profiles),
    ]
}

extension KafkaTopics {
    /// Reads `kafka.topics`; absent topics take their default names, but a topic left empty is a problem.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        self = ConfigurationDefaults.topics
        guard let fields else { return }
        for (name, keyPath) in Self.fields {
            guard let entry = fields.entry(name) else { continue }
            guard !entry.value.isNull else {
                reader.report(
                    "must name a topic; leave the field out to use '\(self[keyPath: keyPath])'",
                    at: entry.key,
                    fields.path(name)
                )
                continue
            }
            guard let topic = reader.text(entry.value, at: fields.path(name)) else { continue }
            if let problem = Self.problem(withName: topic) {
                reader.report(problem, at: entry.value, fields.path(name))
            }
            self[keyPath: keyPath] = topic
        }
        var firstUse: [String: String] = [:]
        for (name, keyPath) in Self.fields {
            let topic = self[keyPath: keyPath]
            guard let other = firstUse[topic] else {
                firstUse[topic] = name
                continue
            }
            let explicit = fields.entry(name) != nil ? name : other
            reader.report(
                "'\(topic)' is both the \(other) and the \(name) topic; each topic must be distinct",
                at: fields.entry(explicit)?.value,
                fields.path(explicit)
            )
        }
    }

    /// Why `name` cannot be a Kafka topic (letters, digits, `.`, `_` and `-`, at most 249), or `nil`.
    static func problem(withName name: String) -> String? {
        let legal = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
        guard legal, name.count <= 249, name != ".", name != ".." else {
            return "'\(name)' is not a valid Kafka topic name (letters, digits, '.', '_' and '-', at most 249)"
        }
        return nil
    }
}
