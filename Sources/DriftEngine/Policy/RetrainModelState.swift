/// What a retrain policy remembers about one (model, version): its last trigger and the reasons held back by
/// `min_interval`.
struct RetrainModelState: Codable, Sendable, Hashable {
    /// Reasons waiting for the next trigger, with the earliest drifted data among them.
    private struct Pending: Codable, Sendable, Hashable {
        var reasons: [RetrainReason]
        var since: Int64
        var offsets: [Int32: Int64]
    }

    private let model: String
    private let modelVersion: String
    private(set) var lastSequence = 0
    private var lastTriggerAt: Int64?
    private var pending: Pending?
    /// Alert `dedup_key` → `started_at` of its last episode that counted, so that an episode counts once even
    /// when it re-fires on a severity upgrade.
    private var countedEpisodes: [String: Int64] = [:]

    /// A version's retrain state; its first trigger is number `sequenceFloor + 1`.
    init(model: String, modelVersion: String, sequenceFloor: Int = 0) {
        self.model = model
        self.modelVersion = modelVersion
        lastSequence = sequenceFloor
    }

    /// Adds a firing alert that meets the policy's conditions; returns a trigger unless `min_interval` holds it
    /// back (then it waits in the pending reasons) or its episode already counted.
    mutating func add(
        _ alert: AlertEvent, offsets: [Int32: Int64], since: Int64, settings: RetrainSettings
    ) -> RetrainTrigger? {
        guard countedEpisodes[alert.dedupKey] != alert.startedAt else { return nil }
        countedEpisodes[alert.dedupKey] = alert.startedAt
        let reason = RetrainReason(alert: alert)
        if var waiting = pending {
            waiting.reasons.append(reason)
            waiting.since = min(waiting.since, since)
            waiting.offsets.merge(offsets, uniquingKeysWith: min)
            pending = waiting
        } else {
            pending = Pending(reasons: [reason], since: since, offsets: offsets)
        }
        if let lastTriggerAt, alert.time - lastTriggerAt < settings.minInterval {
            return nil
        }
        return trigger(at: alert.time, settings: settings)
    }

    /// Emits the pending reasons once `min_interval` has passed by event time `time`, stamped with the moment the
    /// interval ended (so the result does not depend on how often this is called).
    mutating func release(at time: Int64, settings: RetrainSettings) -> RetrainTrigger? {
        guard pending != nil, let lastTriggerAt, time - lastTriggerAt >= settings.minInterval else { return nil }
        return trigger(at: lastTriggerAt + settings.minInterval, settings: settings)
    }

    private mutating func trigger(at time: Int64, settings: RetrainSettings) -> RetrainTrigger? {
        guard let waiting = pending else { return nil }
        pending = nil
        lastSequence += 1
        lastTriggerAt = time
        return RetrainTrigger(
            model: model, modelVersion: modelVersion, mode: settings.mode, reasons: waiting.reasons,
            since: waiting.since, offsets: waiting.offsets, sequence: lastSequence, time: time)
    }
}
