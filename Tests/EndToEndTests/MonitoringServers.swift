import DriftwatchTestSupport
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Prometheus (Debian's `prometheus`) that scrapes one driftwatch every second and evaluates the shipped
/// alerting rules, answering queries on its HTTP API.
final class PrometheusServer: Sendable {
    let base: String
    let logFile: URL
    private let process: BackgroundProcess

    /// Starts Prometheus in `directory`, scraping `target` (`host:port`) as job `driftwatch`.
    init(scraping target: String, in directory: URL) throws {
        let port = try InstalledTool.freePort()
        let config = directory.appendingPathComponent("prometheus.yml")
        try """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ["\(deployDirectory.appendingPathComponent("prometheus/driftwatch-rules.yml").path)"]
        scrape_configs:
          - job_name: driftwatch
            metrics_path: /metrics
            static_configs: [{targets: ["\(target)"]}]
        """.write(to: config, atomically: true, encoding: .utf8)
        base = "http://127.0.0.1:\(port)"
        logFile = directory.appendingPathComponent("prometheus.log")
        process = try BackgroundProcess(
            executable: URL(fileURLWithPath: try InstalledTool.require("prometheus")),
            arguments: [
                "--config.file=\(config.path)", "--web.listen-address=127.0.0.1:\(port)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("prometheus-data").path)",
            ],
            logFile: logFile)
    }

    /// The API's `data` for `path` (e.g. `/api/v1/targets`), or `nil` while Prometheus is not answering.
    func api(_ path: String) async throws -> Any? {
        guard let url = URL(string: base + path), let (data, _) = try? await URLSession.shared.data(from: url),
            let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            body["status"] as? String == "success"
        else { return nil }
        return body["data"]
    }

    /// The value of an instant query's single result, or `nil` when it has none.
    func query(_ expression: String) async throws -> Double? {
        let escaped = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        let data = try await api("/api/v1/query?query=\(escaped)") as? [String: Any]
        let result = (data?["result"] as? [[String: Any]])?.first
        return ((result?["value"] as? [Any])?.last as? String).flatMap(Double.init)
    }

    /// The end of the server's log, for failure messages.
    var log: String { String(((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(2_000)) }

    func stop() async -> Int32 { await process.stop() }
}

/// A real Alertmanager (Debian's `prometheus-alertmanager`), clustering off, routing every alert to a webhook.
final class AlertmanagerServer: Sendable {
    let base: String
    let logFile: URL
    private let process: BackgroundProcess

    /// Starts Alertmanager in `directory` with the shipped route's grouping (by `alertname` and `model`) on short
    /// timers, sending firing and resolved notifications to `webhook`.
    init(webhook: String, in directory: URL) throws {
        let port = try InstalledTool.freePort()
        let config = directory.appendingPathComponent("alertmanager.yml")
        try """
        route:
          receiver: test
          group_by: [alertname, model]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: test
            webhook_configs: [{url: "\(webhook)", send_resolved: true}]
        """.write(to: config, atomically: true, encoding: .utf8)
        base = "http://127.0.0.1:\(port)"
        logFile = directory.appendingPathComponent("alertmanager.log")
        process = try BackgroundProcess(
            executable: URL(fileURLWithPath: try InstalledTool.require("prometheus-alertmanager")),
            arguments: [
                "--config.file=\(config.path)", "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
                "--storage.path=\(directory.appendingPathComponent("alertmanager-data").path)",
            ],
            logFile: logFile)
    }

    /// The labels of the alerts Alertmanager holds as active now, or `nil` while it is not answering.
    func activeAlerts() async -> [[String: String]]? {
        guard let url = URL(string: base + "/api/v2/alerts?active=true&silenced=false&inhibited=false"),
            let (data, _) = try? await URLSession.shared.data(from: url),
            let alerts = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return nil }
        return alerts.compactMap { $0["labels"] as? [String: String] }
    }

    /// The end of the server's log, for failure messages.
    var log: String { String(((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(2_000)) }

    func stop() async -> Int32 { await process.stop() }
}

/// The repository's `deploy/` directory.
let deployDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("deploy")
