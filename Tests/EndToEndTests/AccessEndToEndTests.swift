import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Testing

extension EndToEnd {
    /// Secrets from files, the bearer token of the HTTP endpoints, readiness of a stalled pipeline and the limit
    /// on a graceful shutdown, against `driftwatch run` over a dev broker whose Produce requests keep failing.
    @Suite("Access, stalls and shutdown", .serialized, .timeLimit(.minutes(3)))
    struct AccessEndToEndTests {
        @Test func secretsTokenStallAndShutdownLimit() async throws {
            let secrets = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-secrets-\(UUID())")
            try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: secrets) }
            let token = "token-\(UUID().uuidString)"
            let password = "kafka-password-\(UUID().uuidString)"
            try (token + "\n").write(to: secrets.appendingPathComponent("token"), atomically: true, encoding: .utf8)
            try password.write(to: secrets.appendingPathComponent("password"), atomically: true, encoding: .utf8)
            let harness = try await ProcessorHarness(
                scenario: DemoScenario(eventsPerModel: 2_000),
                kafkaProperties: ["ssl.key.password": "${file:\(secrets.path)/password}", "debug": "conf"],
                sections: """
                    http: {listen: "127.0.0.1:0", token: "${file:\(secrets.path)/token}", stall_timeout: 2s}
                    shutdown_timeout: 3s
                    """)
            defer { harness.removeFiles() }
            _ = try await harness.produce(Array(harness.records().prefix(3_000)))
            // Every Produce request of the next minute or so fails and is retried: outputs cannot be acknowledged.
            let failures = Array(repeating: "REQUEST_TIMED_OUT", count: 400).joined(separator: " ")
            let broker = try #require(harness.broker as? DevBrokerProcess)
            #expect(try await broker.control("fail Produce \(failures)") == "ok")

            let processor = try DriftwatchProcess(
                config: harness.config, logFile: harness.logFile,
                arguments: ["--log-format", "json", "--log-level", "debug"])
            let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
            #expect(try await OperationsEndToEndTests.get(base + "/healthz").status == 200, "probes need no token")
            #expect(try await OperationsEndToEndTests.get(base + "/metrics").status == 401)
            #expect(try await OperationsEndToEndTests.get(base + "/metrics", token: "wrong").status == 401)
            #expect(try await OperationsEndToEndTests.get(base + "/metrics", token: token).status == 200)
            let page = try await OperationsEndToEndTests.get(base + "/", token: token)
            #expect(page.status == 200 && !page.body.contains(token) && !page.body.contains(password))

            // The loop waits for acknowledgements that do not come: not ready, still alive.
            var readiness = (status: 0, body: "")
            let stalled = try await eventually {
                readiness = try await OperationsEndToEndTests.get(base + "/readyz")
                return readiness.status == 503 && readiness.body.contains("no progress")
            }
            #expect(stalled, "readiness: \(readiness); log:\n\(harness.log.suffix(2_000))")
            #expect(try await OperationsEndToEndTests.get(base + "/healthz").status == 200)

            let stopping = ContinuousClock.now
            #expect(await processor.stop() == 1, "a shutdown past shutdown_timeout exits with status 1")
            #expect(ContinuousClock.now - stopping < .seconds(15))
            #expect(harness.log.contains("Graceful shutdown did not finish within 3.0 seconds (shutdown_timeout)"))
            #expect(harness.log.contains("ssl.key.password"), "the debug log should list the Kafka configuration")
            #expect(!harness.log.contains(password))
            #expect(!harness.log.contains(token))
            #expect(await harness.broker.stop() == 0)
        }
    }
}
