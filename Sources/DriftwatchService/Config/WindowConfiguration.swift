/// How a model's events are grouped into windows for the window tests: the `window` section.
///
/// `{events: 5000}` or `{duration: 1h}`, optionally with `slide` (events or a duration, like the size) for
/// overlapping windows; without `slide` windows tumble.
package struct WindowConfiguration: Sendable, Equatable {
    /// A window's length, counted in events or in event time.
    package enum Extent: Sendable, Equatable {
        /// A number of events.
        case events(Int)
        /// A span of event time.
        case duration(Duration)
    }

    /// How long a window is.
    package var size: Extent
    /// How far each window starts after the previous one; `nil`: one size (tumbling windows).
    package var slide: Extent?

    /// The section's fields.
    static let fields = ["events", "duration", "slide"]
}

extension WindowConfiguration {
    /// Reads a `window` section; absent, it takes the default. `nil` when the section's size is invalid.
    init?(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        guard let fields else {
            self = ConfigurationDefaults.window
            return
        }
        switch (fields["events"], fields["duration"]) {
        case (nil, nil):
            reader.reportMissing("events", in: fields, " (or 'duration'), e.g. {events: 5000} or {duration: 1h}")
            return nil
        case (_?, _?):
            reader.report(
                "give either 'events' or 'duration', not both",
                at: fields["duration"],
                fields.path("duration")
            )
            return nil
        case (_?, nil):
            guard let events = reader.integer(fields, "events", minimum: 1) else { return nil }
            size = .events(events)
            slide = reader.integer(fields, "slide", minimum: 1).map { .events($0) }
            if case .events(let step)? = slide, step > events || events % step != 0 {
                reader.report(
                    "must divide the window's \(events) events (e.g. \(Self.divisorNear(events / 5, of: events))), "
                        + "got \(step)",
                    at: fields["slide"], fields.path("slide"))
            }
        case (nil, _?):
            guard let duration = reader.duration(fields, "duration") else { return nil }
            size = .duration(duration)
            slide = reader.duration(fields, "slide").map { .duration($0) }
            if case .duration(let step)? = slide,
                step > duration || duration.milliseconds % max(1, step.milliseconds) != 0
            {
                reader.report("must divide the window's duration", at: fields["slide"], fields.path("slide"))
            }
        }
    }

    /// The divisor of `total` nearest to `wanted`, to suggest a slide.
    private static func divisorNear(_ wanted: Int, of total: Int) -> Int {
        (1...total).filter { total % $0 == 0 }.min { abs($0 - wanted) < abs($1 - wanted) } ?? total
    }
}
