/// When and how a model is retrained (`retrain:` in a model's configuration, README "Running the processor").
public struct RetrainSettings: Codable, Sendable, Hashable {
    public var mode: RetrainMode
    /// A firing alert that meets any of these counts as a reason to retrain; an empty list never triggers.
    public var on: [RetrainCondition]
    /// Milliseconds of event time that must pass between two triggers of one (model, version).
    public var minInterval: Int64

    /// Creates settings; a negative interval counts as none.
    public init(mode: RetrainMode, on: [RetrainCondition], minInterval: Int64 = 0) {
        self.mode = mode
        self.on = on
        self.minInterval = max(0, minInterval)
    }
}
