import DriftEngine
import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Logging
import WireFormat

/// A broker (a dev broker unless a test brings another), unique topics, a configuration for the demo's three
/// models, and helpers to feed the processor and read what it published.
final class ProcessorHarness: Sendable {
    let broker: any TestBroker
    let scenario: DemoScenario
    let topics: EngineRecordProcessor.Topics
    let group: String
    let config: URL
    let logFile: URL
    /// The input topics' partition count.
    let partitions: Int
    /// The models of the traffic: the demo's, and their replicas.
    let models: [String]
    /// Where the configuration, logs and other files of the test live.
    let directory: URL
    private let settings: KafkaClientSettings
    private let logger: Logger = {
        var logger = Logger(label: "driftwatch.tests.end-to-end")
        logger.logLevel = .error
        return logger
    }()

    /// - Parameters:
    ///   - kafkaProperties: further librdkafka properties for the processor (`kafka.properties`).
    ///   - sections: further top-level sections of the configuration (`http`, `sinks`). Without an `http` section
    ///     the processor listens on a free port, so that suites running side by side do not collide.
    ///   - partitions: how many partitions the input and state topics have.
    ///   - replicas: how many copies of each of the demo's models the traffic has (`fraud`, `fraud-2`, …), each
    ///     with the same events under its own name.
    ///   - broker: the broker to run over; a new dev broker when `nil`.
    ///   - deadLetterPartitions: how many partitions the dead-letter topic has (dead letters are keyed by their
    ///     record's key), so that many fit within a dev broker's 5 MiB per partition.
    ///   - modelSettings: per model, fields of its configuration entry (`retrain`, `warmup`, …) that replace the
    ///     harness's or are added to them.
    init(
        scenario: DemoScenario, kafkaProperties: [String: String] = [:], sections: String = "", partitions: Int = 8,
        replicas: Int = 1, broker: (any TestBroker)? = nil, deadLetterPartitions: Int = 1,
        modelSettings: (_ model: String) -> [String: String] = { _ in [:] }
    ) async throws {
        if let broker {
            self.broker = broker
        } else {
            self.broker = try await DevBrokerProcess()
        }
        self.scenario = scenario
        self.partitions = partitions
        models = TrafficGenerator.models.flatMap { model in
            (1...replicas).map { $0 == 1 ? model : "\(model)-\($0)" }
        }
        topics = EngineRecordProcessor.Topics(
            predictions: try await self.broker.createTopic(prefix: "predictions", partitions: partitions),
            outcomes: try await self.broker.createTopic(prefix: "outcomes", partitions: partitions),
            alerts: try await self.broker.createTopic(prefix: "alerts", partitions: 1),
            retrain: try await self.broker.createTopic(prefix: "retrain", partitions: 1),
            deadLetters: try await self.broker.createTopic(prefix: "dlq", partitions: deadLetterPartitions),
            state: try await self.broker.createTopic(prefix: "state", partitions: partitions)
        )
        group = "processor-\(UUID().uuidString.prefix(8))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        config = directory.appendingPathComponent("driftwatch.yaml")
        logFile = directory.appendingPathComponent("driftwatch.log")
        settings = KafkaClientSettings(bootstrapServers: [self.broker.bootstrapServers])
        let properties = kafkaProperties.merging(["session.timeout.ms": "6000"]) { mine, _ in mine }
        try configuration(properties: properties, sections: sections, modelSettings: modelSettings).write(
            to: config, atomically: true, encoding: .utf8)
    }

    /// The demo's monitors and policies as a configuration file.
    private func configuration(
        properties: [String: String], sections: String, modelSettings: (String) -> [String: String]
    ) -> String {
        let models = models.map { model in
            let fields: KeyValuePairs<String, String> = [
                "task": model.hasPrefix("eta") ? "regression" : "classification",
                "warmup": "\(scenario.warmupEvents)", "window": "{events: \(scenario.windowEvents)}",
                "concept": model.hasPrefix("eta") ? "{detector: adwin}" : "{detector: ddm, params: {warm_start: 1000}}",
                "alerts": "{consecutive: 2, cooldown: 10m, resolve_after: 2}",
                "retrain": "{mode: automatic, on: [concept_drift, critical], min_interval: 1h}",
            ]
            let overrides = modelSettings(model)
            let lines =
                fields.map { "    \($0.key): \(overrides[$0.key] ?? $0.value)" }
                + overrides.filter { key, _ in !fields.contains { $0.key == key } }.sorted { $0.key < $1.key }
                .map { "    \($0.key): \($0.value)" }
            return (["  - name: \(model)"] + lines).joined(separator: "\n")
        }
        return """
            kafka:
              brokers: "\(broker.bootstrapServers)"
              group_id: \(group)
              topics: {predictions: \(topics.predictions), outcomes: \(topics.outcomes), alerts: \(topics.alerts),
                       retrain: \(topics.retrain), dlq: \(topics.deadLetters), state: \(topics.state)}
              properties: {\(properties.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", "))}
            models:
            \(models.joined(separator: "\n"))
            join: {ttl: 1h, max_pending: 100000}
            state: {snapshot_events: 20000, snapshot_interval: 1s}
            \(sections.contains("http:") ? "" : "http: {listen: \"127.0.0.1:0\"}")
            \(sections)
            """
    }

