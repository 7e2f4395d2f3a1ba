/// How an alert policy turns evaluations into alerts (`alerts:` in a model's configuration, README "Running the
/// processor").
public struct AlertSettings: Codable, Sendable, Hashable {
    /// How many breaching windows of a window test in a row fire an alert; a sequential detector fires at once.
    public var consecutive: Int
    /// Milliseconds of event time after a resolve during which the same `dedup_key` does not fire again.
    public var cooldown: Int64
    /// How many non-breaching evaluations in a row resolve a firing alert.
    public var resolveAfter: Int

    /// Creates settings; counts below 1 count as 1 and a negative cooldown as none (configuration validation
    /// rejects them before they get here).
    public init(consecutive: Int = 1, cooldown: Int64 = 0, resolveAfter: Int = 1) {
        self.consecutive = max(1, consecutive)
        self.cooldown = max(0, cooldown)
        self.resolveAfter = max(1, resolveAfter)
    }
}
