import DriftEngine
import Kafka
import Logging
import WireFormat

/// Feeds predictions and outcomes to the drift engine and turns its outputs into Kafka records: alerts,
/// retrain triggers and dead letters.
public struct EngineRecordProcessor: RecordProcessor, Sendable {
    /// Where each output goes.
    public struct Topics: Sendable {
        public var predictions: String
        public var outcomes: String
        public var alerts: String
        public var retrain: String
        public var deadLetters: String
        /// The durable state (a compacted changelog).
        public var state: String
        /// Each version's published profile (a compacted topic keyed `model/version`).
        public var profiles: String

        public init(
            predictions: String, outcomes: String, alerts: String, retrain: String, deadLetters: String,
            state: String = "driftwatch-state", profiles: String = "driftwatch-profiles"
        ) {
            self.state = state
            self.profiles = profiles
            self.predictions = predictions
            self.outcomes = outcomes
            self.alerts = alerts
            self.retrain = retrain
            self.deadLetters = deadLetters
        }
    }

    private var engine: MonitoringEngine
    private let topics: Topics
    private let counters: PipelineCounters
    private let board: StatusBoard?
    private let notifier: AlertNotifier?
    private let ownership: PartitionOwnership?
    private let updates: EngineUpdates?
    private let logger = Logger(label: "driftwatch.engine")

    /// - Parameters:
    ///   - board: receives every evaluation and alert, for the status page and the drift gauges.
    ///   - notifier: receives every alert, for the HTTP sinks.
    ///   - ownership: learns which partitions are restored and released, for the retrain dispatcher.
    ///   - updates: published profiles and reloaded configurations, applied between batches.
    package init(
        engine: MonitoringEngine, topics: Topics, counters: PipelineCounters, board: StatusBoard? = nil,
        notifier: AlertNotifier? = nil, ownership: PartitionOwnership? = nil, updates: EngineUpdates? = nil
    ) {
        self.updates = updates
        self.engine = engine
        self.engine.keepsEvaluations = board != nil
        self.topics = topics
        self.counters = counters
        self.board = board
        self.notifier = notifier
        self.ownership = ownership
    }

    /// A dead letter too large for its topic goes without the original's bytes; it still says why and where the
    /// original is. Other outputs are small and have no smaller form.
    public func replacement(forOversized output: KafkaProducerMessage) -> KafkaProducerMessage? {
        guard output.topic == topics.deadLetters, output.value != nil || output.key != nil else { return nil }
        return DeadLetter.withoutOriginal(output)
    }

    public mutating func process(_ messages: [KafkaConsumerMessage]) -> [KafkaProducerMessage] {
        var outputs: [KafkaProducerMessage] = []
        let joinsBefore = engine.joinCounters
        let engineBefore = engine.counters
        for message in messages {
            let result: MonitoringEngine.Result
            let bytes = message.value ?? []
            switch message.topicPartition.topic {
            case topics.predictions:
                result = engine.ingestPrediction(
                    bytes, fallbackTime: message.timestampMilliseconds,
                    partition: message.topicPartition.partition, offset: message.offset
                )
            case topics.outcomes:
                result = engine.ingestOutcome(
                    bytes, fallbackTime: message.timestampMilliseconds,
                    partition: message.topicPartition.partition, offset: message.offset
                )
            default:
                result = .rejected(
                    EventError(
                        .invalidValue, "records of topic '\(message.topicPartition.topic)' are not expected here"))
            }
            counters.recordInput(topic: message.topicPartition.topic, accepted: result.isAccepted)
            switch result {
            case .accepted(let produced):
                outputs += produced.map(record)
            case .rejected(let error):
                outputs.append(DeadLetter.record(for: message, reason: error.description, topic: topics.deadLetters))
            }
        }
        counters.recordJoins(now: engine.joinCounters, before: joinsBefore)
        counters.recordEngine(now: engine.counters, before: engineBefore)
        // Evaluations first: a version dropped late in the batch may have been evaluated earlier in it.
        board?.record(engine.takeEvaluations())
        forgetEvictedVersions()
        forgetRetiredVersions()
        return outputs
    }

    public mutating func recordsLost(_ reset: KafkaOffsetReset) -> [KafkaProducerMessage] {
        counters.recordDataLoss(skipped: reset.skippedMessages)
        engine.skip(
            partition: reset.topicPartition.partition,
            predictionsTo: reset.topicPartition.topic == topics.predictions ? reset.resumedOffset : nil,
            outcomesTo: reset.topicPartition.topic == topics.outcomes ? reset.resumedOffset : nil)
        return engine.recordsLost(
            topic: reset.topicPartition.topic, partition: reset.topicPartition.partition,
            requestedOffset: reset.requestedOffset, resumedOffset: reset.resumedOffset
        ).map(record)
    }

    public mutating func checkpoint(partition: Int32) -> PartitionCheckpoint? {
        engine.checkpoint(partition: partition)
    }

    public mutating func restore(partition: Int32, records: [String: [UInt8]], positions: InputPositions)
        -> [StateRestoreFailure]
    {
        let failures = engine.restore(partition: partition, records: records, positions: positions)
        counters.recordJoins(now: engine.joinCounters)
        ownership?.insert(partition)
        let firing = engine.firingAlerts(inPartition: partition)
        for alert in firing { board?.record(alert) }
        notifier?.adopt(firing: firing)
        return failures
    }