    /// Produces every record of the scenario, keeping the processor's committed offsets within `backlog` records
    /// so that the mock cluster's 5 MiB per partition never drops unread data.
    ///
    /// - Returns: the end offset of every input partition written to.
    func produceAll(backlog: Int = 12_000, onProgress: @Sendable (Int) async throws -> Void = { _ in })
        async throws -> [KafkaTopicPartition: Int64]
    {
        try await produce(records(), backlog: backlog, onProgress: onProgress)
    }

    /// The scenario's records, in the order the generator interleaves them; each record of a model is followed by
    /// its replicas'.
    func records() -> [TrafficGenerator.Record] {
        var generator = TrafficGenerator(scenario: scenario)
        return generator.all().flatMap { record in
            models.filter { $0 == record.key || $0.hasPrefix(record.key + "-") }.map { name in
                var copy = record
                copy.key = name
                let text = String(decoding: record.value, as: UTF8.self)
                copy.value = Array(
                    text.replacingOccurrences(of: #""model":"\#(record.key)""#, with: #""model":"\#(name)""#)
                        .replacingOccurrences(of: #""model": "\#(record.key)""#, with: #""model": "\#(name)""#).utf8)
                return copy
            }
        }
    }

    /// Produces records in order, in batches of 5,000, keeping the processor's committed offsets within `backlog`
    /// records of what was produced before.
    ///
    /// - Returns: the end offset of every input partition written to.
    func produce(
        _ records: [TrafficGenerator.Record], backlog: Int = 12_000, alreadyCommitted: Int = 0,
        onProgress: @Sendable (Int) async throws -> Void = { _ in }
    ) async throws -> [KafkaTopicPartition: Int64] {
        let messages = records.map { record in
            KafkaProducerMessage(
                topic: record.stream == .predictions ? topics.predictions : topics.outcomes,
                key: Array(record.key.utf8), value: record.value, timestampMilliseconds: record.eventTime
            )
        }
        return try await produce(
            messages: messages, backlog: backlog, alreadyCommitted: alreadyCommitted, onProgress: onProgress)
    }

    /// Produces Kafka records as they are, in batches of 5,000, keeping the processor's committed offsets within
    /// `backlog` records of what was produced before.
    ///
    /// - Returns: the end offset of every input partition written to.
    func produce(
        messages: [KafkaProducerMessage], backlog: Int = 12_000, alreadyCommitted: Int = 0,
        onProgress: @Sendable (Int) async throws -> Void = { _ in }
    ) async throws -> [KafkaTopicPartition: Int64] {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: logger)
        var ends: [KafkaTopicPartition: Int64] = [:]
        for start in stride(from: 0, to: messages.count, by: 5_000) {
            let deadline = ContinuousClock.now + .seconds(120)
            while try await committedTotal() - alreadyCommitted < start - backlog {
                guard ContinuousClock.now < deadline else {
                    throw HarnessError.backlogNotCommitted(produced: start, log: String(log.suffix(2_000)))
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            for result in try await producer.sendBatch(Array(messages[start..<min(start + 5_000, messages.count)])) {
                let report = try result.get()
                ends[report.topicPartition] = max(ends[report.topicPartition] ?? 0, report.offset + 1)
            }
            try await onProgress(start)
        }
        await producer.close()
        return ends
    }

    /// Writes records to the state topic, each to the partition its key names (`<partition>/…`), as driftwatch lays
    /// them out.
    func writeState(_ records: [(key: String, value: [UInt8])]) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: logger)
        for result in try await producer.sendBatch(
            records.map { record in
                KafkaProducerMessage(
                    topic: topics.state, partition: Int32(record.key.prefix { $0 != "/" }), key: Array(record.key.utf8),
                    value: record.value)
            })
        {
            _ = try result.get()
        }
        await producer.close()
    }

    /// The committed offsets of the processor's group, summed over every input partition.
    func committedTotal() async throws -> Int {
        try await committed().values.reduce(0) { $0 + Int($1) }
    }

    /// The committed offsets of the processor's group.
    func committed() async throws -> [KafkaTopicPartition: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: settings, groupID: group), logger: logger
        )
        let inputs = [topics.predictions, topics.outcomes].flatMap { topic in
            (0..<partitions).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        }
        let offsets = try await consumer.committedOffsets(inputs)
        await consumer.close()
        return offsets
    }

    /// Waits until the processor has committed every input record.
    func waitForLagZero(_ ends: [KafkaTopicPartition: Int64], timeout: Duration = .seconds(120)) async throws
        -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let committed = try await committed()
            if ends.allSatisfy({ committed[$0.key] == $0.value }) { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return false
    }

