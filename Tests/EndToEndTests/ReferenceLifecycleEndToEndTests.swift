import DriftwatchDemo
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

extension EndToEnd {
    /// A new model version with its own published reference, the old version's retirement, and configuration
    /// reloads on SIGHUP, against `driftwatch run` over a dev broker.
    @Suite("Versions, references and reloads", .serialized, .timeLimit(.minutes(5)))
    struct ReferenceLifecycleEndToEndTests {
        /// Seeded predictions of one model version with a numeric `amount` ~ N(mean, 15), 100 ms apart.
        struct Traffic {
            private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            private var made = 0
            /// Event time of the first prediction: two hours ago, within the lead the processor allows.
            let start = Int64(Date().timeIntervalSince1970 * 1000) - 7_200_000

            mutating func predictions(
                _ count: Int, model: String, version: String, mean: Double, topic: String, after gap: Int64 = 0
            ) -> [KafkaProducerMessage] {
                made += Int(gap / 100)
                return (0..<count).map { _ in
                    made += 1
                    let time = start + Int64(made) * 100
                    let amount = mean + 15 * normal()
                    let json =
                        #"{"id":"\#(model)-\#(version)-\#(made)","model":"\#(model)","model_version":"\#(version)","#
                        + #""ts":"\#(RFC3339.string(time))","features":{"amount":\#(amount)},"#
                        + #""prediction":{"label":"legit","score":0.2}}"#
                    return KafkaProducerMessage(
                        topic: topic, partition: 0, key: Array(model.utf8), value: Array(json.utf8))
                }
            }

            /// Approximately standard normal: the sum of twelve uniforms, less six.
            private mutating func normal() -> Double {
                var sum = 0.0
                for _ in 0..<12 {
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    sum += Double(state >> 11) / Double(1 << 53)
                }
                return sum - 6
            }
        }

        enum RFC3339 {
            static func string(_ milliseconds: Int64) -> String {
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            }
        }

        /// `fraud` compares each version with its published profile (a warm-up until one arrives) and retires
        /// versions after 10 minutes of event time without traffic; `shop` warms up and alerts at `shopAlert`.
        static func configuration(
            _ harness: ProcessorHarness, profiles: String, shopAlert: String, fraudWindow: Int = 500
        ) -> String {
            let topics = harness.topics
            return """
                kafka:
                  brokers: "\(harness.broker.bootstrapServers)"
                  group_id: \(harness.group)
                  topics: {predictions: \(topics.predictions), outcomes: \(topics.outcomes), alerts: \(topics.alerts),
                           retrain: \(topics.retrain), dlq: \(topics.deadLetters), state: \(topics.state),
                           profiles: \(profiles)}
                  properties: {session.timeout.ms: "6000"}
                models:
                  - name: fraud
                    task: classification
                    reference: topic
                    warmup: 500
                    window: {events: \(fraudWindow)}
                    features: {amount: {type: numeric, test: psi, warn: 0.1, alert: 0.25}}
                    alerts: {consecutive: 2, cooldown: 10m, resolve_after: 2}
                    retire_after: 10m
                  - name: shop
                    task: classification
                    warmup: 500
                    window: {events: 500}
                    features: {amount: {type: numeric, test: psi, warn: \(shopAlert), alert: \(shopAlert)}}
                    alerts: {consecutive: 2, cooldown: 10m, resolve_after: 2}
                state: {snapshot_events: 20000, snapshot_interval: 1s}
                http: {listen: "127.0.0.1:0"}
                """
        }

        @Test func aPublishedVersionIsJudgedByItsOwnReferenceAndReloadsKeepState() async throws {
            let harness = try await ProcessorHarness(scenario: DemoScenario(eventsPerModel: 10), partitions: 1)
            defer { harness.removeFiles() }
            let profiles = try await harness.broker.createTopic(prefix: "profiles", partitions: 1)
            try Self.configuration(harness, profiles: profiles, shopAlert: "50").write(
                to: harness.config, atomically: true, encoding: .utf8)
            let processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            var traffic = Traffic()
            let predictions = harness.topics.predictions

            // Version 1 of fraud warms up and drifts (it fires); shop warms up and stays put.
            var batch = traffic.predictions(500, model: "fraud", version: "1", mean: 100, topic: predictions)
            batch += traffic.predictions(1_000, model: "fraud", version: "1", mean: 160, topic: predictions)
            batch += traffic.predictions(1_500, model: "shop", version: "1", mean: 100, topic: predictions)
            #expect(
                try await harness.waitForLagZero(try await harness.produce(messages: batch)),
                "log:\n\(harness.log.suffix(3_000))")

            // A record that is no profile (a mistake, or hostile) is skipped with a warning; the topic is still read.
            _ = try await harness.produce(messages: [
                KafkaProducerMessage(
                    topic: profiles, partition: 0, key: Array("fraud/9".utf8), value: Array("{not a profile".utf8))
            ])

