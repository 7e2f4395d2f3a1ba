import Foundation
import InMemoryLogging
import Logging
import Testing

@testable import DriftwatchService

/// `${env:…}` and `${file:…}` in the configuration (resolved, never shown), and the HTTP section's new fields.
struct SecretsAndAccessTests {
    static let minimal = ConfigurationTests.minimal

    @Test func environmentAndFileReferencesResolveAnywhereInAString() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "s3cret-from-file\n".write(toFile: directory + "/password", atomically: true, encoding: .utf8)
        let yaml = """
            kafka:
              brokers: "${env:BROKER_HOST}:9092"
              properties: {sasl.password: "${file:password}", sasl.username: "${env:KAFKA_USER}"}
            http: {listen: "127.0.0.1:0", token: "${env:HTTP_TOKEN}", stall_timeout: 5s}
            shutdown_timeout: 10s
            """ + "\n" + Self.minimal
        let configuration = try DriftwatchConfiguration(
            yaml: yaml, file: "driftwatch.yaml", baseDirectory: directory,
            environment: ["BROKER_HOST": "kafka-1", "KAFKA_USER": "alice", "HTTP_TOKEN": "token-1234"])
        #expect(configuration.kafka.brokers == ["kafka-1:9092"])
        #expect(configuration.kafka.properties == ["sasl.password": "s3cret-from-file", "sasl.username": "alice"])
        #expect(configuration.http.token == "token-1234")
        #expect(configuration.http.stallTimeout == .seconds(5))
        #expect(configuration.shutdownTimeout == .seconds(10))
        #expect(configuration.secretValues == ["kafka-1", "s3cret-from-file", "alice", "token-1234"])
    }

    @Test(arguments: [
        ("${env:NOT_SET}", "environment variable 'NOT_SET' (${env:NOT_SET}) is not set; export it"),
        ("${file:/no/such/file}", "cannot read the file '/no/such/file' (${file:/no/such/file})"),
        ("${vault:x}", "unknown reference ${vault:x}; write ${env:NAME} or ${file:PATH}"),
        ("${env:X", "'${' without a closing '}'"),
    ])
    func unresolvableReferencesAreProblems(_ value: String, _ message: String) {
        let yaml = "http: {token: \"\(value)\"}\n" + Self.minimal
        let error = #expect(throws: ConfigurationError.self) {
            try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml", environment: [:])
        }
        #expect(error?.problems.count == 1)
        #expect(error?.problems.first?.path == "http.token")
        #expect(error?.problems.first?.message.contains(message) == true, "\(String(describing: error))")
    }

    /// A problem with a field whose value came from a secret names the reference, not the value.
    @Test func problemsNameTheReferenceNotTheSecret() {
        let yaml = "http: {listen: \"${env:LISTEN}\"}\n" + Self.minimal
        let error = #expect(throws: ConfigurationError.self) {
            try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml", environment: ["LISTEN": "hunter2-port"])
        }
        let message = error?.problems.first?.message ?? ""
        #expect(message.contains("'${env:LISTEN}' is not host:port"), "\(message)")
        #expect(!message.contains("hunter2"))
    }

    @Test func secretsAreRedactedLongestFirstAndShortOnesIgnored() {
        let secrets = SecretValues()
        #expect(secrets.redact("nothing recorded") == "nothing recorded")
        secrets.insert(["pass", "password-1", "ab"])
        #expect(secrets.redact("password-1 and pass, ab") == "[redacted] and [redacted], ab")
    }

    @Test func theLogHandlerRedactsMessagesMetadataAndErrors() {
        let secrets = SecretValues()
        secrets.insert(["token-1234"])
        let recorder = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in RedactingLogHandler(wrapping: recorder, secrets: secrets) }
        struct Refused: Error, CustomStringConvertible { var description: String }
        logger.warning(
            "sent token-1234", error: Refused(description: "refused token-1234"),
            metadata: ["url": "https://x/?t=token-1234", "list": ["token-1234"]])
        let record = recorder.entries.first
        #expect(record?.message == "sent [redacted]")
        #expect(record?.metadata["url"] == "https://x/?t=[redacted]")
        #expect(record?.metadata["list"] == ["[redacted]"])
        #expect(record.map { "\($0.error.map { "\($0)" } ?? "")" } == "refused [redacted]")
    }

    @Test func readinessFollowsTheHeartbeatAndLivenessItsLongerTimeout() {
        let start = ContinuousClock.now
        let health = ProcessorHealth(stallTimeout: .seconds(10), livenessTimeout: .seconds(60), now: start)
        health.recordConnectedBrokers(1)
        health.recordAssignment(partitions: 4)
        #expect(health.readiness(at: start + .seconds(10)).isOK)
        let stalled = health.readiness(at: start + .seconds(11))
        #expect(!stalled.isOK && stalled.reason.contains("no progress for 11 s"))
        #expect(health.liveness(at: start + .seconds(60)).isOK)
        #expect(!health.liveness(at: start + .seconds(61)).isOK)
        health.recordHeartbeat(at: start + .seconds(61))
        #expect(health.readiness(at: start + .seconds(62)).isOK)
        #expect(health.liveness(at: start + .seconds(62)).isOK)
    }
}
