import DriftEngine
import DriftwatchService
import DriftwatchTestSupport
import Kafka

/// One hand-over of an engine's whole state through a state topic on the dev broker, step by step as a rebalance
/// moves it: the old owner checkpoints every partition and writes each checkpoint with `StateChangelog` until the
/// broker acknowledged it (what `KafkaPipeline` does on a revoke), then a new owner with a fresh engine and a
/// changelog of its own reads each partition back and restores it (what it does on an assignment, before the
/// partition's first record). The steps run one after the other and each is timed; the group protocol's own time
/// (leaving, joining, syncing) is not part of it. Finally the state topic is read once more by a reader whose empty
/// fetches return after 5 ms, to show how much of the read is the reader waiting on its fetches.
struct StateHandover {
    /// What each step took.
    struct Figures {
        /// `MonitoringEngine.checkpoint` of every partition (encoding the changed state).
        var checkpointSeconds = 0.0
        /// `StateChangelog.write` of every checkpoint, until the broker acknowledged all of it.
        var writeSeconds = 0.0
        /// `StateChangelog.restore` of every partition: reading the state topic and keeping the last checkpoint.
        var readSeconds = 0.0
        /// `MonitoringEngine.restore` of every partition: decoding the records into the fresh engine.
        var rebuildSeconds = 0.0
        /// Keys and values written (before the producer's compression), markers included.
        var bytesWritten = 0

        /// What the old owner does on a revoke.
        var revokeSeconds: Double { checkpointSeconds + writeSeconds }
        /// What the new owner does before it processes the partitions' records.
        var restoreSeconds: Double { readSeconds + rebuildSeconds }
    }

    let broker: DevBrokerProcess
    let kafka: BenchmarkKafka

    /// Moves the state of input partitions `0..<partitions` from `engine` to `fresh` through a new state topic of as
    /// many partitions (as driftwatch creates it: one per input partition).
    ///
    /// - Throws: when a record could not be written or read, when a partition has no checkpoint to restore, or when
    ///   a record could not be used.
    func run(from engine: inout MonitoringEngine, to fresh: inout MonitoringEngine, partitions: Int, prefix: String)
        async throws -> Figures
    {
        let topic = try await broker.createTopic(prefix: prefix, partitions: partitions)
        let numbers = (0..<partitions).map(Int32.init)
        var figures = Figures()
        var owner = try await ChangelogClient(topic: topic, partitions: partitions, kafka: kafka, instance: "old")
        for partition in numbers {
            var checkpoint: PartitionCheckpoint?
            figures.checkpointSeconds += Measurement.seconds { checkpoint = engine.checkpoint(partition: partition) }
            guard let checkpoint else { throw BenchmarkError("the engine holds nothing for partition \(partition)") }
            let start = ContinuousClock.now
            figures.bytesWritten += try await owner.changelog.write(checkpoint, partition: partition)
            figures.writeSeconds += Measurement.seconds(since: start)
        }
        await owner.close()
        var heir = try await ChangelogClient(topic: topic, partitions: partitions, kafka: kafka, instance: "new")
        for partition in numbers {
            try await restore(partition, from: &heir.changelog, into: &fresh, figures: &figures)
        }
        await heir.close()
        return figures
    }

    /// Reads one partition's last checkpoint and restores it into `engine`, adding the times to `figures`.
    private func restore(
        _ partition: Int32, from changelog: inout StateChangelog, into engine: inout MonitoringEngine,
        figures: inout Figures
    ) async throws {
        let start = ContinuousClock.now
        let restored = try await changelog.restore(partition: partition)
        figures.readSeconds += Measurement.seconds(since: start)
        guard let positions = restored.positions else {
            throw BenchmarkError("partition \(partition) has no checkpoint on the state topic")
        }
        var failures = restored.failures
        figures.rebuildSeconds += Measurement.seconds {
            failures += engine.restore(partition: partition, records: restored.records, positions: positions)
        }
        if let failure = failures.first {
            throw BenchmarkError("partition \(partition): \(failures.count) unusable records, first \(failure)")
        }
    }
}

/// A `StateChangelog` with the clients it needs: the producer as `PipelineAssembly.producerConfiguration` sets it up
/// (lz4, records up to 10 MiB) and a reader outside any consumer group with the settings of driftwatch's state
/// reader (`PipelineAssembly.stateReaderSettings`).
private struct ChangelogClient {
    var changelog: StateChangelog
    let producer: KafkaProducer
    let reader: KafkaConsumer

    /// A changelog of `topic`, which has `partitions` partitions, ready to write and restore.
    init(topic: String, partitions: Int, kafka: BenchmarkKafka, instance: String) async throws {
        let assembly = PipelineAssembly(
            client: kafka.settings(), groupID: "bench-state",
            topics: EngineRecordProcessor.Topics(
                predictions: "", outcomes: "", alerts: "", retrain: "", deadLetters: "", state: topic),
            state: StateConfiguration(snapshotEvents: 1, snapshotInterval: .seconds(1)), instance: instance)
        producer = try KafkaProducer(configuration: assembly.producerConfiguration, logger: kafka.logger)
        reader = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: assembly.stateReaderSettings, groupID: "bench-state-\(instance)"),
            logger: kafka.logger)
        let count = Int32(partitions)
        changelog = StateChangelog(
            topic: topic, resolvePartitions: { count }, producer: producer, reader: reader, instance: instance,
            logger: kafka.logger
        )
        try await changelog.prepare()
    }

    func close() async {
        await producer.close()
        await reader.close()
    }
}
