import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What an operator sees of a running processor: metrics that move, health and readiness, alerts routed to an
/// Alertmanager (and to a PagerDuty endpoint that is down), JSON logs without secrets, and the status page
/// rendered by headless Chromium.
@Suite("Operating the processor", .serialized, .timeLimit(.minutes(6)))
struct OperationsEndToEndTests {
    @Test func metricsHealthSinksLogsAndStatusPage() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
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
                  alertmanager: {url: "http://127.0.0.1:\(receiver.port)"}
                  pagerduty: {routing_key: "\(routingKey)", url: "http://127.0.0.1:1/v2/enqueue"}
                """
        )
        defer { harness.removeFiles() }
        let processor = try DriftwatchProcess(
            config: harness.config, logFile: harness.logFile,
            arguments: ["--log-format", "json", "--log-level", "debug"]
        )
        let base = try await Self.listeningAddress(in: harness)

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
            return metrics.value("driftwatch_sink_notifications_total", ["sink": "pagerduty"]) >= Double(alerts.count)
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
            after.value("driftwatch_drift_value", ["model": "churn", "feature": "monthly_spend", "detector": "psi"])
                > 0.25)

        // Alertmanager got every alert; PagerDuty's were retried, counted as failed, and held nothing up.
        #expect(
            after.value("driftwatch_sink_notifications_total", ["sink": "alertmanager", "result": "delivered"])
                >= Double(alerts.count))
        #expect(
            after.value("driftwatch_sink_notifications_total", ["sink": "pagerduty", "result": "failed"])
                == Double(alerts.count))
        #expect(after.value("driftwatch_sink_retries_total", ["sink": "pagerduty"]) == Double(2 * alerts.count))
        let posted = receiver.posted(to: "/api/v2/alerts").compactMap { $0 as? [[String: Any]] }.flatMap { $0 }
        let postedKeys = Set(posted.compactMap { ($0["labels"] as? [String: String])?["dedup_key"] })
        #expect(postedKeys == Set(alerts.compactMap { $0["dedup_key"] as? String }))

        try await Self.checkStatusPage(at: base)

        #expect(await processor.stop() == 0)
        // Logs are JSON lines, and neither secret appears (librdkafka's configuration dump included).
        let lines = harness.log.split(separator: "\n")
        #expect(lines.contains { $0.contains("ssl.key.password") }, "the debug log should list the Kafka configuration")
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
        #expect(!harness.log.contains(routingKey))
        #expect(!harness.log.contains(kafkaPassword))
        #expect(await harness.broker.stop() == 0)
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

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}

/// Polls `condition` every 200 ms until it holds or `timeout` passes; whether it held.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(200))
    }
    return false
}
