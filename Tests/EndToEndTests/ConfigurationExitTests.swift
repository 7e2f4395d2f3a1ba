import DriftwatchTestSupport
import Foundation
import Testing

/// Bad configurations stop `driftwatch validate` and `driftwatch run` with exit status 2 and a message that names
/// the file, line and field.
@Suite("Configuration errors on the command line")
struct ConfigurationExitTests {
    struct BadConfiguration: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        /// What the message must contain: `file:line: field`.
        var location: String
        var testDescription: String { name }
    }

    static let valid = """
        kafka:
          brokers: "127.0.0.1:1"
          topics: {predictions: predictions, outcomes: outcomes, alerts: drift-alerts, retrain: retrain-triggers,
                   dlq: driftwatch-dlq}
        models:
          - name: fraud
            task: classification
            warmup: 1000
            window: {events: 500}
            features:
              amount: {type: numeric, test: psi}
        """

    static let cases = [
        BadConfiguration(
            name: "unknown test", yaml: valid.replacingOccurrences(of: "test: psi", with: "test: psy"),
            location: ":11: models[0].features.amount.test"),
        BadConfiguration(
            name: "negative window", yaml: valid.replacingOccurrences(of: "events: 500", with: "events: -5"),
            location: ":9: models[0].window.events"),
        BadConfiguration(
            name: "missing topic", yaml: valid.replacingOccurrences(of: "dlq: driftwatch-dlq", with: "dlq: \"\""),
            location: ":4: kafka.topics.dlq"),
        BadConfiguration(
            name: "unknown field", yaml: valid.replacingOccurrences(of: "warmup: 1000", with: "warmpu: 1000"),
            location: ":8: models[0].warmpu"),
    ]

    @Test(arguments: cases, ["validate", "run"])
    func exitsWithStatusTwoNamingTheField(_ configuration: BadConfiguration, command: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        try configuration.yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            DevBrokerProcess.driftwatchBinary().path, [command, "--config", file.path]
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains(file.path + configuration.location), "\(result.standardError)")
    }

    @Test func validConfigurationValidates() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        try Self.valid.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            DevBrokerProcess.driftwatchBinary().path, ["validate", "--config", file.path]
        )
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("ok (1 model)"))
    }

    @Test func aPortInUseStopsRunWithAdviceOnHTTPListen() async throws {
        // Holding the port of a listener started here keeps it in use for the processor.
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        try (Self.valid + "\nhttp: {listen: \"127.0.0.1:\(receiver.port)\"}").write(
            to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            DevBrokerProcess.driftwatchBinary().path, ["run", "--config", file.path]
        )
        #expect(result.status == 1)
        #expect(
            result.standardError.contains("127.0.0.1:\(receiver.port) (http.listen)"),
            "\(result.standardError.suffix(500))")
    }
}