    public mutating func partitionsRevoked(_ partitions: Set<Int32>) {
        forget(engine.release(partitions: partitions))
        counters.recordJoins(now: engine.joinCounters)
        ownership?.remove(partitions)
    }

    /// Logs the versions `limits.max_versions_per_model` evicted (one line per batch, however many) and forgets them.
    private mutating func forgetEvictedVersions() {
        let evicted = engine.takeEvictedVersions()
        guard let first = evicted.versions.first else { return }
        logger.warning(
            """
            model versions evicted: more versions of a model than limits.max_versions_per_model; their state is \
            dropped (it starts afresh if the version comes back) and their firing alerts resolve
            """,
            metadata: [
                "evicted": "\(evicted.versions.count)", "first": "\(first.model)/\(first.modelVersion)",
                "firing_dedup_keys": "\(evicted.firingKeys.prefix(10).joined(separator: ", "))",
            ])
        forget(evicted)
    }

    /// Logs the versions `retire_after` retired (one line per batch, however many) and forgets them; their firing
    /// alerts' `resolved` events were among the batch's outputs, so the sinks and the alerts topic saw them.
    private mutating func forgetRetiredVersions() {
        let retired = engine.takeRetiredVersions()
        guard let first = retired.versions.first else { return }
        logger.info(
            """
            model versions retired: no predictions for retire_after of event time; their firing alerts are \
            resolved and their state is dropped (it starts afresh if the version comes back)
            """,
            metadata: [
                "retired": "\(retired.versions.count)", "first": "\(first.model)/\(first.modelVersion)",
                "resolved_dedup_keys": "\(retired.firingKeys.prefix(10).joined(separator: ", "))",
            ])
        forget(retired)
    }

    public mutating func applyUpdates(heartbeat: () -> Void) -> AppliedUpdates {
        var applied = AppliedUpdates()
        // Alerts that restores resolved: their signals are gone, or their monitors restarted.
        let restored = engine.takeRestoreOutputs()
        applied.outputs += restored.outputs.map(record)
        applied.changedPartitions.formUnion(restored.partitions)
        for update in updates?.take() ?? [] {
            switch update {
            case .profile(let published):
                let version = "\(published.model)/\(published.modelVersion)"
                switch engine.receive(published) {
                case .used(let switched):
                    logger.info(
                        "A published profile is the version's reference",
                        metadata: ["version": "\(version)", "partitions_switched": "\(switched)"])
                    if switched > 0 { applied.changedPartitions.formUnion(engine.ownedPartitions) }
                case .unusable(let reason):
                    logger.warning(
                        """
                        A published profile cannot be used by the model's tests; the version keeps its warm-up or \
                        the profile it had. Publish a profile that fits the model's configuration
                        """,
                        metadata: ["version": "\(version)", LogKey.reason: "\(reason)"])
                case .kept:
                    logger.debug(
                        "A published profile is kept but not used: its model is not configured with 'reference: topic'",
                        metadata: ["version": "\(version)"])
                }
            case .withdrawal(let model, let version):
                engine.withdrawProfile(model: model, modelVersion: version)
            case .configuration(var next):
                let takeover = next.takeOver(engine, heartbeat: heartbeat)
                engine = next
                applied.outputs += takeover.outputs.map(record)
                applied.changedPartitions.formUnion(engine.ownedPartitions)
                forget(takeover.removed)
                // Restarted monitors may have fewer signals: the page and the gauges start again with the new ones.
                board?.forget(takeover.restarted)
                log(takeover)
            }
        }
        return applied
    }

    /// Logs what a reloaded configuration changed.
    private func log(_ takeover: MonitoringEngine.Takeover) {
        for (subject, reason) in takeover.failed {
            logger.error(
                "A model version's state is dropped: its monitors cannot be made under the reloaded configuration",
                metadata: ["version": "\(subject.model)/\(subject.modelVersion)", LogKey.reason: "\(reason)"])
        }
        for (subject, reason) in takeover.unusableProfiles {
            logger.warning(
                "A published profile cannot be used by the reloaded configuration's tests; the version warms up",
                metadata: ["version": "\(subject.model)/\(subject.modelVersion)", LogKey.reason: "\(reason)"])
        }
        logger.info(
            "Reloaded the configuration",
            metadata: [
                "models": "\(engine.modelNames.count)", "versions_kept": "\(takeover.kept.count)",
                "versions_restarted": "\(takeover.restarted.count)",
                "versions_removed": "\(takeover.removed.versions.count)",
            ])
    }

    private func forget(_ released: ReleasedState) {
        board?.forget(released.versions)
        notifier?.forget(dedupKeys: released.firingKeys)
    }

    private func record(_ output: MonitoringEngine.Output) -> KafkaProducerMessage {
        counters.recordOutput(output)
        if case .alert(let alert) = output {
            board?.record(alert)
            notifier?.submit(alert)
        }
        let (key, value) = engine.encode(output)
        return KafkaProducerMessage(
            topic: output.isAlert ? topics.alerts : topics.retrain, key: Array(key.utf8), value: value)
    }
}
