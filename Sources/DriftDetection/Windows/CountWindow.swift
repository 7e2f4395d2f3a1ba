/// A window over the last `size` events, tumbling (`step == size`) or sliding by `step` events.
///
/// Keeps `size / step` panes in a ring: when the newest pane has `step` events and the ring is
/// full, their merge is returned as the closed window and the oldest pane is dropped. A
/// tumbling window therefore closes after every `size` events, a sliding one after every
/// `step` events once the first `size` have arrived.
public struct CountWindow<State: MergeableWindowState>: Codable, Sendable {
    /// The events a closed window holds.
    public let size: Int
    /// The events between two closed windows.
    public let step: Int
    private let empty: State
    private var closedPanes: [WindowPane<State>] = []
    private var current: WindowPane<State>

    /// Creates a window.
    ///
    /// - Parameters:
    ///   - size: The events per window, positive.
    ///   - step: The slide, a divisor of `size`; `nil` makes the window tumble.
    ///   - empty: The state of an empty pane (a fresh ``FeatureWindowSet`` of the reference, say).
    /// - Throws: ``DriftDetectionError`` when `size` or `step` are not positive or `step` does not divide `size`.
    public init(size: Int, step: Int? = nil, empty: State) throws {
        let step = step ?? size
        guard size > 0, step > 0, size % step == 0 else {
            throw DriftDetectionError(
                .invalidArgument, "a count window needs a positive size and a slide that divides it (\(size), \(step))")
        }
        self.size = size
        self.step = step
        self.empty = empty
        self.current = WindowPane(state: empty)
    }

    /// The panes a window is merged from.
    private var paneCount: Int { size / step }

    /// Records one event and returns the window it closes, if any.
    ///
    /// - Parameters:
    ///   - eventTime: The event's time in milliseconds since the Unix epoch, for the window's bounds.
    ///   - update: Applies the event to the current pane's state.
    /// - Throws: What `update` throws, or ``DriftDetectionError`` if panes cannot be merged.
    public mutating func record(
        eventTime: Int64? = nil,
        _ update: (inout State) throws -> Void
    ) throws -> WindowPane<State>? {
        try current.record(eventTime: eventTime, update)
        guard current.events == step else { return nil }
        closedPanes.append(current)
        current = WindowPane(state: empty)
        guard closedPanes.count == paneCount else { return nil }
        var window = closedPanes[0]
        for pane in closedPanes.dropFirst() {
            try window.merge(pane)
        }
        closedPanes.removeFirst()
        return window
    }
}

extension CountWindow: Equatable where State: Equatable {}
