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

    mutating func partitionsRevoked(_ partitions: [KafkaTopicPartition]) {
        wrapped.partitionsRevoked(partitions)
    }
}
