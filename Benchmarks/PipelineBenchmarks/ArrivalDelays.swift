import Histogram
import Kafka
import Synchronization

/// How long records took from their producer to driftwatch's processor: the wall clock when a polled batch
/// reaches the processor minus each record's Kafka timestamp (its producer's create time), in milliseconds.
final class ArrivalDelays: Sendable {
    private let histogram = Mutex(
        Histogram<UInt64>(highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: .three)
    )
    /// Records created before this time (ms since the epoch) are not counted: warm-up.
    private let countFrom = Atomic<Int64>(.max)

    /// Counts only records created at or after `milliseconds` (wall clock, ms since the epoch).
    func count(from milliseconds: Int64) {
        countFrom.store(milliseconds, ordering: .relaxed)
    }

    /// Records the delays of a batch that has just reached the processor.
    func record(_ messages: [KafkaConsumerMessage]) {
        let now = Measurement.wallClockMilliseconds()
        let from = countFrom.load(ordering: .relaxed)
        histogram.withLock { histogram in
            for message in messages {
                guard let created = message.timestampMilliseconds, created >= from else { continue }
                _ = histogram.record(UInt64(max(0, now - created)))
            }
        }
    }

    /// The delays recorded.
    var recorded: Histogram<UInt64> { histogram.withLock { $0 } }
}
