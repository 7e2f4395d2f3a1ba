import DriftDetection
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

extension EndToEnd {
    /// `driftwatch run` over a dev broker against what production throws at it: a hundred thousand mutated and
    /// oversized records, the broker failing requests, going away and answering slowly, and a crash loop.
    @Suite("Mutations, broker faults and crash loops", .serialized, .timeLimit(.minutes(8)))
    struct FaultEndToEndTests {
        static let scenario = DurableStateEndToEndTests.scenario
        static let json = ["--log-format", "json"]

        /// Every record, valid, mutated or oversized, is either processed or in the dead-letter topic with its
        /// reason; the process stays healthy, logs no error, and still catches the drifts of the valid traffic.
        @Test func everyMutatedRecordIsProcessedOrDeadLettered() async throws {
            let harness = try await ProcessorHarness(
                scenario: Self.scenario, sections: "limits: {max_message_bytes: 65536}", deadLetterPartitions: 32)
            defer { harness.removeFiles() }
            let processor = try DriftwatchProcess(
                config: harness.config, logFile: harness.logFile, arguments: Self.json)
            var mutator = RecordMutator(seed: 18, oversizedBytes: 70_000)
            var messages: [KafkaProducerMessage] = []
            for (index, record) in harness.records().enumerated() {
                let topic = record.stream == .predictions ? harness.topics.predictions : harness.topics.outcomes
                messages.append(
                    KafkaProducerMessage(
                        topic: topic, key: Array(record.key.utf8), value: record.value,
                        timestampMilliseconds: record.eventTime))
                if index % 8 != 0 { messages.append(mutator.mutate(record, topic: topic, index: index)) }
            }
            #expect(messages.count >= 100_000)
            let ends = try await harness.produce(messages: messages, backlog: 10_000)
            #expect(
                try await harness.waitForLagZero(ends, timeout: .seconds(180)),
                "the input was not committed; log:\n\(harness.log.suffix(2_000))")

            let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
            #expect(try await OperationsEndToEndTests.get(base + "/healthz").status == 200)
            let metrics = MetricsScrape(try await OperationsEndToEndTests.get(base + "/metrics").body)
            let events = MetricName.events.rawValue
            let rejected = metrics.value(events, ["result": "rejected"])
            #expect(metrics.value(events, ["result": "accepted"]) + rejected == Double(messages.count))
            #expect(metrics.value(MetricName.limitHits.rawValue, ["limit": "max_versions_per_model"]) > 0)
            #expect(metrics.value(MetricName.limitHits.rawValue, ["limit": "max_message_bytes"]) > 0)
            #expect(metrics.value(MetricName.limitHits.rawValue, ["limit": "max_string_bytes"]) > 0)

            let deadLetters = try await harness.read(harness.topics.deadLetters, partitions: 32, timeout: .seconds(120))
            let sources = Set(deadLetters.compactMap { $0.headers.first { $0.key == "driftwatch.source" }?.value })
            #expect(Double(sources.count) == rejected, "each rejected record is dead-lettered once")
            #expect(
                deadLetters.allSatisfy { letter in
                    letter.headers.contains { $0.key == "driftwatch.error" && $0.value?.isEmpty == false }
                }, "every dead letter says why")

