/// What the engine keeps per input partition: the model versions whose predictions come from it, its pending
/// joins with their own event-time clock, and the alert about records it lost. A partition's state moves between
/// instances as one unit (see ARCHITECTURE.md, "Durable state").
struct PartitionState: Sendable {
    var versions = VersionTable()
    var joins: PendingJoinStore
    var dataLossAlerts = AlertPolicy()
    /// The latest event time seen in this partition: the join clock, and the time of alerts about the input.
    var latestEventTime: Int64 = 0
    /// The event time from which the versions are checked for retirement again: the earliest at which one of them
    /// could have gone `retire_after` without traffic. Not stored: a restored partition checks at its first event.
    var nextRetirementCheck = Int64.min
    /// The next offset to read of each input topic's partition, as far as the state reflects it.
    var positions = InputPositions()
    /// Keys on the state topic that nothing holds any more (a model removed from the configuration, a version evicted
    /// or retired): deleted at the next checkpoint.
    var staleKeys: [String] = []
    /// The sequence numbers of versions dropped from this partition, for their return (see ``SequenceFloor``).
    var sequenceFloors: [VersionKey: SequenceFloor] = [:]
    /// Floors not yet on the state topic.
    var unwrittenFloors: Set<VersionKey> = []

    init(joins: PendingJoinStore) {
        self.joins = joins
    }
}

/// The next offset to read in one partition of each input topic: where processing resumes after a restore.
public struct InputPositions: Codable, Sendable, Hashable {
    /// The predictions topic's partition.
    public var predictions: Int64?
    /// The outcomes topic's partition.
    public var outcomes: Int64?

    public init(predictions: Int64? = nil, outcomes: Int64? = nil) {
        self.predictions = predictions
        self.outcomes = outcomes
    }
}

/// The partition-wide part of the state as written to the state topic (`format_version` 1, JSON).
struct PartitionSnapshot: Codable {
    static let formatVersion = 1
    static let key = "p"

    var formatVersion: Int
    var latestEventTime: Int64
    var joinTime: Int64
    var joinCounters: JoinCounters
    var dataLossAlerts: AlertPolicy

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case latestEventTime = "latest_event_time"
        case joinTime = "join_time"
        case joinCounters = "join_counters"
        case dataLossAlerts = "data_loss_alerts"
    }
}

/// A checkpoint of one partition's state: the records that bring the state topic up to date, and the input
/// positions the state reflects.
public struct PartitionCheckpoint: Sendable {
    /// Records to write, in order: later records of a key supersede earlier ones.
    public var records: [StateRecord]
    /// Where processing resumes when this state is restored.
    public var positions: InputPositions
}

/// What was dropped when partitions were released, for whoever keeps views of it (a status page, alert sinks).
public struct ReleasedState: Sendable, Hashable {
    /// The model versions released, as (model, version).
    public var versions: [SignalSubject]
    /// The dedup keys of the alerts that were firing in them.
    public var firingKeys: [String]
}

/// A model version, as named in alerts.
public struct SignalSubject: Sendable, Hashable {
    public var model: String
    public var modelVersion: String

    public init(model: String, modelVersion: String) {
        self.model = model
        self.modelVersion = modelVersion
    }
}
