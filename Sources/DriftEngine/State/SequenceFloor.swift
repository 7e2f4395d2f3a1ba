import Foundation

/// The highest alert and retrain sequence numbers a model version had reached when its state was dropped (retired,
/// evicted, or its model removed or failed by a reload). A version that comes back continues after them, so its
/// new alerts and retrain triggers get new ids (ids derive from the dedup key and the sequence) and a returning
/// version's trigger is not taken for one that was delivered long ago. Kept per partition, on the state topic under
/// `r/<model>/<version>` while the version is away (see ARCHITECTURE.md, "Durable state").
struct SequenceFloor: Codable, Sendable, Hashable {
    var model: String
    var modelVersion: String
    /// The highest firing sequence of any of the version's alert keys.
    var alerts: Int
    /// The sequence of the version's last retrain trigger.
    var retrain: Int
    /// Event time of the drop: when a partition keeps too many floors, the oldest go first.
    var droppedAt: Int64

    enum CodingKeys: String, CodingKey {
        case model
        case modelVersion = "model_version"
        case alerts, retrain
        case droppedAt = "dropped_at"
    }

    /// The prefix of the floors' keys on the state topic.
    static let keyPrefix = "r/"

    /// How many floors a partition keeps at most (each about a hundred bytes): beyond, the oldest is forgotten, and a
    /// version that was away that long may repeat an id of its first life.
    static let maximumPerPartition = 10_000

    /// The floor of a version with these policies, dropped at `time`; `nil` when it never alerted nor triggered a
    /// retrain.
    init?(alerts alertPolicy: AlertPolicy, retrain retrainPolicy: RetrainPolicy?, key: VersionKey, at time: Int64) {
        let alerts = alertPolicy.highestSequence
        let retrain = retrainPolicy?.highestSequence ?? 0
        guard alerts > 0 || retrain > 0 else { return nil }
        (model, modelVersion, self.alerts, self.retrain, droppedAt) = (key.model, key.version, alerts, retrain, time)
    }

    /// The version the floor belongs to.
    var versionKey: VersionKey { VersionKey(model: model, version: modelVersion) }

    /// The floor's key on the state topic.
    static func stateKey(_ key: VersionKey) -> String { "\(keyPrefix)\(key.model)/\(key.version)" }
}

extension PartitionState {
    /// Drops a version's state: its firing alerts resolve with `reason` (the returned events, from its last
    /// prediction to the partition's latest event time), its record is deleted at the next checkpoint, and its
    /// sequence numbers are kept (written at the next checkpoint) for the case it comes back.
    mutating func drop(_ key: VersionKey, state: VersionState, resolving reason: String) -> [AlertEvent] {
        drop(key, alerts: state.alerts, retrain: state.retrain, lastEventTime: state.lastEventTime, resolving: reason)
    }

    /// ``drop(_:state:resolving:)`` with the version's policies only.
    mutating func drop(
        _ key: VersionKey, alerts: AlertPolicy, retrain: RetrainPolicy?, lastEventTime: Int64,
        resolving reason: String
    ) -> [AlertEvent] {
        var alerts = alerts
        let resolved = alerts.resolveFiring(
            of: SignalSubject(model: key.model, modelVersion: key.version), reason: reason, since: lastEventTime,
            at: latestEventTime)
        staleKeys.append(key.stateKey)
        keepFloor(of: key, alerts: alerts, retrain: retrain)
        return resolved
    }

    private mutating func keepFloor(of key: VersionKey, alerts: AlertPolicy, retrain: RetrainPolicy?) {
        guard let floor = SequenceFloor(alerts: alerts, retrain: retrain, key: key, at: latestEventTime) else { return }
        sequenceFloors[key] = floor
        unwrittenFloors.insert(key)
        guard sequenceFloors.count > SequenceFloor.maximumPerPartition,
            let oldest = sequenceFloors.min(by: { $0.value.droppedAt < $1.value.droppedAt })?.key
        else { return }
        forgetFloor(of: oldest)
    }

    /// Takes the floor of a version that comes back, if it has one; its record is deleted at the next checkpoint.
    mutating func takeFloor(of key: VersionKey) -> SequenceFloor? {
        guard let floor = sequenceFloors[key] else { return nil }
        forgetFloor(of: key)
        return floor
    }

    private mutating func forgetFloor(of key: VersionKey) {
        sequenceFloors[key] = nil
        unwrittenFloors.remove(key)
        staleKeys.append(SequenceFloor.stateKey(key))
    }

    /// The records of the floors added since the last checkpoint, ordered by key.
    mutating func takeUnwrittenFloors(encoder: JSONEncoder) -> [StateRecord] {
        defer { unwrittenFloors.removeAll() }
        return unwrittenFloors.compactMap { key in
            guard let floor = sequenceFloors[key], let bytes = try? encoder.encode(floor) else { return nil }
            return StateRecord(key: SequenceFloor.stateKey(key), value: Array(bytes))
        }.sorted { $0.key < $1.key }
    }
}