            let alerts = try await harness.events(harness.topics.alerts)
            Self.expectInjectionsCaught(alerts, "among the mutants")
            #expect(await processor.stop() == 0)
            Self.expectNoErrorLines(harness.log)
            #expect(await harness.broker.stop() == 0)
        }

        /// Failing Produce, Fetch, OffsetCommit, JoinGroup and FindCoordinator requests, a broker down for 10 s and
        /// for longer than `message.timeout.ms`, and slow responses, one after the other over one stream: readiness
        /// follows the outage, and in the end every input offset is committed and the alerts are exactly those of a
        /// replay of the same traffic, each id naming one event.
        @Test func brokerFaultsLoseNothing() async throws {
            let harness = try await ProcessorHarness(
                scenario: Self.scenario, kafkaProperties: ["message.timeout.ms": "6000"],
                sections: #"http: {listen: "127.0.0.1:0", stall_timeout: 2s}"#)
            defer { harness.removeFiles() }
            let broker = try #require(harness.broker as? DevBrokerProcess)
            let runs = Runs(harness: harness)
            try await runs.start()
            let records = harness.records()
            let phase = records.count / 8
            var ends: [KafkaTopicPartition: Int64] = [:]
            var produced = 0
            func produce(_ count: Int) async throws {
                let more = try await harness.produce(
                    Array(records[produced..<min(produced + count, records.count)]), alreadyCommitted: 0)
                ends.merge(more) { max($0, $1) }
                produced = min(produced + count, records.count)
            }
            func fail(_ api: String, _ error: String, times: Int) async throws {
                let errors = Array(repeating: error, count: times).joined(separator: " ")
                #expect(try await broker.control("fail \(api) \(errors)") == "ok")
            }

            try await produce(phase)
            try await fail("Produce", "NOT_LEADER_FOR_PARTITION", times: 30)
            try await fail("Fetch", "NOT_LEADER_FOR_PARTITION", times: 30)
            try await produce(phase)
            try await fail("OffsetCommit", "COORDINATOR_NOT_AVAILABLE", times: 20)
            try await produce(phase)
            // A restart joins the group again, through failing FindCoordinator and JoinGroup requests.
            #expect(await runs.stop() == 0)
            try await fail("FindCoordinator", "COORDINATOR_NOT_AVAILABLE", times: 10)
            try await fail("JoinGroup", "COORDINATOR_LOAD_IN_PROGRESS", times: 10)
            try await runs.start()
            try await produce(phase)

            // Down for 10 s: not ready while it lasts, ready again after, without a restart.
            #expect(try await broker.control("down 1") == "ok")
            let base = try await runs.address()
            #expect(
                try await eventually(timeout: .seconds(10)) {
                    try await OperationsEndToEndTests.get(base + "/readyz").status == 503
                }, "readiness did not follow the outage; log:\n\(harness.log.suffix(2_000))")
            try await Task.sleep(for: .seconds(10))
            #expect(try await broker.control("up 1") == "ok")
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    try await OperationsEndToEndTests.get(base + "/readyz").status == 200
                }, "not ready again after the outage; log:\n\(harness.log.suffix(2_000))")
            try await produce(phase)

            // Down for longer than message.timeout.ms (6 s) while outputs are in flight: the processor either waits
            // it out or stops with status 1 and a clear error; restarted, it resumes where its state left off.
            try await produce(phase)
            #expect(try await broker.control("down 1") == "ok")
            try await Task.sleep(for: .seconds(12))
            #expect(try await broker.control("up 1") == "ok")
            let recovery = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < recovery {
                if try await runs.restartIfStopped() { break }
                if try await harness.waitForLagZero(ends, timeout: .seconds(1)) { break }
            }

            // Slow responses.
            #expect(try await broker.control("rtt 1 300") == "ok")
            try await produce(phase)
            #expect(try await broker.control("rtt 1 0") == "ok")
            try await produce(records.count)

            #expect(
                try await harness.waitForLagZero(ends, timeout: .seconds(180)),
                "the input was not committed; log:\n\(harness.log.suffix(3_000))")
            #expect(await runs.stop() == 0)
            try await Self.expectWhatAnUninterruptedRunPublishes(harness)
        }

        /// Twenty SIGKILLs at random points of one run, each followed by a restart: every input offset ends
        /// committed, and the alerts are exactly those of a replay of the same traffic (an uninterrupted run
        /// publishes those), each id naming one event.
        @Test func twentyKillsPublishWhatAnUninterruptedRunDoes() async throws {
            // A killed member leaves the group when its session times out: 3 s, so that twenty restarts are quick.
            let harness = try await ProcessorHarness(
                scenario: Self.scenario,
                kafkaProperties: ["session.timeout.ms": "3000", "heartbeat.interval.ms": "500"],
                partitions: 4)
            defer { harness.removeFiles() }
            let runs = Runs(harness: harness)
            try await runs.start()
            let total = harness.records().count
            // Kill points: committed record counts, spread at random over the run.
            var random = SplitMix64(seed: 20)
            let points = (0..<20).map { _ in Int.random(in: 1_000..<(total - 1_000), using: &random) }.sorted()
            let killer = Task {
                for point in points {
                    while try await harness.committedTotal() < point {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0..<500)))
                    #expect(await runs.kill() == SIGKILL)
                    try await runs.start()
                }
            }
            let ends = try await harness.produceAll(backlog: 6_000)
            try await killer.value
            #expect(
                try await harness.waitForLagZero(ends, timeout: .seconds(180)),
                "the input was not committed; log:\n\(harness.log.suffix(3_000))")
            #expect(await runs.kills == 20)
            #expect(await runs.stop() == 0)
            try await Self.expectWhatAnUninterruptedRunPublishes(harness)
        }

        /// The most resident memory `driftwatch run` may take with the test's configuration (README, "Memory"):
        /// librdkafka's prefetch and fetch buffers, one batch of records in flight with its dead letters, and the
        /// engine's state within its limits.
        static let memoryBound = 512 << 20
        /// Overridden by `make bench`, which runs this scenario with the release binary (`DRIFTWATCH_BINARY`).
        static var memoryReport: String? { ProcessInfo.processInfo.environment["DRIFTWATCH_MEMORY_REPORT"] }

        /// A flood that outruns the broker's retention, then hostile records, then a broker outage, then ordinary
        /// traffic: the lost records are alerted, every input offset ends committed, the drifts after it are caught,
        /// and the process's peak resident memory stays under ``memoryBound``.
        @Test func floodHostileRecordsAndAnOutageStayWithinTheMemoryBound() async throws {
            let harness = try await ProcessorHarness(
                scenario: Self.scenario, partitions: 4, deadLetterPartitions: 16)
            defer { harness.removeFiles() }
            let broker = try #require(harness.broker as? DevBrokerProcess)
            let processor = try DriftwatchProcess(
                config: harness.config, logFile: harness.logFile, arguments: Self.json)
            let first = KafkaProducerMessage(
                topic: harness.topics.predictions, partition: 0, key: Array("flood".utf8), value: Array("{}".utf8))
            var ends = try await harness.produce(messages: [first])
            #expect(try await harness.waitForLagZero(ends), "log:\n\(harness.log.suffix(2_000))")

            // Then the flood: 40 records of 600 KB and 20,000 small ones to one partition, faster than they are read,
            // so that the broker drops the oldest unread ones.
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 600_000)
            let flood =
                (0..<40).map { index in
                    KafkaProducerMessage(
                        topic: harness.topics.predictions, partition: 0, key: Array("flood".utf8),
                        value: Array(#"{"id":"big-\#(index)","pad":""#.utf8) + big + Array(#""}"#.utf8))
                }
                + (0..<20_000).map { index in
                    KafkaProducerMessage(
                        topic: harness.topics.predictions, partition: 0, key: Array("flood".utf8),
                        value: Array(#"{"id":"small-\#(index)","model":"fraud"}"#.utf8))
                }
            ends.merge(try await harness.produce(messages: flood, backlog: .max)) { max($0, $1) }

            // Hostile records, then an outage of 10 s.
            let records = harness.records()
            var mutator = RecordMutator(seed: 21, oversizedBytes: 70_000)
            let mutants = records.prefix(30_000).enumerated().map { index, record in
                mutator.mutate(
                    record, topic: record.stream == .predictions ? harness.topics.predictions : harness.topics.outcomes,
                    index: index)
            }
            ends.merge(try await harness.produce(messages: mutants, backlog: 8_000)) { max($0, $1) }
            #expect(try await broker.control("down 1") == "ok")
            try await Task.sleep(for: .seconds(10))
            #expect(try await broker.control("up 1") == "ok")

            // Ordinary traffic with its drifts.
            ends.merge(try await harness.produce(records, backlog: 8_000)) { max($0, $1) }
            #expect(
                try await harness.waitForLagZero(ends, timeout: .seconds(180)),
                "the input was not committed; log:\n\(harness.log.suffix(3_000))")
            let peak = try #require(processor.peakResidentBytes)
            let line = "peak resident memory \(peak >> 20) MiB (bound \(Self.memoryBound >> 20) MiB)"
            if let report = Self.memoryReport {
                try (line + "\n").write(toFile: report, atomically: true, encoding: .utf8)
            }
            #expect(peak <= Self.memoryBound, "\(line)")

            let alerts = try await harness.events(harness.topics.alerts)
            #expect(
                alerts.contains {
                    $0["detector"] as? String == "lost_records" && $0["status"] as? String == "firing"
                        && $0["feature"] as? String == "\(harness.topics.predictions)/0"
                }, "the records lost to retention were not alerted; log:\n\(harness.log.suffix(3_000))")
            Self.expectInjectionsCaught(alerts, "after the flood, the hostile records and the outage")
            #expect(await processor.stop() == 0)
            #expect(await harness.broker.stop() == 0)
        }

        /// Each injected drift of the scenario fired after it started (other alerts may have fired too).
        static func expectInjectionsCaught(_ alerts: [[String: Any]], _ circumstances: String) {
            for injection in scenario.injections {
                let start = scenario.time(ofEvent: injection.atEvent, model: injection.model)
                #expect(
                    alerts.contains {
                        $0["status"] as? String == "firing" && $0["model"] as? String == injection.model
                            && $0["kind"] as? String == injection.kind && $0["feature"] as? String == injection.feature
                            && ($0["window_end"] as? Int64 ?? 0) >= start
                    }, "\(injection) was not caught \(circumstances)")
            }
        }

        /// The alerts are exactly those of a replay of the same traffic (what an uninterrupted run publishes), each
        /// id naming one event, and each malformed record is dead-lettered once; then the broker stops.
        static func expectWhatAnUninterruptedRunPublishes(_ harness: ProcessorHarness) async throws {
            let published = try await harness.read(harness.topics.alerts)
            try DurableStateEndToEndTests.expectIdsNameOneEvent(published)
            #expect(
                try DurableStateEndToEndTests.identities(published) == Self.identities(try harness.replayAlerts()),
                "the alerts differ from an uninterrupted run's")
            let deadLetters = try await harness.read(harness.topics.deadLetters)
            #expect(
                Set(deadLetters.compactMap { $0.headers.first { $0.key == "driftwatch.source" }?.value }).count
                    == Self.scenario.malformedRecords)
            #expect(await harness.broker.stop() == 0)
        }

        /// A replay's alerts as ``DurableStateEndToEndTests/identities(_:)`` names published ones.
        static func identities(_ alerts: [[String: Any]]) -> Set<String> {
            Set(alerts.map { "\($0["event_id"] ?? "")#\($0["dedup_key"] ?? "")#\($0["status"] ?? "")" })
        }

        /// The error-level lines of a JSON log.
        static func errorLines(_ log: String) -> [Substring] {
            log.split(separator: "\n").filter { line in
                let level = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["level"]
                return ["error", "critical"].contains(level as? String)
            }
        }

        /// Fails for every error-level line of a JSON log: with hostile input alone, none is warranted.
        static func expectNoErrorLines(_ log: String) {
            let errors = errorLines(log)
            #expect(errors.isEmpty, "error lines: \(errors.prefix(5))")
        }
    }
}

