import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

extension EndToEnd {
    /// `driftwatch run` processes that are killed, restarted and joined by others keep their state through the state
    /// topic: pending joins, warm-up references, alert sequences and firing alerts survive.
    @Suite("Durable state end to end", .serialized, .timeLimit(.minutes(8)))
    struct DurableStateEndToEndTests {
        /// 10,000 predictions per model (50 minutes of event time, within the join's one-hour TTL), windows of 500.
        static let scenario = DemoScenario(eventsPerModel: 10_000, warmupEvents: 2_000, windowEvents: 500)

        /// Every firing alert of an injection, caught after it started.
        static func expectEveryInjectionCaught(_ alerts: [[String: Any]], harness: ProcessorHarness) {
            let firing = alerts.filter { $0["status"] as? String == "firing" }
            for injection in scenario.injections {
                let start = harness.scenario.time(ofEvent: injection.atEvent, model: injection.model)
                let caught = firing.contains {
                    $0["model"] as? String == injection.model && $0["kind"] as? String == injection.kind
                        && $0["feature"] as? String == injection.feature && ($0["window_end"] as? Int64 ?? 0) >= start
                }
                #expect(caught, "\(injection) was not caught")
            }
            let unexpected = firing.filter { !ProcessorEndToEndTests.isExpected($0, scenario: scenario) }
            #expect(unexpected.isEmpty, "false alarms: \(unexpected.map { $0["dedup_key"] ?? "?" })")
        }

