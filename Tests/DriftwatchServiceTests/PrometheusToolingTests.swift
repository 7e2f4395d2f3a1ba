import DriftwatchTestSupport
import Foundation
import Testing
import Yams

/// The shipped Prometheus and Alertmanager files, checked by the tools that load them: `promtool` unit-tests every
/// alerting rule, and the configurations pass `promtool check config` and `amtool check-config`.
@Suite(
    .enabled(
        if: InstalledTool.installed("promtool", "amtool"),
        "promtool or amtool is missing: `make deps` installs Debian's prometheus and prometheus-alertmanager"))
struct PrometheusToolingTests {
    @Test func everyAlertingRulePassesItsUnitTests() async throws {
        let result = try await ChildProcess.run(
            "promtool", ["test", "rules", DeployFilesTests.path("prometheus/driftwatch-rules.test.yml")])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }

    /// Each rule has a case where it fires and one where it stays quiet.
    @Test func everyRuleIsTestedFiringAndQuiet() throws {
        func items(_ node: Node?) -> [Node] { node?.sequence.map(Array.init) ?? [] }
        let rules = items(try DeployFilesTests.yaml("prometheus/driftwatch-rules.yml")["groups"])
            .flatMap { items($0["rules"]) }.compactMap { $0["alert"]?.string }
        #expect(rules.count >= 10)
        let cases = items(try DeployFilesTests.yaml("prometheus/driftwatch-rules.test.yml")["tests"])
            .flatMap { items($0["alert_rule_test"]) }
        for rule in rules {
            let expected = cases.filter { $0["alertname"]?.string == rule }.map { items($0["exp_alerts"]) }
            #expect(expected.contains { !$0.isEmpty }, "no test where \(rule) fires")
            #expect(expected.contains { $0.isEmpty }, "no test where \(rule) stays quiet")
        }
    }

    @Test func shippedConfigurationsAreValid() async throws {
        // The rule file's path is where the compose stack mounts it, so the configuration is checked for syntax and
        // the rules on their own.
        let checks = [
            ("promtool", ["check", "config", "--syntax-only", DeployFilesTests.path("prometheus/prometheus.yml")]),
            ("promtool", ["check", "rules", DeployFilesTests.path("prometheus/driftwatch-rules.yml")]),
            ("amtool", ["check-config", DeployFilesTests.path("alertmanager/alertmanager.yml")]),
        ]
        for (tool, arguments) in checks {
            let result = try await ChildProcess.run(tool, arguments)
            #expect(result.status == 0, "\(tool) \(arguments): \(result.standardOutput)\(result.standardError)")
        }
    }
}
