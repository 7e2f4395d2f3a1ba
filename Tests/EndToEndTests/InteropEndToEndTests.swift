import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

extension EndToEnd {
    /// The processor scenario over Tansu, an independent Kafka-compatible broker, with librdkafka 2.16: a protocol
    /// mistake that driftwatch shares with librdkafka's mock cluster would show here. `make test-interop` runs it (it
    /// fetches Tansu and librdkafka 2.16 and puts the library first on `LD_LIBRARY_PATH`).
    @Suite(
        "Interoperability with Tansu", .serialized, .timeLimit(.minutes(8)),
        .enabled(if: TansuProcess.executable != nil, "DRIFTWATCH_TANSU is not set: `make test-interop` runs this suite")
    )
    struct InteropEndToEndTests {
        @Test func driftsDelayedOutcomesDeadLettersAndARestartOverTansu() async throws {
            try #require(
                !KafkaLibrary.version.hasPrefix("2.0."),
                """
                librdkafka \(KafkaLibrary.version) cannot talk to Tansu (its ApiVersions handshake fails): put \
                librdkafka 2.16 first on LD_LIBRARY_PATH, as `make test-interop` does
                """)
            let broker = try await TansuProcess()
            let scenario = DemoScenario(eventsPerModel: 30_000)
            let harness = try await ProcessorHarness(scenario: scenario, partitions: 4, broker: broker)
            defer { harness.removeFiles() }
            let records = harness.records()
            // Half before a graceful restart, half after; the restart must resume from the state it saved.
            let half = records.count / 2
            var processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            let firstEnds = try await harness.produce(Array(records[..<half]))
            #expect(
                try await harness.waitForLagZero(firstEnds),
                "first half not committed; log:\n\(harness.log.suffix(2_000))")
            #expect(await processor.stop() == 0, "SIGTERM must stop the processor cleanly")
            let firstRun = harness.log.count

            processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            let secondEnds = try await harness.produce(Array(records[half...]), alreadyCommitted: half)
            let ends = firstEnds.merging(secondEnds) { max($0, $1) }
            #expect(
                try await harness.waitForLagZero(ends), "second half not committed; log:\n\(harness.log.suffix(2_000))")
            #expect(await processor.stop() == 0, "SIGTERM must stop the processor cleanly")

            let restart = String(harness.log.dropFirst(firstRun))
            #expect(
                restart.contains("Restored state"), "the restart did not restore its state:\n\(restart.prefix(3_000))")
            #expect(!restart.contains("cut short"), "the restart read the state topic short of its end")
            #expect(
                restart.contains("driftwatch.librdkafka=\(KafkaLibrary.version)"),
                "driftwatch loaded another librdkafka")

            let alerts = try await harness.events(harness.topics.alerts)
            ProcessorEndToEndTests.expectInjectionsCaughtAndNothingElse(alerts, scenario: scenario)
            // A graceful restart in between changes nothing: the alerts are those of a replay of the same traffic.
            #expect(
                ProcessorEndToEndTests.episodes(try harness.replayAlerts()) == ProcessorEndToEndTests.episodes(alerts))
            try await ProcessorEndToEndTests.expectRetrainTriggersAndDeadLetters(harness)
            _ = await broker.stop()
        }
    }
}
