import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

extension EndToEnd {
    /// `driftwatch run` as a separate process over a dev broker: the injected drifts are caught, nothing else is,
    /// every input is accounted for, and a crash loses nothing.
    @Suite("Processor end to end", .serialized, .timeLimit(.minutes(6)))
    struct ProcessorEndToEndTests {
        /// Whether a firing alert is one the scenario should raise: the injected drift's own (model, kind, feature), or
        /// for a concept drift the label drift and performance alerts of that model (its error rate changes, and with
        /// it the outcomes' label distribution and the windowed performance), in a window that ends after the
        /// injection started and, for a reverted injection, at most ``settleWindows`` windows after it ended. Any
        /// other alert is a false alarm.
        static func isExpected(_ alert: [String: Any], scenario: DemoScenario) -> Bool {
            guard let end = alert["window_end"] as? Int64, let model = alert["model"] as? String else { return false }
            let kind = alert["kind"] as? String
            return scenario.injections.contains { injection in
                guard model == injection.model, end >= scenario.time(ofEvent: injection.atEvent, model: model) else {
                    return false
                }
                if let reverted = injection.endsAtEvent,
                    end > scenario.time(ofEvent: reverted + settleWindows * scenario.windowEvents, model: model)
                {
                    return false
                }
                return kind == injection.kind && alert["feature"] as? String == injection.feature
                    || injection.kind == "concept_drift" && ["label_drift", "performance"].contains(kind)
            }
        }

        /// Windows after a reverted injection in which its alert may still fire or escalate: the window that straddles
        /// the revert and the two clean ones a resolution waits for (`resolve_after: 2`).
        static let settleWindows = 3

        /// Each injected drift fires within its budget and a reverted one resolves; no other alert fires.
        static func expectInjectionsCaughtAndNothingElse(_ alerts: [[String: Any]], scenario: DemoScenario) {
            let firing = alerts.filter { $0["status"] as? String == "firing" }
            for injection in scenario.injections {
                let start = scenario.time(ofEvent: injection.atEvent, model: injection.model)
                let caught = firing.filter {
                    $0["model"] as? String == injection.model && $0["kind"] as? String == injection.kind
                        && $0["feature"] as? String == injection.feature
                }.compactMap { $0["window_end"] as? Int64 }.filter { $0 >= start }.min()
                // Window tests need at most three windows (two breaching in a row, one partly clean); detectors less.
                let budget = injection.kind == "data_drift" ? 3 * scenario.windowEvents : scenario.windowEvents
                let delay = caught.map { Int(($0 - start) / Int64(100 * TrafficGenerator.models.count)) }
                #expect(
                    delay.map { $0 <= budget } == true, "\(injection) caught after \(delay.map(String.init) ?? "never")"
                )
                if let end = injection.endsAtEvent {
                    let revertedAt = scenario.time(ofEvent: end, model: injection.model)
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

        /// What a run published per dedup_key, as a replay of the same traffic publishes it: each firing and resolution
        /// once (a re-sent event, after a crash, repeats its id), with its severity and, for signals on windows of
        /// predictions or of outcomes alone, the window's end. Concept drift and performance windows close on joined
        /// pairs, whose order depends on how the two topics' fetches interleave, so for them only the sequence counts.
        static func episodes(_ alerts: [[String: Any]]) -> [String: [String]] {
            var seen: Set<String> = []
            let distinct = alerts.filter { alert in
                (alert["event_id"] as? String).map { seen.insert($0).inserted } ?? true
            }
            return Dictionary(grouping: distinct) { $0["dedup_key"] as? String ?? "?" }.mapValues { alerts in
                alerts.map { alert in
                    let joined = ["concept_drift", "performance"].contains(alert["kind"] as? String)
                    let end = joined ? "" : "@\((alert["window"] as? [String: Any])?["end"] ?? "?")"
                    return "\(alert["status"] ?? "?")/\(alert["severity"] ?? "?")\(end)"
                }
            }
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
            Self.expectInjectionsCaughtAndNothingElse(alerts, scenario: scenario)
            // Replay over the same data raises the same alerts, in the same order per dedup_key.
            #expect(Self.episodes(try harness.replayAlerts()) == Self.episodes(alerts))

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
                    let committed = try await harness.committedTotal()
                    #expect(await first.stop(signal: SIGKILL) == SIGKILL)
                    await crashed.restart(
                        try DriftwatchProcess(
                            config: harness.config, logFile: harness.logFile, arguments: ["--log-format", "json"]),
                        committed: committed)
                }
            }
            #expect(await crashed.happened, "the processor was never killed")
            let caughtUp = try await harness.waitForLagZero(ends)
            #expect(caughtUp, "input was lost or not processed after the restart; log:\n\(harness.log.suffix(2_000))")
            // The restarted processor read at least everything the first had not committed.
            let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
            let processed = MetricsScrape(try await OperationsEndToEndTests.get(base + "/metrics").body)
                .value(MetricName.events.rawValue)
            let total = ends.values.reduce(0) { $0 + Int($1) }
            #expect(processed >= Double(total - (await crashed.committedBefore)), "processed \(processed) of \(total)")
            #expect(await crashed.restarted?.stop() == 0)

            // Every malformed record reached the dead-letter topic, possibly twice (at least once).
            let sources = Set(
                try await harness.read(harness.topics.deadLetters).compactMap { letter in
                    letter.headers.first { $0.key == "driftwatch.source" }?.value.map {
                        String(decoding: $0, as: UTF8.self)
                    }
                })
            #expect(sources.count == scenario.malformedRecords)
            // Alerts may be re-sent after the crash, but what was published is what a replay of the same traffic
            // publishes: no window shifted by a lost or doubly counted event.
            let alerts = try await harness.events(harness.topics.alerts)
            Self.expectInjectionsCaughtAndNothingElse(alerts, scenario: scenario)
            let replayed = Self.episodes(try harness.replayAlerts())
            #expect(Self.episodes(alerts) == replayed)
            // A processor that committed before processing would lose what it had read but not processed when it was
            // killed; a replay without those records stands in for it, and the comparison must tell.
            #expect(Self.episodes(try harness.replayAlerts(excluding: 30_000..<35_000)) != replayed)
            #expect(await harness.broker.stop() == 0)
        }

