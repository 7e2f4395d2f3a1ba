import DriftEngine
import Foundation
import Kafka
import Logging

/// Writes the engine's checkpoints to the state topic and restores a partition's state from it (the layout and its
/// reasons are in ARCHITECTURE.md, "Durable state").
///
/// Input partition `P` keeps its state in partition `P mod N` of the state topic (N = its partition count), under
/// keys prefixed `P/`, so the state topic may have fewer partitions than the input topics. A checkpoint writes the
/// records the engine hands over, each with header `driftwatch.generation`, then the marker `P/checkpoint` with the
/// generation and the input positions, and waits until the broker acknowledged every one of them.
package struct StateChangelog: Sendable {
    /// What a restore found.
    package struct Restored: Sendable {
        /// The latest value of each key of the last complete checkpoint.
        package var records: [String: [UInt8]]
        /// Where that checkpoint's input left off; `nil` when the partition has no checkpoint.
        package var positions: InputPositions?
        /// Records that could not be read (markers here; the engine reports its own).
        package var failures: [StateRestoreFailure]
        /// Records and bytes read from the state topic.
        package var recordCount: Int
        package var byteCount: Int
    }

    static let generationHeader = "driftwatch.generation"

    private let topic: String
    /// Finds (or creates) the state topic and returns its partition count.
    private let resolvePartitions: @Sendable () async throws(KafkaError) -> Int32
    private var statePartitions: Int32 = 0
    private let producer: KafkaProducer
    private let reader: KafkaConsumer
    private let instance: String
    private let logger: Logger
    /// The generation of each input partition's latest checkpoint.
    private var generations: [Int32: UInt64] = [:]
    /// Keys of cut-short checkpoints to write again, per input partition, before its next checkpoint.
    private var rewrites: [Int32: [String: [UInt8]?]] = [:]

    /// - Parameters:
    ///   - topic: the state topic.
    ///   - resolvePartitions: finds or creates the state topic and returns its partition count; called by
    ///     ``prepare()``.
    ///   - producer: writes checkpoints (the pipeline's producer).
    ///   - reader: a consumer outside the group that reads the state topic when restoring.
    package init(
        topic: String, resolvePartitions: @escaping @Sendable () async throws(KafkaError) -> Int32,
        producer: KafkaProducer, reader: KafkaConsumer, instance: String, logger: Logger
    ) {
        self.topic = topic
        self.resolvePartitions = resolvePartitions
        self.producer = producer
        self.reader = reader
        self.instance = instance
        self.logger = logger
    }

    /// Finds the state topic (creating it where it is missing and the cluster allows); call once before the
    /// first restore or write.
    ///
    /// - Throws: `KafkaError` saying how to create the topic when it is missing and cannot be created.
    package mutating func prepare() async throws(KafkaError) {
        let partitions = try await resolvePartitions()
        guard partitions > 0 else {
            throw KafkaError(code: .request, message: "The state topic '\(topic)' has no partitions.")
        }
        statePartitions = partitions
    }

    private func statePartition(of partition: Int32) -> KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition % statePartitions)
    }

    /// Whether a partition has keys of a cut-short checkpoint to write again.
    package func needsRewrite(_ partition: Int32) -> Bool { rewrites[partition] != nil }

    /// Writes a checkpoint of an input partition and waits until the broker acknowledged all of it.
    ///
    /// - Returns: the bytes written.
    /// - Throws: `KafkaError` when a record could not be written; the checkpoint then does not count and the
    ///   offsets it covers must not be committed.
    @discardableResult
    package mutating func write(_ checkpoint: PartitionCheckpoint, partition: Int32) async throws(KafkaError) -> Int {
        try await write([partition: checkpoint])[partition] ?? 0
    }

    /// Writes checkpoints of several input partitions as one batch and waits until the broker acknowledged all of
    /// it: one round trip for all, where a partition after another would wait for one each.
    ///
    /// - Returns: the bytes written per input partition.
    /// - Throws: `KafkaError` when a record could not be written; the checkpoints of the partitions whose records
    ///   were all acknowledged count, the others do not, and the offsets of none may be committed.
    @discardableResult
    package mutating func write(_ checkpoints: [Int32: PartitionCheckpoint]) async throws(KafkaError) -> [Int32: Int] {
        var messages: [KafkaProducerMessage] = []
        var written: [(partition: Int32, generation: UInt64, range: Range<Int>)] = []
        for (partition, checkpoint) in checkpoints.sorted(by: { $0.key < $1.key }) {
            let generation = (generations[partition] ?? 0) + 1
            let start = messages.count
            messages += self.messages(of: checkpoint, partition: partition, generation: generation)
            written.append((partition, generation, start..<messages.count))
        }
        guard !messages.isEmpty else { return [:] }
        let results = try await producer.sendBatch(messages)
        var firstFailure: KafkaError?
        var bytes: [Int32: Int] = [:]
        for (partition, generation, range) in written {
            let failure = results[range].lazy.compactMap { result -> KafkaError? in
                if case .failure(let error) = result { return error }
                return nil
            }.first
            if let failure {
                firstFailure = firstFailure ?? failure
                continue
            }
            generations[partition] = generation
            rewrites[partition] = nil
            bytes[partition] = messages[range].reduce(0) { $0 + ($1.key?.count ?? 0) + ($1.value?.count ?? 0) }
        }
        if let firstFailure { throw firstFailure }
        return bytes
    }

    /// The records of a checkpoint (and the keys of a cut-short one to write again), then its marker.
    private func messages(of checkpoint: PartitionCheckpoint, partition: Int32, generation: UInt64)
        -> [KafkaProducerMessage]
    {
        let target = statePartition(of: partition)
        let header = [KafkaHeader(key: Self.generationHeader, value: Array(String(generation).utf8))]
        let prefix = "\(partition)/"
        var records = (rewrites[partition] ?? [:]).sorted { $0.key < $1.key }.map {
            StateRecord(key: $0.key, value: $0.value)
        }
        records += checkpoint.records
        var messages = records.map { record in
            KafkaProducerMessage(
                topic: target.topic, partition: target.partition, key: Array((prefix + record.key).utf8),
                value: record.value, headers: header)
        }
        let marker = ChangelogRestore.Marker(
            formatVersion: ChangelogRestore.Marker.formatVersion, generation: generation,
            positions: checkpoint.positions, instance: instance)
        messages.append(
            KafkaProducerMessage(
                topic: target.topic, partition: target.partition, key: Array((prefix + "checkpoint").utf8),
                value: Array((try? JSONEncoder().encode(marker)) ?? Data()), headers: header))
        return messages
    }

    /// Reads an input partition's records from the state topic and rebuilds its last complete checkpoint.
    ///
    /// - Throws: `KafkaError` when the state topic cannot be read to its end within `timeout`.
    package mutating func restore(partition: Int32, timeout: Duration = .seconds(300)) async throws(KafkaError)
        -> Restored
    {
        let source = statePartition(of: partition)
        var (low, high) = try await reader.watermarks(source)
        var restore = ChangelogRestore(partition: partition)
        if high > low {
            try await reader.assign([source: low])
            let deadline = ContinuousClock.now + timeout
            var next = low
            while next < high {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(
                        code: .request,
                        message: "Could not read \(source) to its end (offset \(high)) within \(timeout); check "
                            + "that the brokers are reachable and the state topic is readable.")
                }
                for event in try await reader.poll(maxMessages: 10_000, timeout: .milliseconds(200)) {
                    guard case .messages(let messages) = event else { continue }
                    // The end is the later of the queried one and the fetch responses': brokers that answer
                    // ListOffsets short of the end would otherwise cut off the latest checkpoint.
                    high = max(high, reader.fetchedHighWatermark(source) ?? high)
                    for message in messages where message.offset < high {
                        next = max(next, message.offset + 1)
                        restore.read(
                            key: message.key.map { String(decoding: $0, as: UTF8.self) } ?? "",
                            value: message.value, generation: Self.generation(of: message))
                    }
                }
            }
            try await reader.assign([:])
        }
        generations[partition] = restore.highestGeneration
        let rewrite = restore.rewrites
        rewrites[partition] = rewrite.isEmpty ? nil : rewrite
        if !rewrite.isEmpty {
            logger.warning(
                "State of a checkpoint that was cut short is left out and will be rewritten",
                metadata: [LogKey.partition: "\(partition)", LogKey.records: "\(rewrite.count)"])
        }
        return Restored(
            records: restore.restoredRecords, positions: restore.marker?.positions, failures: restore.failures,
            recordCount: restore.recordCount, byteCount: restore.byteCount)
    }

    /// Forgets what it knew of partitions the group moved away.
    package mutating func forget(_ partitions: Set<Int32>) {
        for partition in partitions {
            generations[partition] = nil
            rewrites[partition] = nil
        }
    }

    private static func generation(of message: KafkaConsumerMessage) -> UInt64 {
        guard let header = message.headers.first(where: { $0.key == generationHeader })?.value else { return 0 }
        return UInt64(String(decoding: header, as: UTF8.self)) ?? 0
    }
}
