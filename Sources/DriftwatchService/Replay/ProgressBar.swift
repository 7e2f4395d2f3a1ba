/// A one-line progress bar for a terminal: the share of the input read and the events per second, redrawn at
/// most ten times a second.
///
/// It only produces text, so it is tested without a terminal; the caller writes that text to standard error when
/// standard error is a terminal, and nothing otherwise.
package struct ProgressBar {
    /// The shortest time between two drawings.
    package static let interval = Duration.milliseconds(100)
    /// The bar's width in characters, brackets aside.
    private static let width = 30

    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?
    private var isShown = false

    /// Creates a bar for work that began at `started`, the origin of the events-per-second rate.
    package init(startedAt started: ContinuousClock.Instant) {
        self.started = started
    }

    /// The text that redraws the bar in place, or `nil` when the bar was drawn less than ``interval`` ago.
    package mutating func update(_ progress: ReplayProgress, at now: ContinuousClock.Instant) -> String? {
        if let lastDrawn, now - lastDrawn < Self.interval { return nil }
        lastDrawn = now
        isShown = true
        let filled = Int(progress.fraction * Double(Self.width))
        let elapsed = (now - started).seconds
        let rate = elapsed > 0 ? Int(Double(progress.events) / elapsed) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
        return "\r[\(bar)] \(Int(progress.fraction * 100))%  \(rate) events/s\u{1B}[K"
    }

    /// The text that removes the bar, so that a message can take its line; empty when no bar is shown. A later
    /// ``update(_:at:)`` draws it again, still at most once per ``interval``.
    package mutating func erase() -> String {
        guard isShown else { return "" }
        isShown = false
        return "\r\u{1B}[K"
    }
}