        /// The zero-false-alarm check fails on an alert planted before its injection, after its revert, or of a kind
        /// the scenario does not excuse, and passes on the scenario's own alerts.
        @Test func plantedFalseAlarmsFailTheCheck() {
            let scenario = DemoScenario(eventsPerModel: 30_000)
            func alert(
                _ model: String, _ kind: String, _ feature: String? = nil, atEvent event: Int, status: String = "firing"
            )
                -> [String: Any]
            {
                var alert: [String: Any] = [
                    "model": model, "kind": kind, "status": status, "severity": "critical",
                    "window_end": scenario.time(ofEvent: event, model: model),
                ]
                alert["feature"] = feature
                return alert
            }
            // Each injection caught one window after it started; the reverted one resolved two windows after its end.
            let caught = scenario.injections.flatMap { injection in
                [
                    alert(
                        injection.model, injection.kind, injection.feature,
                        atEvent: injection.atEvent + scenario.windowEvents)
                ]
                    + (injection.endsAtEvent.map {
                        [
                            alert(
                                injection.model, injection.kind, injection.feature,
                                atEvent: $0 + 2 * scenario.windowEvents,
                                status: "resolved")
                        ]
                    } ?? [])
            }
            Self.expectInjectionsCaughtAndNothingElse(caught, scenario: scenario)
            let fraud = scenario.injections[0]
            let eta = scenario.injections[2]
            let planted = [
                alert("fraud", "data_drift", "amount", atEvent: fraud.atEvent - scenario.windowEvents),
                alert("fraud", "data_drift", "amount", atEvent: (fraud.endsAtEvent ?? 0) + 4 * scenario.windowEvents),
                alert("churn", "performance", atEvent: scenario.eventsPerModel - 1),
                alert("eta", "label_drift", atEvent: eta.atEvent - scenario.windowEvents),
                alert("eta", "prediction_drift", atEvent: eta.atEvent + scenario.windowEvents),
            ]
            for falseAlarm in planted {
                withKnownIssue("a planted false alarm: \(falseAlarm)") {
                    Self.expectInjectionsCaughtAndNothingElse(caught + [falseAlarm], scenario: scenario)
                }
            }
            #expect(
                Self.isExpected(
                    alert("eta", "label_drift", atEvent: eta.atEvent + scenario.windowEvents), scenario: scenario))
        }
    }
}

/// Remembers the one crash of a test, the processor started after it, and the input committed before it.
private actor Crash {
    private(set) var happened = false
    private(set) var restarted: DriftwatchProcess?
    private(set) var committedBefore = 0

    func happenOnce() -> Bool {
        defer { happened = true }
        return !happened
    }

    func restart(_ process: DriftwatchProcess, committed: Int) {
        restarted = process
        committedBefore = committed
    }
}
