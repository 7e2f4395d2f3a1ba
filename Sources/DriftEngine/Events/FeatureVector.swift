import DriftDetection

/// A prediction's features laid out by its model's ``FeatureLayout``: what the windows record, without a
/// dictionary per event.
package struct FeatureVector: Sendable {
    /// One entry per feature of the layout: its value (``FeatureValue/null`` when sent as null), `nil` when the
    /// event does not have it.
    package var values: [FeatureValue?]
    /// The event's features the layout does not have, each once.
    package var unexpected: [String] = []

    /// An event with none of the layout's `count` features yet.
    package init(count: Int) {
        values = [FeatureValue?](repeating: nil, count: count)
    }
}