            // Version 2's profile, built from its validation data and published while version 1 runs.
            var validation = Traffic()
            let lines = validation.predictions(2_000, model: "fraud", version: "2", mean: 300, topic: predictions)
                .map { String(decoding: $0.value ?? [], as: UTF8.self) }.joined(separator: "\n")
            let input = harness.directory.appendingPathComponent("validation.jsonl")
            let profile = harness.directory.appendingPathComponent("fraud-2.json")
            try lines.write(to: input, atomically: true, encoding: .utf8)
            let driftwatch = try DevBrokerProcess.driftwatchBinary().path
            let built = try await ChildProcess.run(
                driftwatch, ["profile", "build", "--model", "fraud", "--input", input.path, "-o", profile.path])
            #expect(built.status == 0, "\(built.standardError)")
            let published = try await ChildProcess.run(
                driftwatch,
                [
                    "profile", "publish", "--model", "fraud", "--version", "2", profile.path, "--config",
                    harness.config.path,
                ])
            #expect(published.status == 0, "\(published.standardError)")
            let received = try await eventually {
                harness.log.contains("A published profile is the version's reference")
                    && harness.log.contains("fraud/2")
            }
            #expect(received, "the processor never took the profile; log:\n\(harness.log.suffix(3_000))")
            #expect(harness.log.contains("Skipped a record of the profiles topic"), "\(harness.log.suffix(3_000))")

            // Version 2 arrives 11 minutes of event time later, drifted from its own reference from the first event:
            // a warm-up would have learned the drifted traffic and stayed quiet.
            batch = traffic.predictions(
                1_000, model: "fraud", version: "2", mean: 360, topic: predictions, after: 660_000)
            #expect(
                try await harness.waitForLagZero(try await harness.produce(messages: batch)),
                "log:\n\(harness.log.suffix(3_000))")
            var alerts = try await harness.events(harness.topics.alerts)
            func statuses(_ key: String) -> [String] {
                alerts.filter { $0["dedup_key"] as? String == key }.compactMap { $0["status"] as? String }
            }
            #expect(statuses("fraud/1/data_drift/amount") == ["firing", "resolved"], "\(alerts)")
            let retired = alerts.last { $0["dedup_key"] as? String == "fraud/1/data_drift/amount" }
            #expect(retired?["reason"] as? String == "version retired")
            #expect(statuses("fraud/2/data_drift/amount") == ["firing"], "\(alerts)")

            // SIGHUP with shop's threshold lowered: its windows continue, so two shifted windows fire at once (a
            // restarted monitor would spend the first 500 events warming up).
            try Self.configuration(harness, profiles: profiles, shopAlert: "0.25").write(
                to: harness.config, atomically: true, encoding: .utf8)
            processor.send(SIGHUP)
            let reloaded = try await eventually { harness.log.contains("Reloaded the configuration") }
            #expect(reloaded, "log:\n\(harness.log.suffix(3_000))")
            #expect(harness.log.contains("versions_restarted=0"), "log:\n\(harness.log.suffix(3_000))")
            batch = traffic.predictions(1_000, model: "shop", version: "1", mean: 160, topic: predictions)
            #expect(
                try await harness.waitForLagZero(try await harness.produce(messages: batch, alreadyCommitted: 0)),
                "log:\n\(harness.log.suffix(3_000))")
            alerts = try await harness.events(harness.topics.alerts)
            #expect(statuses("shop/1/data_drift/amount") == ["firing"], "\(alerts)")

            // SIGHUP with a broken file: reported, and the processor runs on with the configuration it has.
            try "models: [{name: shop, task: sorting}]\n".write(to: harness.config, atomically: true, encoding: .utf8)
            processor.send(SIGHUP)
            let refused = try await eventually { harness.log.contains("The reloaded configuration has problems") }
            #expect(refused, "log:\n\(harness.log.suffix(3_000))")
            batch = traffic.predictions(500, model: "shop", version: "1", mean: 160, topic: predictions)
            #expect(
                try await harness.waitForLagZero(try await harness.produce(messages: batch)),
                "log:\n\(harness.log.suffix(3_000))")
            #expect(processor.isRunning)
            #expect(await processor.stop() == 0, "log:\n\(harness.log.suffix(3_000))")

            // A restart with fraud's window changed: version 2's monitors start afresh, so its firing alert resolves.
            try Self.configuration(harness, profiles: profiles, shopAlert: "0.25", fraudWindow: 400).write(
                to: harness.config, atomically: true, encoding: .utf8)
            let restarted = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            let resolvedAtRestore = try await eventually {
                alerts = try await harness.events(harness.topics.alerts)
                return statuses("fraud/2/data_drift/amount") == ["firing", "resolved"]
            }
            #expect(resolvedAtRestore, "\(alerts)")
            let restartResolved = alerts.last { $0["dedup_key"] as? String == "fraud/2/data_drift/amount" }
            #expect(restartResolved?["reason"] as? String == "monitors restarted")
            #expect(statuses("shop/1/data_drift/amount") == ["firing"], "shop's monitors continue")
            #expect(await restarted.stop() == 0, "log:\n\(harness.log.suffix(3_000))")
        }
    }
}