    /// Every record of a topic's first `partitions` partitions (output topics have one), read to the end outside
    /// any group.
    ///
    /// The end is the later of the queried high watermark and the one fetch responses carry, since Tansu answers
    /// the query short of the end. Throws when the end is not reached within `timeout`.
    func read(_ topic: String, partitions: Int = 1, timeout: Duration = .seconds(60)) async throws
        -> [KafkaConsumerMessage]
    {
        var configuration = KafkaConsumerConfiguration(client: settings, groupID: "reader-\(UUID())")
        configuration.client.properties["fetch.wait.max.ms"] = "10"
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        var ends: [KafkaTopicPartition: Int64] = [:]
        var next: [KafkaTopicPartition: Int64] = [:]
        for index in 0..<partitions {
            let partition = KafkaTopicPartition(topic: topic, partition: Int32(index))
            let (low, high) = try await consumer.watermarks(partition)
            next[partition] = low
            ends[partition] = high
        }
        try await consumer.assign(next)
        var records: [KafkaConsumerMessage] = []
        let deadline = ContinuousClock.now + timeout
        while !next.allSatisfy({ partition, offset in
            consumer.fetchedHighWatermark(partition).map { offset >= max($0, ends[partition] ?? 0) } ?? false
        }) {
            guard ContinuousClock.now < deadline else {
                await consumer.close()
                throw HarnessError.readTimedOut(topic: topic, positions: next, log: String(log.suffix(2_000)))
            }
            for event in try await consumer.poll(maxMessages: 10_000, timeout: .milliseconds(100)) {
                guard case .messages(let messages) = event else { continue }
                records += messages
                for message in messages {
                    next[message.topicPartition] = max(next[message.topicPartition] ?? 0, message.offset + 1)
                }
            }
        }
        await consumer.close()
        return records
    }

    /// The `data` object of every CloudEvent on a topic, with `window.end` as `window_end` (milliseconds) and the
    /// event's `id` as `event_id`.
    func events(_ topic: String) async throws -> [[String: Any]] {
        try await read(topic).compactMap { record in
            guard let value = record.value,
                let event = try JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
                var data = event["data"] as? [String: Any]
            else { return nil }
            data["event_id"] = event["id"]
            if let end = (data["window"] as? [String: Any])?["end"] as? String {
                data["window_end"] = RFC3339Time.milliseconds(end)
            }
            return data
        }
    }

    /// The alerts `driftwatch replay` finds in the same traffic, written to JSON-lines files, as the `data` of
    /// each alert CloudEvent.
    ///
    /// - Parameter excluded: indices of the scenario's records (in the generator's order) left out, as a processor
    ///   that lost them would.
    func replayAlerts(excluding excluded: Range<Int> = 0..<0) throws -> [[String: Any]] {
        var generator = TrafficGenerator(scenario: scenario)
        var predictions = Data()
        var outcomes = Data()
        for (index, record) in generator.all().enumerated() where !excluded.contains(index) {
            if record.stream == .predictions {
                predictions.append(contentsOf: record.value + [10])
            } else {
                outcomes.append(contentsOf: record.value + [10])
            }
        }
        let predictionsFile = directory.appendingPathComponent("predictions.jsonl")
        let outcomesFile = directory.appendingPathComponent("outcomes.jsonl")
        try predictions.write(to: predictionsFile)
        try outcomes.write(to: outcomesFile)
        let engine = try DriftwatchConfiguration.load(contentsOf: config.path)
            .makeEngine(instance: ReplayRunner.instance)
        var runner = try ReplayRunner(engine: engine, predictions: predictionsFile.path, outcomes: outcomesFile.path)
        var lines: [[UInt8]] = []
        _ = try runner.run(write: { lines.append($0) }, reject: { _ in })
        return try lines.compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            guard object?["type"] as? String == "io.driftwatch.alert", var data = object?["data"] as? [String: Any]
            else { return nil }
            data["event_id"] = object?["id"]
            return data
        }
    }

    /// The processor's log, for failure messages.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case readTimedOut(topic: String, positions: [KafkaTopicPartition: Int64], log: String)
    case backlogNotCommitted(produced: Int, log: String)

    var description: String {
        switch self {
        case .readTimedOut(let topic, let positions, let log):
            "\(topic) was not read to its end (stopped at \(positions)); processor log:\n\(log)"
        case .backlogNotCommitted(let produced, let log):
            "the processor committed no further input within 120 s after \(produced) records; log:\n\(log)"
        }
    }
}

extension DemoScenario {
    /// The event time at which an injection starts (or ends) in the interleaved stream.
    func time(ofEvent event: Int, model: String) -> Int64 {
        let models = TrafficGenerator.models
        return TrafficGenerator.startTime + Int64(event * models.count + (models.firstIndex(of: model) ?? 0)) * 100
    }
}