/// The processor of a test across its restarts, each run logging to the harness's log file.
private actor Runs {
    private let harness: ProcessorHarness
    private var current: DriftwatchProcess?
    /// How many runs were killed.
    private(set) var kills = 0

    init(harness: ProcessorHarness) {
        self.harness = harness
    }

    /// Starts a run, its log alone in the log file (the previous ones' end up in the test's failure messages no
    /// more), so that its listening address is read.
    func start() throws {
        try Data().write(to: harness.logFile)
        current = try DriftwatchProcess(
            config: harness.config, logFile: harness.logFile, arguments: EndToEnd.FaultEndToEndTests.json)
    }

    /// The current run's HTTP address.
    func address() async throws -> String {
        try await EndToEnd.OperationsEndToEndTests.listeningAddress(in: harness)
    }

    /// Kills the current run outright.
    func kill() async -> Int32 {
        kills += 1
        defer { current = nil }
        return await current?.stop(signal: SIGKILL) ?? -1
    }

    /// Stops the current run gracefully; its exit status.
    func stop() async -> Int32 {
        defer { current = nil }
        return await current?.stop() ?? -1
    }

    /// Starts a run again if the current one stopped on its own, which it may only do with status 1 and an
    /// error line saying why; whether it did.
    func restartIfStopped() async throws -> Bool {
        guard let current, !current.isRunning else { return false }
        #expect(await current.stop() == 1)
        #expect(
            !EndToEnd.FaultEndToEndTests.errorLines(harness.log).isEmpty,
            "stopped without saying why:\n\(harness.log.suffix(2_000))")
        try start()
        return true
    }
}
