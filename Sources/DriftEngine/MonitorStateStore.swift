import Synchronization

/// The saved state of one model version's monitors and policies, opaque to the store that keeps it.
public struct MonitorSnapshot: Sendable, Hashable {
    public var model: String
    public var modelVersion: String
    /// The state, as JSON.
    public var state: [UInt8]

    public init(model: String, modelVersion: String, state: [UInt8]) {
        self.model = model
        self.modelVersion = modelVersion
        self.state = state
    }
}

/// Where a model version's state goes when the group takes its partition away from this instance, and where it
/// comes from when the version's next event arrives: the seam for handing state over on a rebalance.
///
/// `InMemoryMonitorStateStore` keeps it for the life of the process (a partition that comes back to the same
/// instance continues where it stopped); a store backed by a compacted Kafka topic hands it to another instance.
public protocol MonitorStateStore: Sendable {
    /// Keeps a snapshot, replacing an earlier one of the same model version.
    func save(_ snapshot: MonitorSnapshot)
    /// Takes the snapshot of a model version out of the store, if there is one.
    func take(model: String, modelVersion: String) -> MonitorSnapshot?
}

/// A `MonitorStateStore` in memory.
public final class InMemoryMonitorStateStore: MonitorStateStore {
    private let snapshots = Mutex<[String: MonitorSnapshot]>([:])

    public init() {}

    public func save(_ snapshot: MonitorSnapshot) {
        snapshots.withLock { $0["\(snapshot.model)/\(snapshot.modelVersion)"] = snapshot }
    }

    public func take(model: String, modelVersion: String) -> MonitorSnapshot? {
        snapshots.withLock { $0.removeValue(forKey: "\(model)/\(modelVersion)") }
    }
}
