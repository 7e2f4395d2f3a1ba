import DriftEngine
import WireFormat

/// The lines of a predictions file and an outcomes file, merged by event time.
///
/// The next line is the one of the two files' next lines with the earlier `ts`, the prediction on a tie; each
/// file keeps its own order, so files are expected in time order, as their topics hold them. A line without a
/// usable `ts` keeps its place in its file: it takes the time of the line before it (0 for a file's first line).
struct EventLineMerger {
    /// Which file a line comes from.
    enum Source: Equatable {
        case predictions, outcomes
    }

    /// One line and what the merge knows about it.
    struct Entry {
        var source: Source
        /// The file, as the user named it.
        var file: String
        var line: JSONLinesReader.Line
        /// Its event time, or the time of the line before it in its file when it has no usable `ts`.
        var time: Int64
    }

    /// One input file and its next line.
    private struct Input {
        /// The file, as the user named it; empty when there is none.
        let path: String
        private(set) var reader: JSONLinesReader?
        private(set) var head: JSONLinesReader.Line?
        private(set) var time: Int64 = 0

        /// Opens the file at `path`, if any, and reads its first line.
        init(path: String?) throws(ReplayError) {
            self.path = path ?? ""
            reader = try path.map { path throws(ReplayError) in try JSONLinesReader(path: path) }
            try advance()
        }

        /// Returns the next line and moves past it.
        mutating func take(as source: Source) throws(ReplayError) -> Entry? {
            guard let line = head else { return nil }
            let entry = Entry(source: source, file: path, line: line, time: time)
            try advance()
            return entry
        }

        /// Moves to the next line.
        private mutating func advance() throws(ReplayError) {
            head = try reader?.next()
            if let head, let time = EventDecoder.eventTime(of: head.bytes) { self.time = time }
        }
    }

    private var predictions: Input
    private var outcomes: Input

    /// Opens the files and reads their first lines.
    ///
    /// - Throws: ``ReplayError`` (`unreadableInput`) naming a file that cannot be read.
    init(predictions: String, outcomes: String?) throws(ReplayError) {
        self.predictions = try Input(path: predictions)
        self.outcomes = try Input(path: outcomes)
    }

    /// The next line in event-time order, or `nil` when both files are done.
    ///
    /// - Throws: ``ReplayError`` (`unreadableInput`) when reading fails.
    mutating func next() throws(ReplayError) -> Entry? {
        if outcomes.head == nil || (predictions.head != nil && predictions.time <= outcomes.time) {
            return try predictions.take(as: .predictions)
        }
        return try outcomes.take(as: .outcomes)
    }

    /// How much of the files has been read: bytes of lines returned, and the files' total size.
    var bytes: (read: Int64, total: Int64) {
        let readers = [predictions.reader, outcomes.reader].compactMap { $0 }
        return (readers.reduce(0) { $0 + $1.consumed }, readers.reduce(0) { $0 + $1.size })
    }
}
