/// A window over event time: `duration` long, tumbling or sliding by `slide`, aligned to the
/// Unix epoch, with windows [end − duration, end) for every multiple `end` of `slide`.
///
/// **Closing.** The watermark is the latest event time seen minus `allowedLateness`. A window
/// closes, and is returned, once the watermark reaches its end; windows without events are
/// skipped. ``flush()`` closes the rest (at the end of a replay, say).
///
/// **Late events.** An event earlier than the end of the latest closed window belongs to a
/// window already reported: it is counted in ``lateEvents`` and otherwise dropped, so that no
/// reported window changes afterwards and later windows are not skewed by part of it. Raise
/// `allowedLateness` to wait longer for out-of-order events.
public struct TimeWindow<State: MergeableWindowState>: Codable, Sendable {
    /// The window length in milliseconds.
    public let duration: Int64
    /// The slide in milliseconds (equal to `duration` for a tumbling window).
    public let slide: Int64
    /// How far behind the latest event time the watermark stays, in milliseconds.
    public let allowedLateness: Int64
    /// Events dropped because their window had already closed.
    public private(set) var lateEvents = 0
    private let empty: State
    /// Open panes keyed by their start time.
    private var panes: [Int64: WindowPane<State>] = [:]
    private var latestEventTime: Int64?
    /// The end of the latest closed window; earlier events are late.
    private var closedUntil: Int64?
    /// The end of the next window to close.
    private var nextEnd: Int64?

    /// Creates a window.
    ///
    /// - Parameters:
    ///   - duration: The window length in milliseconds, positive.
    ///   - slide: The slide in milliseconds, a divisor of `duration`; `nil` makes the window tumble.
    ///   - allowedLateness: How long to wait for out-of-order events, in milliseconds, not negative.
    ///   - empty: The state of an empty pane.
    /// - Throws: ``DriftDetectionError`` when the durations are inconsistent.
    public init(duration: Int64, slide: Int64? = nil, allowedLateness: Int64 = 0, empty: State) throws {
        let slide = slide ?? duration
        guard duration > 0, slide > 0, duration % slide == 0, allowedLateness >= 0 else {
            throw DriftDetectionError(
                .invalidArgument,
                "a time window needs a positive duration, a slide that divides it and a lateness of 0 or more"
            )
        }
        self.duration = duration
        self.slide = slide
        self.allowedLateness = allowedLateness
        self.empty = empty
    }

    /// Records one event and returns the windows that close because of it, oldest first.
    ///
    /// - Parameters:
    ///   - eventTime: The event's time in milliseconds since the Unix epoch.
    ///   - update: Applies the event to its pane's state; not called for a late event.
    /// - Throws: What `update` throws, or ``DriftDetectionError`` if panes cannot be merged.
    public mutating func record(
        eventTime: Int64,
        _ update: (inout State) throws -> Void
    ) throws -> [WindowPane<State>] {
        if let closedUntil, eventTime < closedUntil {
            lateEvents += 1
            return []
        }
        let paneStart = Self.floor(eventTime, slide)
        let emptyPane = WindowPane(state: empty)
        try panes[paneStart, default: emptyPane].record(eventTime: eventTime, update)
        if nextEnd == nil {
            nextEnd = paneStart + slide
        }
        latestEventTime = max(latestEventTime ?? eventTime, eventTime)
        return try close(until: (latestEventTime ?? eventTime) - allowedLateness)
    }

    /// Closes every window that holds events, as if time had run out.
    public mutating func flush() throws -> [WindowPane<State>] {
        guard let lastPane = panes.keys.max() else { return [] }
        return try close(until: lastPane + duration)
    }

    /// Closes the windows whose end is at or before `watermark`, skipping those without events.
    private mutating func close(until watermark: Int64) throws -> [WindowPane<State>] {
        let lastEnd = Self.floor(watermark, slide)
        guard var end = nextEnd, end <= lastEnd else { return [] }
        var closed: [WindowPane<State>] = []
        // Windows without events are skipped by jumping to the first one that holds the earliest pane still needed,
        // so that a gap in event time (one old event, then current ones) costs nothing per empty slide.
        let starts = panes.keys.sorted()
        var earliestNeeded = 0
        while end <= lastEnd {
            while earliestNeeded < starts.count, starts[earliestNeeded] < end - duration { earliestNeeded += 1 }
            guard earliestNeeded < starts.count else { break }
            end = max(end, starts[earliestNeeded] + slide)
            guard end <= lastEnd else { break }
            var window: WindowPane<State>?
            for start in stride(from: end - duration, to: end, by: Int(slide)) {
                guard let pane = panes[start] else { continue }
                if window == nil {
                    window = pane
                } else {
                    try window?.merge(pane)
                }
            }
            if let window { closed.append(window) }
            end += slide
        }
        nextEnd = max(end, lastEnd + slide)
        closedUntil = lastEnd
        let oldestNeeded = lastEnd + slide - duration
        panes = panes.filter { $0.key >= oldestNeeded }
        return closed
    }

    /// The largest multiple of `step` not above `value`.
    private static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        let quotient = value / step
        return (value % step < 0 ? quotient - 1 : quotient) * step
    }
}

extension TimeWindow: Equatable where State: Equatable {}
