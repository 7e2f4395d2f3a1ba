import DriftEngine
import Kafka

/// Turns input records into output records; the pipeline owns one and feeds it from the consumer.
///
/// Implementations hold the monitors' state, per input partition. They must not lose an input: a record they
/// cannot use becomes an output too (a dead letter).
public protocol RecordProcessor {
    /// Processes a batch of records and returns what to produce because of them.
    mutating func process(_ messages: [KafkaConsumerMessage]) -> [KafkaProducerMessage]

    /// Reports records lost before they were read (see `KafkaOffsetReset`); returns what to produce.
    mutating func recordsLost(_ reset: KafkaOffsetReset) -> [KafkaProducerMessage]

    /// The state of an input partition that changed since its previous checkpoint, and the input positions it
    /// reflects; `nil` when nothing is held for it.
    mutating func checkpoint(partition: Int32) -> PartitionCheckpoint?

    /// Takes over an input partition's state restored from the state topic; returns the records it could not use.
    mutating func restore(partition: Int32, records: [String: [UInt8]], positions: InputPositions)
        -> [StateRestoreFailure]

    /// The group took partitions away (their state was checkpointed): drop everything derived from them.
    mutating func partitionsRevoked(_ partitions: Set<Int32>)

    /// Applies changes that arrived from outside the pipeline since the last call (published profiles, a reloaded
    /// configuration); returns what to produce because of them and the input partitions whose state they changed
    /// (checkpointed as if records had come). Called before every poll; `heartbeat` is called while a long change
    /// (a reload taking over many model versions) makes progress, so that the loop is not taken for stalled.
    mutating func applyUpdates(heartbeat: () -> Void) -> AppliedUpdates

    /// What to produce instead of an output the broker refused as larger than its topic allows; `nil` when there
    /// is no smaller form, and the pipeline stops rather than commit past it.
    func replacement(forOversized output: KafkaProducerMessage) -> KafkaProducerMessage?
}

extension RecordProcessor {
    /// Nothing arrives from outside.
    public mutating func applyUpdates(heartbeat: () -> Void) -> AppliedUpdates { AppliedUpdates() }

    /// No output has a smaller form.
    public func replacement(forOversized output: KafkaProducerMessage) -> KafkaProducerMessage? { nil }
}

/// What changes from outside the pipeline led to (see ``RecordProcessor/applyUpdates()``).
public struct AppliedUpdates: Sendable {
    /// What to produce because of them.
    public var outputs: [KafkaProducerMessage] = []
    /// The input partitions whose state they changed.
    public var changedPartitions: Set<Int32> = []

    public init(outputs: [KafkaProducerMessage] = [], changedPartitions: Set<Int32> = []) {
        self.outputs = outputs
        self.changedPartitions = changedPartitions
    }
}
