import DriftEngine
import Foundation
import Histogram
import Kafka
import Synchronization
import WireFormat

/// Reads the alerts topic and records each alert's latency: the alert record's Kafka timestamp (set when
/// driftwatch handed it to its producer) minus `data.window.end` (the `ts` of the event that closed the window,
/// which the generator set to that event's wall-clock produce time), in milliseconds.
final class AlertLatencyCollector: Sendable {
    private struct State {
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: .three)
        var skipped = 0
        var negative = 0
    }

    private let state = Mutex(State())
    /// Alerts about windows that ended before this time (ms since the epoch) are not counted: warm-up.
    private let countFrom = Atomic<Int64>(.max)

    /// Counts only alerts whose window ended at or after `milliseconds` (wall clock, ms since the epoch).
    func count(from milliseconds: Int64) {
        countFrom.store(milliseconds, ordering: .relaxed)
    }

    /// Consumes `topic` until the task is cancelled.
    func collect(topic: String, kafka: BenchmarkKafka) async throws {
        let consumer = try kafka.consumer(lowLatency: true)
        try consumer.subscribe(topics: [topic])
        while !Task.isCancelled {
            for case .messages(let messages) in try await consumer.poll(maxMessages: 1000) {
                for message in messages { record(message) }
            }
        }
        await consumer.close()
    }

    /// The latencies recorded.
    var histogram: Histogram<UInt64> { state.withLock { $0.histogram } }

    /// Alerts read before the measurement started.
    var skipped: Int { state.withLock { $0.skipped } }

    private func record(_ message: KafkaConsumerMessage) {
        guard let produced = message.timestampMilliseconds, let value = message.value,
            let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
            let data = object["data"] as? [String: Any], let window = data["window"] as? [String: Any],
            let endText = window["end"] as? String, let end = RFC3339Time.milliseconds(endText)
        else { return }
        let from = countFrom.load(ordering: .relaxed)
        state.withLock { state in
            guard end >= from else {
                state.skipped += 1
                return
            }
            _ = state.histogram.record(UInt64(max(0, produced - end)))
        }
    }
}
