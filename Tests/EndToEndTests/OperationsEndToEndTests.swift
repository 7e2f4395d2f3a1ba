import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension EndToEnd {
    /// What an operator sees of a running processor: metrics that move and pass `promtool check metrics`, scraped
    /// by a real Prometheus that evaluates the shipped rules; health and readiness; alerts routed through a real
    /// Alertmanager to a webhook (and to a PagerDuty endpoint that is down); JSON logs without secrets; and the
    /// status page rendered by headless Chromium.
    @Suite(
        "Operating the processor", .serialized, .timeLimit(.minutes(6)),
        .enabled(
            if: InstalledTool.installed("prometheus", "prometheus-alertmanager", "promtool"),
            "Prometheus or Alertmanager is missing: `make deps` installs Debian's prometheus, prometheus-alertmanager"
        ))
    struct OperationsEndToEndTests {
        @Test func metricsHealthSinksLogsAndStatusPage() async throws {
            let webhook = try await AlertReceiver.start()
            defer { webhook.stop() }
            let servers = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-ops-\(UUID())")
            try FileManager.default.createDirectory(at: servers, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: servers) }
            let alertmanager = try AlertmanagerServer(webhook: "http://127.0.0.1:\(webhook.port)/webhook", in: servers)
            let routingKey = "routing-key-\(UUID().uuidString)"
            let kafkaPassword = "kafka-password-\(UUID().uuidString)"
            let scenario = DemoScenario(eventsPerModel: 30_000)
            // PagerDuty points at a port nothing listens on: its notifications fail after their retries.
            let harness = try await ProcessorHarness(
                scenario: scenario, kafkaProperties: ["ssl.key.password": kafkaPassword, "debug": "conf"],
                sections: """
                    http: {listen: "127.0.0.1:0"}
                    sinks:
                      attempts: 3
                      backoff: 10ms
                      alertmanager: {url: "\(alertmanager.base)"}
                      pagerduty: {routing_key: "\(routingKey)", url: "http://127.0.0.1:1/v2/enqueue"}
                      retrain: [{type: webhook, url: "http://127.0.0.1:\(webhook.port)/retrain"}]
                    """
            )
            defer { harness.removeFiles() }
            let processor = try DriftwatchProcess(
                config: harness.config, logFile: harness.logFile,
                arguments: ["--log-format", "json", "--log-level", "debug"]
            )
            let base = try await Self.listeningAddress(in: harness)
            let prometheus = try PrometheusServer(scraping: String(base.dropFirst("http://".count)), in: servers)

            #expect(try await Self.get(base + "/healthz") == (200, "ok\n"))
            let ready = try await eventually { try await Self.get(base + "/readyz").status == 200 }
            #expect(ready, "never ready; log:\n\(harness.log.suffix(2_000))")
            let before = MetricsScrape(try await Self.get(base + "/metrics").body)
            #expect(before.value("driftwatch_events_total", ["result": "accepted"]) == 0)

            let ends = try await harness.produceAll()
            #expect(try await harness.waitForLagZero(ends), "the pipeline stalled; log:\n\(harness.log.suffix(2_000))")
            let alerts = try await harness.events(harness.topics.alerts)
            let sinksDone = try await eventually {
                let metrics = MetricsScrape(try await Self.get(base + "/metrics").body)
                return metrics.value("driftwatch_sink_notifications_total", ["sink": "pagerduty"])
                    >= Double(alerts.count)
                    && metrics.value("driftwatch_sink_notifications_total", ["sink": "alertmanager"])
                        >= Double(alerts.count)
            }
            #expect(sinksDone, "sink notifications did not all finish")
            let after = MetricsScrape(try await Self.get(base + "/metrics").body)

            // Every exported name exists, and the values moved.
            #expect(Set(MetricName.allCases.map(\.rawValue)).subtracting(after.families).isEmpty)
            #expect(
                after.value("driftwatch_events_total", ["topic": harness.topics.predictions, "result": "accepted"]) > 0)
            #expect(after.value("driftwatch_dead_letters_total") == Double(scenario.malformedRecords))
            #expect(after.value("driftwatch_alerts_total", ["status": "firing"]) > 0)
            #expect(after.value("driftwatch_alerts_total") == Double(alerts.count))
            #expect(after.value("driftwatch_processing_latency_seconds_count") > 0)
            #expect(after.value("driftwatch_assigned_partitions") == 16)
            // Lag is known for the partitions records were read from, and it is zero once everything is processed.
            #expect(after.series("driftwatch_consumer_lag").count == ends.count)
            #expect(after.value("driftwatch_consumer_lag") == 0)
            let drifted = Set(after.series("driftwatch_drift_value").compactMap { $0["feature"] })
            #expect(drifted.isSuperset(of: ["amount", "monthly_spend"]))
            #expect(
                after.value(
                    "driftwatch_drift_value", ["model": "churn", "feature": "monthly_spend", "detector": "psi"])
                    > 0.25)

            // Alertmanager got every alert; PagerDuty's were retried, counted as failed, and held nothing up.
            #expect(
                after.value("driftwatch_sink_notifications_total", ["sink": "alertmanager", "result": "delivered"])
                    >= Double(alerts.count))
            #expect(
                after.value("driftwatch_sink_notifications_total", ["sink": "pagerduty", "result": "failed"])
                    == Double(alerts.count))
            #expect(after.value("driftwatch_sink_retries_total", ["sink": "pagerduty"]) == Double(2 * alerts.count))
            try await Self.checkAlertmanager(alertmanager, webhook: webhook, alerts: alerts)
            try await Self.checkPrometheus(
                prometheus, scenario: scenario, metrics: try await Self.get(base + "/metrics").body)

            try await Self.checkStatusPage(at: base)

            #expect(await processor.stop() == 0)
            // Logs are JSON lines, and neither secret appears (librdkafka's configuration dump included).
            let lines = harness.log.split(separator: "\n")
            #expect(
                lines.contains { $0.contains("ssl.key.password") }, "the debug log should list the Kafka configuration")
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
            #expect(!harness.log.contains(routingKey))
            #expect(!harness.log.contains(kafkaPassword))
            #expect(await harness.broker.stop() == 0)
            #expect(await prometheus.stop() == 0)
            #expect(await alertmanager.stop() == 0)
        }

        /// Alertmanager notified the webhook of every alert driftwatch published, grouped by alert name and model as
        /// routed, each change of a group once, and holds active exactly the alerts still firing on the alerts topic.
        private static func checkAlertmanager(
            _ alertmanager: AlertmanagerServer, webhook: AlertReceiver, alerts: [[String: Any]]
        ) async throws {
            var latest: [String: String] = [:]
            for alert in alerts {
                if let key = alert["dedup_key"] as? String { latest[key] = alert["status"] as? String }
            }
            let stillFiring = Set(latest.filter { $0.value == "firing" }.keys)
            let settled = try await eventually {
                Set((await alertmanager.activeAlerts() ?? []).compactMap { $0["dedup_key"] }) == stillFiring
            }
            #expect(settled, "Alertmanager's active alerts differ from those firing; log:\n\(alertmanager.log)")
            // Notifications of a resolved alert follow within a group interval of Alertmanager's resolving it.
            var notifications: [[String: Any]] = []
            var notified: [String: String] = [:]
            let delivered = try await eventually {
                notifications = webhook.posted(to: "/webhook").compactMap { $0 as? [String: Any] }
                notified = [:]
                for notification in notifications {
                    for alert in notification["alerts"] as? [[String: Any]] ?? [] {
                        if let key = (alert["labels"] as? [String: String])?["dedup_key"] {
                            notified[key] = alert["status"] as? String
                        }
                    }
                }
                return notified == latest
            }
            #expect(
                delivered, "the webhook's last status per alert differs from driftwatch's: \(notified) vs \(latest)")
            var previous: [String: String] = [:]
            for notification in notifications {
                let group = notification["groupLabels"] as? [String: String] ?? [:]
                #expect(Set(group.keys) == ["alertname", "model"], "grouped by \(group)")
                let members = (notification["alerts"] as? [[String: Any]] ?? []).map {
                    ($0["labels"] as? [String: String] ?? [:], $0["status"] as? String ?? "?")
                }
                #expect(members.allSatisfy { labels, _ in group.allSatisfy { labels[$0.key] == $0.value } })
                let keys = members.compactMap { $0.0["dedup_key"] }
                #expect(Set(keys).count == keys.count, "an alert listed twice in one notification: \(keys)")
                // Deduplicated: a group is notified again only when it changed.
                let summary = members.map { "\($0.0["dedup_key"] ?? "?")=\($0.1)" }.sorted().joined(separator: ",")
                let groupKey = notification["groupKey"] as? String ?? "?"
                #expect(previous[groupKey] != summary, "group \(groupKey) notified twice unchanged")
                previous[groupKey] = summary
            }
        }

        /// `/metrics` passes `promtool check metrics`; Prometheus scrapes it and evaluates every shipped rule over it,
        /// the dead-letter rule going pending on the scenario's malformed records.
        private static func checkPrometheus(_ prometheus: PrometheusServer, scenario: DemoScenario, metrics: String)
            async throws
        {
            let lint = try await ChildProcess.run("promtool", ["check", "metrics"], input: metrics)
            #expect(
                lint.status == 0 && lint.standardOutput.isEmpty && lint.standardError.isEmpty,
                "promtool check metrics: \(lint.standardOutput)\(lint.standardError)")
            let scraped = try await eventually {
                try await prometheus.query("sum(driftwatch_dead_letters_total)") == Double(scenario.malformedRecords)
            }
            #expect(scraped, "Prometheus did not scrape driftwatch; log:\n\(prometheus.log)")
            #expect(try await prometheus.query(#"up{job="driftwatch"}"#) == 1)
            let rules =
                (try await prometheus.api("/api/v1/rules") as? [String: Any])?["groups"] as? [[String: Any]] ?? []
            let evaluated = rules.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
            #expect(evaluated.count >= 10)
            #expect(evaluated.allSatisfy { $0["health"] as? String == "ok" }, "rules: \(evaluated)")
            let pending = try await eventually {
                let active =
                    (try await prometheus.api("/api/v1/alerts") as? [String: Any])?["alerts"] as? [[String: Any]]
                return active?.contains { ($0["labels"] as? [String: String])?["alertname"] == "DriftwatchDeadLetters" }
                    == true
            }
            #expect(pending, "DriftwatchDeadLetters never went pending on the dead-lettered records")
        }

        /// The status page lists the demo's drifted features with their state, and Chromium renders it.
        private static func checkStatusPage(at base: String) async throws {
            let page = try await get(base + "/").body
            #expect(page.contains("<td>monthly_spend</td>"))
            #expect(page.contains("<td>amount</td>"))
            #expect(page.contains("<svg class=\"spark\""))
            let screenshot = try artifactsDirectory().appendingPathComponent("status-page.png")
            try? FileManager.default.removeItem(at: screenshot)
            let chromium = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
            let shot = try await ChildProcess.run(
                "chromium", chromium + ["--window-size=1280,1600", "--screenshot=\(screenshot.path)", base + "/"])
            #expect(shot.status == 0, "chromium: \(shot.standardError.suffix(1_000))")
            let png = try Data(contentsOf: screenshot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
            // The DOM as Chromium rendered it: the churn model's spend is still drifting, and shows so.
            let dom = try await ChildProcess.run("chromium", chromium + ["--dump-dom", base + "/"]).standardOutput
            #expect(dom.contains("monthly_spend"))
            #expect(dom.contains("class=\"critical\">critical</td>"))
        }

        /// Where screenshots are kept after the run: `.build/test-artifacts` in the package.
        private static func artifactsDirectory() throws -> URL {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let directory = root.appendingPathComponent(".build/test-artifacts")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory
        }

        /// The listener's `http://host:port`, from the processor's JSON log (its latest run's).
        static func listeningAddress(in harness: ProcessorHarness) async throws -> String {
            var address: String?
            _ = try await eventually {
                address =
                    harness.log.split(separator: "\n").reversed().lazy.compactMap { line in
                        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?[
                            "driftwatch.http.address"]
                            as? String
                    }.first
                return address != nil
            }
            return "http://" + (try #require(address, "no listening address logged:\n\(harness.log.suffix(2_000))"))
        }

        /// GETs `url`, with `Authorization: Bearer <token>` when a token is given.
        static func get(_ url: String, token: String? = nil) async throws -> (status: Int, body: String) {
            var request = URLRequest(url: URL(string: url)!)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
    }
}

/// Polls `condition` every 200 ms until it holds or `timeout` passes; whether it held. The condition is checked
/// once more at the end: on a loaded machine a sleep may last past the deadline, which alone proves nothing.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(200))
    }
    return try await condition()
}
