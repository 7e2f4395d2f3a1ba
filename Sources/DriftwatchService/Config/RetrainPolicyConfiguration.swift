import DriftEngine
import Yams

/// Which alerts trigger a retrain, and how: the `retrain` section.
package struct RetrainPolicyConfiguration: Sendable, Equatable {
    /// `mode`; default `approval_required`.
    package var mode: RetrainMode
    /// The signal kinds and severities that count (`on`); default `[concept_drift, critical]`; empty: never.
    package var on: [RetrainCondition]
    /// The shortest time between two triggers of one model (`min_interval`); default 6h.
    package var minInterval: Duration

    /// The section's fields.
    static let fields = ["mode", "on", "min_interval"]
}

extension RetrainPolicyConfiguration {
    /// Reads a `retrain` section; absent fields take their defaults.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        let defaults = ConfigurationDefaults.retrain
        mode = reader.choice(fields, "mode") ?? defaults.mode
        minInterval = reader.duration(fields, "min_interval") ?? defaults.minInterval
        on = defaults.on
        guard let fields, let node = fields["on"] else { return }
        let path = fields.path("on")
        // A single entry may stand without brackets: `on: critical`.
        let elements: [(node: Node, path: FieldPath)]
        if case .sequence(let sequence) = node {
            elements = sequence.enumerated().map { ($1, path.appending(index: $0)) }
        } else {
            elements = [(node, path)]
        }
        on = []
        for (element, elementPath) in elements {
            guard let text = reader.text(element, at: elementPath),
                let cause: RetrainCondition = reader.choice(text, at: element, elementPath, noun: "kind or severity")
            else { continue }
            if on.contains(cause) {
                reader.report("'\(text)' is listed twice", at: element, elementPath)
            } else {
                on.append(cause)
            }
        }
    }
}