        /// An id names one firing or resolution: re-sent events repeat it with the same content, new ones never do.
        static func expectIdsNameOneEvent(_ records: [KafkaConsumerMessage]) throws {
            var seen: [String: String] = [:]
            for record in records {
                let event = try #require(
                    try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any])
                let data = try #require(event["data"] as? [String: Any])
                let id = try #require(event["id"] as? String)
                let identity = "\(data["dedup_key"] ?? "")#\(data["status"] ?? "")#\(data["started_at"] ?? "")"
                #expect(seen[id, default: identity] == identity, "id \(id) names two different events")
                seen[id] = identity
            }
        }

        /// Predictions up to event `end` of each model.
        static func predictions(
            _ records: [TrafficGenerator.Record], before end: Int, from start: Int = 0,
            harness: ProcessorHarness
        ) -> [TrafficGenerator.Record] {
            let from = harness.scenario.time(ofEvent: start, model: TrafficGenerator.models[0])
            let until = harness.scenario.time(ofEvent: end, model: TrafficGenerator.models[0])
            return records.filter { $0.stream == .predictions && $0.eventTime >= from && $0.eventTime < until }
        }

        @Test func killedProcessorsKeepJoinsWarmupsAndAlertSequences() async throws {
            let harness = try await ProcessorHarness(scenario: Self.scenario)
            defer { harness.removeFiles() }
            let records = harness.records()
            var ends: [KafkaTopicPartition: Int64] = [:]
            func produce(_ part: [TrafficGenerator.Record]) async throws {
                ends.merge(try await harness.produce(part, alreadyCommitted: try await harness.committedTotal())) {
                    max($0, $1)
                }
            }

            // Warm-up and clean traffic, every offset committed, then a crash: the references are learnt by now.
            var processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            try await produce(Self.predictions(records, before: 4_000, harness: harness))
            #expect(try await harness.waitForLagZero(ends), "log:\n\(harness.log.suffix(2_000))")
            #expect(await processor.stop(signal: SIGKILL) == SIGKILL)

            // The drift of fraud.amount starts after the restart (at 5,000, reverted at 6,000); kill it again while
            // its alert fires.
            processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            try await produce(Self.predictions(records, before: 6_300, from: 4_000, harness: harness))
            #expect(try await harness.waitForLagZero(ends), "log:\n\(harness.log.suffix(2_000))")
            #expect(await processor.stop(signal: SIGKILL) == SIGKILL)

            // The rest of the predictions, every offset committed, a third crash, and only then every outcome: they
            // join predictions read before the crashes, and reveal the concept drifts of eta and fraud.
            // In JSON, the first of the runs to log so: its listening address is read from the log.
            processor = try DriftwatchProcess(
                config: harness.config, logFile: harness.logFile, arguments: ["--log-format", "json"])
            // Before any new event, the restored alert is on the status page (and re-sent to Alertmanager).
            var page = ""
            let firingShown = try await eventually {
                let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
                page = (try? await OperationsEndToEndTests.get(base + "/").body) ?? ""
                return page.contains("<ul class=\"firing\">") && page.contains("amount")
            }
            #expect(firingShown, "status page after the restart:\n\(page.suffix(2_000))")
            try await produce(
                Self.predictions(records, before: Self.scenario.eventsPerModel + 1, from: 6_300, harness: harness))
            #expect(try await harness.waitForLagZero(ends), "log:\n\(harness.log.suffix(2_000))")
            #expect(await processor.stop(signal: SIGKILL) == SIGKILL)
            processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            try await produce(records.filter { $0.stream == .outcomes })
            #expect(try await harness.waitForLagZero(ends), "log:\n\(harness.log.suffix(2_000))")
            #expect(await processor.stop() == 0)

            let alerts = try await harness.events(harness.topics.alerts)
            Self.expectEveryInjectionCaught(alerts, harness: harness)
            // The warm-up reference learnt before the first crash judges the drift: it fires while the drift lasts.
            let started = harness.scenario.time(ofEvent: 5_000, model: "fraud")
            let reverted = harness.scenario.time(ofEvent: 6_000, model: "fraud")
            #expect(
                alerts.contains {
                    $0["dedup_key"] as? String == "fraud/1/data_drift/amount" && $0["status"] as? String == "firing"
                        && (started...reverted).contains($0["window_end"] as? Int64 ?? 0)
                }, "the drift after the restart fired while it lasted")
            #expect(
                alerts.contains {
                    $0["dedup_key"] as? String == "fraud/1/data_drift/amount" && $0["status"] as? String == "resolved"
                        && ($0["window_end"] as? Int64 ?? 0) >= reverted
                }, "the alert that fired before the crash resolves after it")
            try Self.expectIdsNameOneEvent(try await harness.read(harness.topics.alerts))
            try Self.expectIdsNameOneEvent(try await harness.read(harness.topics.retrain))
            #expect(!harness.log.contains("Discarded unreadable state"))
            #expect(await harness.broker.stop() == 0)
        }

        @Test func unreadableSnapshotsAreLoggedCountedAndWarmedUpAfresh() async throws {
            let harness = try await ProcessorHarness(scenario: Self.scenario)
            defer { harness.removeFiles() }
            let records = harness.records()
            let json = ["--log-format", "json"]
            var processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile, arguments: json)
            let ends = try await harness.produce(Self.predictions(records, before: 3_000, harness: harness))
            #expect(try await harness.waitForLagZero(ends))
            #expect(await processor.stop() == 0)

            // Overwrite two model versions' state: one with bytes that are not JSON, one in a format without a version.
            let keys = Set(
                try await harness.read(harness.topics.state, partitions: harness.partitions).compactMap { record in
                    record.key.map { String(decoding: $0, as: UTF8.self) }
                })
            let fraud = try #require(keys.first { $0.hasSuffix("/v/fraud/1") })
            let churn = try #require(keys.first { $0.hasSuffix("/v/churn/1") })
            try await harness.writeState([
                (fraud, Array("\u{1}corrupt".utf8)), (churn, Array(#"{"monitor": {"model_version": "1"}}"#.utf8)),
            ])

            // The second run's log alone, so that its listening address and its lines are read.
            try Data().write(to: harness.logFile)
            processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile, arguments: json)
            let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
            let more = try await harness.produce(
                Self.predictions(records, before: 4_000, from: 3_000, harness: harness))
            #expect(try await harness.waitForLagZero(ends.merging(more) { max($0, $1) }))
            let metrics = MetricsScrape(try await OperationsEndToEndTests.get(base + "/metrics").body)
            #expect(metrics.value(MetricName.stateRestoreFailures.rawValue) == 2)
            #expect(await processor.stop() == 0, "no crash")
            let discarded = harness.log.split(separator: "\n").filter { $0.contains("Discarded unreadable state") }
            #expect(discarded.count == 2, "\(harness.log.suffix(3_000))")
            #expect(discarded.allSatisfy { $0.contains("error") })
            #expect(discarded.contains { $0.contains("older driftwatch") })
            #expect(await harness.broker.stop() == 0)
        }

        @Test func aGroupThatLosesAndGainsMembersPublishesWhatOneInstanceDoes() async throws {
            // Twelve models over twelve partitions; one instance over the whole traffic, for comparison.
            let single = try await ProcessorHarness(scenario: Self.scenario, partitions: 12, replicas: 4)
            defer { single.removeFiles() }
            let alone = try DriftwatchProcess(config: single.config, logFile: single.logFile)
            #expect(try await single.waitForLagZero(try await single.produceAll()), "log:\n\(single.log.suffix(2_000))")
            #expect(await alone.stop() == 0)
            let expected = try Self.identities(try await single.read(single.topics.alerts))
            #expect(await single.broker.stop() == 0)

            // Three instances in one group; one is killed mid-stream and later a fourth joins.
            let harness = try await ProcessorHarness(scenario: Self.scenario, partitions: 12, replicas: 4)
            defer { harness.removeFiles() }
            // Each member logs to a file of its own: processes appending to one file would overwrite each other.
            @Sendable func member(_ number: Int) throws -> DriftwatchProcess {
                try DriftwatchProcess(
                    config: harness.config, logFile: harness.logFile.appendingPathExtension("\(number)"))
            }
            func logs() -> String {
                (0..<4).map { number in
                    "member \(number):\n"
                        + ((try? String(
                            contentsOf: harness.logFile.appendingPathExtension("\(number)"), encoding: .utf8)) ?? "")
                        .suffix(1_500)
                }.joined(separator: "\n")
            }
            let members = Members(try (0..<3).map(member))
            let events = harness.records().count
            let ends = try await harness.produceAll(backlog: 6_000) { produced in
                if produced == 60_000 {
                    #expect(await members.killFirst() == SIGKILL)
                } else if produced == 120_000 {
                    await members.add(try member(3))
                }
            }
            #expect(events > 120_000)
            #expect(try await harness.waitForLagZero(ends, timeout: .seconds(180)), "\(logs())")
            #expect(await members.stopAll() == [0, 0, 0])
            let records = try await harness.read(harness.topics.alerts)
            try Self.expectIdsNameOneEvent(records)
            #expect(try Self.identities(records) == expected, "the group's alerts differ from one instance's")
            let deadLetters = try await harness.read(harness.topics.deadLetters)
            #expect(
                Set(deadLetters.compactMap { $0.headers.first { $0.key == "driftwatch.source" }?.value }).count
                    == Self.scenario.malformedRecords * 4)
            #expect(await harness.broker.stop() == 0)
        }

        /// The distinct alert events of a topic: id, dedup key and status.
        static func identities(_ records: [KafkaConsumerMessage]) throws -> Set<String> {
            Set(
                try records.map { record in
                    let event = try #require(
                        try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any])
                    let data = try #require(event["data"] as? [String: Any])
                    return "\(event["id"] ?? "")#\(data["dedup_key"] ?? "")#\(data["status"] ?? "")"
                })
        }
    }
}

/// The members of a group of processors, as a test changes it.
private actor Members {
    private var processes: [DriftwatchProcess]

    init(_ processes: [DriftwatchProcess]) {
        self.processes = processes
    }

    func killFirst() async -> Int32 {
        await processes.removeFirst().stop(signal: SIGKILL)
    }

    func add(_ process: DriftwatchProcess) {
        processes.append(process)
    }

    /// Stops every member gracefully; their exit statuses.
    func stopAll() async -> [Int32] {
        var statuses: [Int32] = []
        for process in processes { statuses.append(await process.stop()) }
        return statuses
    }
}
