import Synchronization

/// The predictions partitions this instance owns, as the pipeline restores and releases them.
public final class PartitionOwnership: Sendable {
    private let partitions = Mutex<Set<Int32>>([])

    public init() {}

    /// Whether `partition` is owned; a trigger without a partition is owned by an instance that owns any.
    public func owns(_ partition: Int32?) -> Bool {
        partitions.withLock { owned in partition.map(owned.contains) ?? !owned.isEmpty }
    }

    public func insert(_ partition: Int32) {
        partitions.withLock { _ = $0.insert(partition) }
    }

    public func remove(_ removed: Set<Int32>) {
        partitions.withLock { $0.subtract(removed) }
    }
}
