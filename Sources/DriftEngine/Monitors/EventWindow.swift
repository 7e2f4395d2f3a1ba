import DriftDetection

/// A window by event count or by event time, whichever a model is configured with.
///
/// Two optionals rather than an enum, so that the window is updated in place on every event.
struct EventWindow<State: MergeableWindowState>: Codable, Sendable {
    private var byCount: CountWindow<State>?
    private var byTime: TimeWindow<State>?

    /// A window of `extent`, with `empty` as each pane's initial state.
    init(_ extent: MonitorSettings.WindowExtent, empty: State) throws {
        switch extent {
        case .events(let size, let slide): byCount = try CountWindow(size: size, step: slide, empty: empty)
        case .duration(let length, let slide): byTime = try TimeWindow(duration: length, slide: slide, empty: empty)
        }
    }

    /// Events dropped because their (event-time) window had already closed.
    var lateEvents: Int { byTime?.lateEvents ?? 0 }

    /// Records one event and returns the windows it closes, oldest first.
    mutating func record(eventTime: Int64, _ update: (inout State) throws -> Void) throws -> [WindowPane<State>] {
        if byCount != nil {
            return try byCount!.record(eventTime: eventTime, update).map { [$0] } ?? []
        }
        return try byTime!.record(eventTime: eventTime, update)
    }
}
