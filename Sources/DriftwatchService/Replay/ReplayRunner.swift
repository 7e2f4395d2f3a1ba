import DriftEngine
import WireFormat

/// Runs the processor's engine over JSON-lines files of predictions and outcomes: `driftwatch replay`, for
/// back-testing a configuration on recorded traffic.
///
/// Each line is one event, in its topic's format (README, "Events in and out"), given to the engine exactly as `run`
/// gives it a
/// record's value; every alert and retrain trigger the engine produces is written as one line, its CloudEvent
/// exactly as `run` publishes it (one output stream: the CloudEvent `type` tells alerts from retrain triggers).
///
/// - Order: `run` sees each model's predictions in order and outcomes interleaved by arrival. A replay merges the
///   two files by event time (the events' `ts`; predictions first on a tie), keeping each file's own order: files
///   are expected in time order, as their topics hold them. A line without a usable `ts` keeps its place in its
///   file: it takes the time of the line before it (0 for the first), which is also the fallback time the engine
///   gives it, as `run` gives the Kafka timestamp.
/// - Offsets: retrain triggers point at partition 0, with a prediction's line number in its file, from 0, as its
///   offset.
/// - Rejected lines are reported with their file and line number and counted; they do not stop the replay.
/// - Blank lines are skipped (they hold no event).
package struct ReplayRunner {
    /// The instance name in the events' `source` (`driftwatch/replay`), the same on every machine so that a
    /// replay's output depends on its inputs only.
    package static let instance = "replay"

    /// How many lines go by between two progress reports.
    private static let progressStride = 1024

    private var engine: MonitoringEngine
    private var lines: EventLineMerger

    /// Opens the input files.
    ///
    /// - Parameters:
    ///   - engine: the engine to run, made from the configuration with ``instance``.
    ///   - predictions: the file of prediction events.
    ///   - outcomes: the file of outcome events, if any.
    /// - Throws: ``ReplayError`` (`unreadableInput`) naming a file that cannot be read.
    package init(engine: MonitoringEngine, predictions: String, outcomes: String?) throws(ReplayError) {
        self.engine = engine
        lines = try EventLineMerger(predictions: predictions, outcomes: outcomes)
    }

    /// Reads both files to their end, feeding the engine in event-time order.
    ///
    /// - Parameters:
    ///   - write: receives each output's CloudEvent JSON, in the order the engine produced them.
    ///   - reject: receives each line the engine turned down.
    ///   - progress: receives the progress every thousand lines or so, and once at the end.
    /// - Returns: what the replay did.
    /// - Throws: ``ReplayError`` when an input cannot be read, or whatever `write` throws.
    package mutating func run(
        write: ([UInt8]) throws(ReplayError) -> Void,
        reject: (ReplayRejection) -> Void,
        progress: (ReplayProgress) -> Void = { _ in }
    ) throws(ReplayError) -> ReplaySummary {
        var summary = ReplaySummary()
        var events = 0
        while let entry = try lines.next() {
            let (line, time) = (entry.line, entry.time)
            let isPrediction = entry.source == .predictions
            let result =
                isPrediction
                ? engine.ingestPrediction(line.bytes, fallbackTime: time, partition: 0, offset: Int64(line.number))
                : engine.ingestOutcome(line.bytes, fallbackTime: time, partition: 0, offset: Int64(line.number))
            switch result {
            case .accepted(let outputs):
                if isPrediction { summary.predictions += 1 } else { summary.outcomes += 1 }
                for output in outputs {
                    try write(engine.encode(output).value)
                    if output.isAlert { summary.alerts += 1 } else { summary.retrainTriggers += 1 }
                }
            case .rejected(let error):
                summary.rejected += 1
                reject(ReplayRejection(file: entry.file, line: line.number + 1, reason: error.description))
            }
            events += 1
            if events % Self.progressStride == 0 { progress(currentProgress(events: events)) }
        }
        progress(currentProgress(events: events))
        return summary
    }

    /// The progress after `events` lines.
    private func currentProgress(events: Int) -> ReplayProgress {
        let bytes = lines.bytes
        return ReplayProgress(bytesRead: bytes.read, totalBytes: bytes.total, events: events)
    }
}
