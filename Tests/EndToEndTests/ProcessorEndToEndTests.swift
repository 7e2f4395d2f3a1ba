import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

/// `driftwatch run` as a separate process over a dev broker: the injected drifts are caught, nothing else is,
/// every input is accounted for, and a crash loses nothing.
@Suite("Processor end to end", .serialized, .timeLimit(.minutes(6)))
struct ProcessorEndToEndTests {
    /// Keys of the firing alerts the scenario should raise. A model whose error rate changes also changes its
    /// outcome label distribution and its windowed performance, so label drift and performance alerts on such a
    /// model are expected too, not false alarms.
    static func isExpected(_ alert: [String: Any], scenario: DemoScenario) -> Bool {
        scenario.injections.contains { injection in
            alert["model"] as? String == injection.model
                && (alert["kind"] as? String == injection.kind
                    && alert["feature"] as? String == injection.feature
                    || injection.kind == "concept_drift"
                        && ["label_drift", "performance"].contains(alert["kind"] as? String))
        }
    }

    /// Each injected drift fires within its budget and a reverted one resolves; no other alert fires.
    static func expectInjectionsCaughtAndNothingElse(_ alerts: [[String: Any]], harness: ProcessorHarness) {
        let scenario = harness.scenario
        let firing = alerts.filter { $0["status"] as? String == "firing" }
        for injection in scenario.injections {
            let start = harness.time(ofEvent: injection.atEvent, model: injection.model)
            let caught = firing.filter {
                $0["model"] as? String == injection.model && $0["kind"] as? String == injection.kind
                    && $0["feature"] as? String == injection.feature
            }.compactMap { $0["window_end"] as? Int64 }.filter { $0 >= start }.min()
            // Window tests need at most three windows (two breaching in a row, one partly clean); detectors less.
            let budget = injection.kind == "data_drift" ? 3 * scenario.windowEvents : scenario.windowEvents
            let delay = caught.map { Int(($0 - start) / Int64(100 * TrafficGenerator.models.count)) }
            #expect(
                delay.map { $0 <= budget } == true, "\(injection) caught after \(delay.map(String.init) ?? "never")")
            if let end = injection.endsAtEvent {
                let revertedAt = harness.time(ofEvent: end, model: injection.model)
                let resolved = alerts.contains {
                    $0["status"] as? String == "resolved" && $0["model"] as? String == injection.model
                        && $0["feature"] as? String == injection.feature
                        && ($0["window_end"] as? Int64 ?? 0) >= revertedAt
                }
                #expect(resolved, "\(injection) was not resolved after it was reverted")
            }
        }
        // False-alarm budget: no firing alert outside the injected drifts and their consequences.
        let unexpected = firing.filter { !Self.isExpected($0, scenario: scenario) }
        #expect(unexpected.isEmpty, "false alarms: \(unexpected.map { $0["dedup_key"] ?? "?" })")
    }

    /// The status/severity sequence of each dedup_key (ids and times aside).
    static func statuses(_ alerts: [[String: Any]]) -> [String: [String]] {
        Dictionary(grouping: alerts) { $0["dedup_key"] as? String ?? "?" }
            .mapValues { $0.map { "\($0["status"] ?? "?")/\($0["severity"] ?? "?")" } }
    }

    /// Every model got an automatic retrain trigger, and each malformed record is in the dead-letter topic once,
    /// with its reason and source.
    static func expectRetrainTriggersAndDeadLetters(_ harness: ProcessorHarness) async throws {
        let triggers = try await harness.events(harness.topics.retrain)
        let retrained = Set(triggers.compactMap { $0["model"] as? String })
        #expect(retrained == Set(TrafficGenerator.models), "retrain triggers for \(retrained.sorted())")
        #expect(triggers.allSatisfy { $0["mode"] as? String == "automatic" })

        let deadLetters = try await harness.read(harness.topics.deadLetters)
        #expect(deadLetters.count == harness.scenario.malformedRecords)
        for letter in deadLetters {
            let headers = Dictionary(letter.headers.map { ($0.key, $0.value ?? []) }) { first, _ in first }
            #expect(headers["driftwatch.error"].map { !$0.isEmpty } == true)
            #expect(
                headers["driftwatch.source"].map { String(decoding: $0, as: UTF8.self) }?
                    .hasPrefix(harness.topics.predictions + "/") == true)
        }
    }

    @Test func injectedDriftsAreCaughtResolvedAndNothingElseFires() async throws {
        // 210,000 predictions and about 190,000 outcomes.
        let scenario = DemoScenario(eventsPerModel: 70_000)
        let harness = try await ProcessorHarness(scenario: scenario)
        defer { harness.removeFiles() }
        let processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)

        let ends = try await harness.produceAll()
        let caughtUp = try await harness.waitForLagZero(ends)
        #expect(caughtUp, "the processor did not commit every input record; log:\n\(harness.log.suffix(2_000))")
        #expect(await processor.stop() == 0, "SIGTERM must stop the processor cleanly")

        let alerts = try await harness.events(harness.topics.alerts)
        Self.expectInjectionsCaughtAndNothingElse(alerts, harness: harness)
        // Replay over the same data raises the same alerts, in the same order per dedup_key (ids and times aside).
        #expect(Self.statuses(try harness.replayAlerts()) == Self.statuses(alerts))

        try await Self.expectRetrainTriggersAndDeadLetters(harness)
        #expect(await harness.broker.stop() == 0)
    }

    @Test func killedProcessorLosesNoInputWhenRestarted() async throws {
        let scenario = DemoScenario(eventsPerModel: 30_000)
        let harness = try await ProcessorHarness(scenario: scenario)
        defer { harness.removeFiles() }
        let first = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
        let crashed = Crash()

        let ends = try await harness.produceAll { produced in
            // Before the first injected drift, so that the restarted processor warms up on clean data again.
            if produced >= 40_000, await crashed.happenOnce() {
                #expect(await first.stop(signal: SIGKILL) == SIGKILL)
                await crashed.restart(try DriftwatchProcess(config: harness.config, logFile: harness.logFile))
            }
        }
        #expect(await crashed.happened, "the processor was never killed")
        let caughtUp = try await harness.waitForLagZero(ends)
        #expect(caughtUp, "input was lost or not processed after the restart; log:\n\(harness.log.suffix(2_000))")
        #expect(await crashed.restarted?.stop() == 0)

        // Every malformed record reached the dead-letter topic, possibly twice (at least once).
        let sources = Set(
            try await harness.read(harness.topics.deadLetters).compactMap { letter in
                letter.headers.first { $0.key == "driftwatch.source" }?.value.map {
                    String(decoding: $0, as: UTF8.self)
                }
            })
        #expect(sources.count == scenario.malformedRecords)
        // Alerts may repeat after the crash, but only for the injected drifts, under their dedup keys.
        let firing = try await harness.events(harness.topics.alerts).filter { $0["status"] as? String == "firing" }
        #expect(!firing.isEmpty)
        let unexpected = firing.filter { !Self.isExpected($0, scenario: scenario) }
        #expect(unexpected.isEmpty, "false alarms: \(unexpected.map { $0["dedup_key"] ?? "?" })")
        #expect(await harness.broker.stop() == 0)
    }
}

/// Remembers the one crash of a test and the processor started after it.
private actor Crash {
    private(set) var happened = false
    private(set) var restarted: DriftwatchProcess?

    func happenOnce() -> Bool {
        defer { happened = true }
        return !happened
    }

    func restart(_ process: DriftwatchProcess) {
        restarted = process
    }
}
