/// Where a model's reference distributions come from: `reference: PATH`, `warmup: N`, or `reference: topic` with an
/// optional `warmup: N` to use until a version's profile arrives.
package enum ReferenceSource: Sendable, Equatable {
    /// A profile built beforehand with `driftwatch profile build` (`reference: PATH`); a relative path is resolved
    /// against the configuration file's directory.
    case profile(path: String)
    /// The first N events of each model version become its reference (`warmup: N`).
    case warmup(events: Int)
    /// Each version's own profile from the profiles topic (`reference: topic`); until it arrives, the first N
    /// events (`warmup: N`), or none: the version's events are counted, not compared.
    case topic(warmupEvents: Int?)

    /// Whether versions take their reference from the profiles topic.
    package var isTopic: Bool {
        if case .topic = self { return true }
        return false
    }

    /// The `reference` value that selects the profiles topic.
    static let topicValue = "topic"
}
