import Synchronization

/// The predictions partitions this instance owns, as the pipeline restores and releases them.
public final class PartitionOwnership: Sendable {
    private let partitions = Mutex<Set<Int32>>([])

    public init() {}

    /// Whether `partition` is owned; a trigger without a partition (written by another producer) belongs to the
    /// owner of partition 0, so that one instance of a group delivers it, not each.
    public func owns(_ partition: Int32?) -> Bool {
        partitions.withLock { $0.contains(partition ?? 0) }
    }

    public func insert(_ partition: Int32) {
        partitions.withLock { _ = $0.insert(partition) }
    }

    public func remove(_ removed: Set<Int32>) {
        partitions.withLock { $0.subtract(removed) }
    }
}
