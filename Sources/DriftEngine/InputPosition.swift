/// Where an input event came from: a partition of its input and its offset there.
///
/// The engine owns state per partition (see ARCHITECTURE.md, "Durable state"): the predictions and outcomes of
/// one partition number join each other, and a partition's state moves between instances as one unit.
public struct InputPosition: Hashable, Sendable {
    /// The partition of the input.
    public var partition: Int32
    /// The event's offset in the partition.
    public var offset: Int64

    /// Creates a position.
    public init(partition: Int32, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}

extension MonitoringEngine {
    /// The two inputs the engine reads.
    public enum Input: Sendable {
        /// Prediction events.
        case predictions
        /// Outcome events.
        case outcomes
    }
}
