/// The state of a run of consecutive events, with the bounds of their event times.
///
/// Count and time windows keep one pane per slide step and merge them when a window closes;
/// a closed window is a pane too.
public struct WindowPane<State: MergeableWindowState>: Codable, Sendable {
    /// The accumulated state.
    public internal(set) var state: State
    /// The events recorded.
    public internal(set) var events = 0
    /// The event time of the earliest event, in milliseconds since the Unix epoch.
    public internal(set) var firstEventTime: Int64?
    /// The event time of the latest event, in milliseconds since the Unix epoch.
    public internal(set) var lastEventTime: Int64?

    init(state: State) {
        self.state = state
    }

    /// Records one event.
    mutating func record(eventTime: Int64?, _ update: (inout State) throws -> Void) rethrows {
        try update(&state)
        events += 1
        if let eventTime {
            firstEventTime = min(firstEventTime ?? eventTime, eventTime)
            lastEventTime = max(lastEventTime ?? eventTime, eventTime)
        }
    }

    /// Folds another pane into this one.
    mutating func merge(_ other: WindowPane) throws {
        try state.merge(other.state)
        events += other.events
        if let otherFirst = other.firstEventTime {
            firstEventTime = min(firstEventTime ?? otherFirst, otherFirst)
        }
        if let otherLast = other.lastEventTime {
            lastEventTime = max(lastEventTime ?? otherLast, otherLast)
        }
    }
}

extension WindowPane: Equatable where State: Equatable {}
