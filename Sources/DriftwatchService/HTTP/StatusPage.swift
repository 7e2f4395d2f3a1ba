import DriftEngine
import WireFormat

/// The status page at `/`: per model version, the alerts firing now and every signal with its latest value, its
/// threshold (and the false-alarm rate of a calibrated one), a sparkline of its recent values and, for model-level
/// signals, the features that moved most; above them, the retrain triggers that wait for approval and the latest
/// decisions. Plain server-rendered HTML that refreshes itself; no scripts.
///
/// With `http.token`, each pending approval has a form that approves or rejects it (posted to ``decisionsPath``);
/// a browser that reaches the page with the token (an authenticating proxy adds it) posts the form with it too.
enum StatusPage {
    /// Where the page's approval forms post.
    static let decisionsPath = "/retrain/decisions"

    /// - Parameter decidesHere: whether pending approvals get a form that approves or rejects them (the listener
    ///   has `http.token`); the page then does not refresh itself, which would clear what is being typed.
    static func html(
        for models: [StatusBoard.ModelStatus], retrain: StatusBoard.RetrainStatus = .init(), decidesHere: Bool = false
    ) -> String {
        let refresh = decidesHere && !retrain.pending.isEmpty ? "" : #"<meta http-equiv="refresh" content="10">"#
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">\(refresh)
            <title>driftwatch</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:24px;color:#222}
            h2{margin:28px 0 8px}table{border-collapse:collapse}
            td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #eee}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .critical{color:#c62828;font-weight:600}.warning{color:#e65100;font-weight:600}.ok{color:#2e7d32}
            ul.firing{padding-left:18px}
            </style></head><body>
            <h1>driftwatch</h1>

            """
        html += approvals(retrain, decidesHere: decidesHere)
        if models.isEmpty {
            html += "<p>No signal evaluated yet: the first windows are still filling.</p>\n"
        }
        for model in models {
            html += section(for: model)
        }
        return html + "</body></html>\n"
    }

    private static func section(for model: StatusBoard.ModelStatus) -> String {
        var html = "<section><h2>\(escape(model.model)) <small>version \(escape(model.modelVersion))</small></h2>\n"
        if model.firing.isEmpty {
            html += "<p class=\"ok\">No alert firing.</p>\n"
        } else {
            html += "<ul class=\"firing\">\n"
            for alert in model.firing {
                html +=
                    "<li><span class=\"\(alert.severity.rawValue)\">\(alert.severity.rawValue)</span> "
                    + "\(escape(alert.summary)) <small>since \(RFC3339Time.string(fromMilliseconds: alert.startedAt))"
                    + "</small></li>\n"
            }
            html += "</ul>\n"
        }
        html +=
            "<table><tr><th>signal</th><th>feature</th><th>test</th><th>value</th><th>threshold</th>"
            + "<th>recent</th><th>state</th><th>moved most</th></tr>\n"
        for signal in model.signals {
            let state = signal.severity?.rawValue ?? "ok"
            let sparkline = Sparkline.svg(
                values: signal.history, threshold: signal.threshold, breached: signal.severity != nil)
            html +=
                "<tr><td>\(signal.kind.rawValue)</td><td>\(escape(signal.feature ?? "–"))</td>"
                + "<td>\(escape(signal.detector))</td><td class=\"num\">\(number(signal.value))</td>"
                + "<td class=\"num\">\(number(signal.threshold))\(calibration(signal.falseAlarmRate))</td>"
                + "<td>\(sparkline)</td>"
                + "<td class=\"\(state)\">\(state)</td><td>\(attribution(signal.attribution))</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    /// The pending approvals, each with the command that approves it (or a form, when it can be decided here), and
    /// the latest decisions.
    private static func approvals(_ retrain: StatusBoard.RetrainStatus, decidesHere: Bool) -> String {
        guard !retrain.pending.isEmpty || !retrain.decided.isEmpty else { return "" }
        var html = "<section><h2>Retrain approvals</h2>\n"
        if !retrain.pending.isEmpty {
            html +=
                "<table><tr><th>trigger</th><th>model</th><th>version</th><th>time</th><th>reasons</th>"
                + "<th>approve or reject with</th></tr>\n"
            for trigger in retrain.pending {
                html +=
                    "<tr><td><code>\(escape(trigger.id))</code></td><td>\(escape(trigger.model))</td>"
                    + "<td>\(escape(trigger.modelVersion))</td><td>\(escape(trigger.time))</td>"
                    + "<td>\(trigger.reasons.map(escape).joined(separator: "<br>"))</td>"
                    + "<td>\(decidesHere ? decisionForm(trigger.id) : command(trigger.id))</td></tr>\n"
            }
            html += "</table>\n"
        } else {
            html += "<p class=\"ok\">No retrain trigger waits for approval.</p>\n"
        }
        if !retrain.decided.isEmpty {
            html += "<table><tr><th>trigger</th><th>model</th><th>version</th><th>decision</th><th>by</th>"
            html += "<th>reason</th><th>time</th></tr>\n"
            for decision in retrain.decided {
                html +=
                    "<tr><td><code>\(escape(decision.triggerID))</code></td><td>\(escape(decision.model))</td>"
                    + "<td>\(escape(decision.modelVersion))</td><td>\(decision.approved ? "approved" : "rejected")</td>"
                    + "<td>\(escape(decision.by))</td><td>\(escape(decision.reason))</td>"
                    + "<td>\(escape(decision.time))</td></tr>\n"
            }
            html += "</table>\n"
        }
        return html + "</section>\n"
    }

    private static func command(_ triggerID: String) -> String {
        "<code>driftwatch retrain approve \(escape(triggerID)) --config …</code>"
    }

    /// A form that approves or rejects the trigger, saying who and why.
    private static func decisionForm(_ triggerID: String) -> String {
        "<form method=\"post\" action=\"\(decisionsPath)\">"
            + "<input type=\"hidden\" name=\"trigger_id\" value=\"\(escape(triggerID))\">"
            + "<input name=\"by\" placeholder=\"your name\" required> "
            + "<input name=\"reason\" placeholder=\"reason\"> "
            + "<button name=\"decision\" value=\"approve\">approve</button> "
            + "<button name=\"decision\" value=\"reject\">reject</button></form>"
    }

    /// " <small>auto, 0.001</small>" beside a calibrated threshold: its false-alarm rate per window.
    private static func calibration(_ rate: Double?) -> String {
        rate.map { " <small>auto, \($0)</small>" } ?? ""
    }

    /// The features that moved most, each with its test's value against its threshold and its direction.
    private static func attribution(_ entries: [Attribution]?) -> String {
        guard let entries, !entries.isEmpty else { return "" }
        return entries.map { entry in
            let arrow = entry.change.map { $0.direction == .up ? " ↑" : " ↓" } ?? ""
            let category = entry.change?.category.map { " '\(escape($0))'" } ?? ""
            return "\(escape(entry.feature))\(category)\(arrow) <small>\(escape(entry.detector)) "
                + "\(number(entry.value)) / \(number(entry.threshold))</small>"
        }.joined(separator: "<br>")
    }

    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let rounded = (value * 10_000).rounded() / 10_000
        return String(rounded)
    }

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
