import DriftEngine
import DriftwatchService
import Kafka

/// A record processor that reports each batch to a ``ProcessingProgress`` (and, when given, its records' arrival
/// delays) around the processor it wraps.
struct TimedRecordProcessor<Wrapped: RecordProcessor & Sendable>: RecordProcessor, Sendable {
    var wrapped: Wrapped
    let progress: ProcessingProgress
    var arrivals: ArrivalDelays?

    mutating func process(_ messages: [KafkaConsumerMessage]) -> [KafkaProducerMessage] {
        arrivals?.record(messages)
        progress.batchStarted()
        let outputs = wrapped.process(messages)
        progress.batchFinished(records: messages.count)
        return outputs
    }

    mutating func recordsLost(_ reset: KafkaOffsetReset) -> [KafkaProducerMessage] {
        wrapped.recordsLost(reset)
    }

    mutating func checkpoint(partition: Int32) -> PartitionCheckpoint? {
        wrapped.checkpoint(partition: partition)
    }

    mutating func restore(partition: Int32, records: [String: [UInt8]], positions: InputPositions)
        -> [StateRestoreFailure]
    {
        wrapped.restore(partition: partition, records: records, positions: positions)
    }

    mutating func partitionsRevoked(_ partitions: Set<Int32>) {
        wrapped.partitionsRevoked(partitions)
    }
}
