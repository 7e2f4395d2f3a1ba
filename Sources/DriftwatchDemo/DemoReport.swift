import DriftEngine
import DriftwatchService
import WireFormat

/// What the demo published, set against what it injected.
public struct DemoReport: Sendable {
    /// One injected drift and the alert that caught it, if any.
    public struct Catch: Sendable {
        public var injection: DemoScenario.Injection
        /// The first firing alert of the injected kind, model and feature at or after the injection.
        public var detectedAfterEvents: Int?
    }

    public let catches: [Catch]
    public let unexpectedFirings: [String]
    /// Firing alerts that follow from an injected concept drift: the model's performance and label distribution.
    public let consequences: [String]
    public let firing: Int
    public let resolved: Int
    public let retrainTriggers: Int
    public let deadLetters: Int
    public let processed: Int
    public let seconds: Double

    init(scenario: DemoScenario, outputs: [OutputWatcher.Published], processed: Int, seconds: Double) {
        let alerts = outputs.filter { $0.data["status"] != nil }
        let firings = alerts.filter { $0.data["status"] == "firing" }
        func matches(_ alert: OutputWatcher.Published, _ injection: DemoScenario.Injection) -> Bool {
            alert.data["model"] == injection.model && alert.data["kind"] == injection.kind
                && alert.data["feature"] == injection.feature
        }
        catches = scenario.injections.map { injection in
            let models = TrafficGenerator.models
            let injectedAt =
                TrafficGenerator.startTime
                + Int64(injection.atEvent * models.count + (models.firstIndex(of: injection.model) ?? 0)) * 100
            let delays = firings.filter { matches($0, injection) }.compactMap { alert -> Int? in
                guard let end = alert.data["window_end"].flatMap(RFC3339Time.milliseconds), end >= injectedAt
                else { return nil }
                return Int((end - injectedAt) / Int64(100 * models.count))
            }
            return Catch(injection: injection, detectedAfterEvents: delays.min())
        }
        func follows(_ alert: OutputWatcher.Published, _ injection: DemoScenario.Injection) -> Bool {
            injection.kind == "concept_drift" && alert.data["model"] == injection.model
                && ["performance", "label_drift"].contains(alert.data["kind"])
        }
        let others = firings.filter { alert in !scenario.injections.contains { matches(alert, $0) } }
        let describe = { (alert: OutputWatcher.Published) in
            "\(alert.data["dedup_key"] ?? "?"): \(alert.data["summary"] ?? "")"
        }
        consequences = others.filter { alert in scenario.injections.contains { follows(alert, $0) } }.map(describe)
        unexpectedFirings = others.filter { alert in !scenario.injections.contains { follows(alert, $0) } }
            .map(describe)
        firing = firings.count
        resolved = alerts.count - firings.count
        retrainTriggers = outputs.filter { $0.data["mode"] != nil }.count
        deadLetters = outputs.filter { $0.reason != nil }.count
        self.processed = processed
        self.seconds = seconds
    }

    /// A table a person reads at the end of the demo.
    public var summary: String {
        var lines = ["", "Summary", String(repeating: "─", count: 78)]
        lines.append(
            pad("model", 8) + pad("injected", 16) + pad("feature", 16) + pad("from event", 12) + "caught after"
        )
        for item in catches {
            let caught = item.detectedAfterEvents.map { "\($0) events" } ?? "not caught"
            lines.append(
                pad(item.injection.model, 8) + pad(item.injection.kind, 16) + pad(item.injection.feature ?? "-", 16)
                    + pad("\(item.injection.atEvent)", 12) + caught
            )
        }
        lines.append(String(repeating: "─", count: 78))
        lines.append(
            "alerts: \(firing) firing, \(resolved) resolved · retrain triggers: \(retrainTriggers) · "
                + "dead letters: \(deadLetters)")
        lines.append("following from the concept drifts (performance, label drift): \(consequences.count)")
        lines += consequences.map { "  \($0)" }
        lines.append("other firing alerts (false alarms): \(unexpectedFirings.count)")
        lines += unexpectedFirings.prefix(5).map { "  \($0)" }
        lines.append("records processed: \(processed) in \(Int(seconds.rounded())) s")
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
