/// Where a model's reference distributions come from: exactly one of `reference` and `warmup`.
package enum ReferenceSource: Sendable, Equatable {
    /// A profile built beforehand with `driftwatch profile build` (`reference: PATH`); a relative path is resolved
    /// against the configuration file's directory.
    case profile(path: String)
    /// The first N events of each model version become its reference (`warmup: N`).
    case warmup(events: Int)
}
