/// Decides when to ask for a model to be retrained, from the firing alerts of its (model, version) (README, "Events in
/// and out" and "Events, alerts and retrain triggers").
///
/// - A firing alert counts when it meets any entry of `on` (a signal kind, or a severity: that severity or
///   higher). Each alert episode counts once: a re-notification on a severity upgrade adds no second reason
///   (though an upgrade to `critical` can be the firing that first meets `on: [critical]`). Resolved alerts never
///   count.
/// - At most one trigger per (model, version) per `min_interval` of event time. Reasons that arrive within the
///   interval are not lost: they are held and emitted together as one trigger as soon as the interval has passed,
///   stamped with the end of the interval. Their `since` is the earliest and their offsets the lowest per
///   partition among the held reasons.
/// - `mode` is written into each trigger; whoever consumes the trigger starts retraining or asks for approval.
///
/// Held reasons are released when ``evaluate(_:offsets:since:)`` sees a later alert of the same model or when
/// ``advance(to:)`` is called: call it as event time moves on (e.g. after each batch). The policy is a value:
/// encode it to snapshot it and decode it to carry on exactly where it stopped.
public struct RetrainPolicy: Codable, Sendable, Hashable {
    /// The settings; may be replaced between calls.
    public var settings: RetrainSettings
    /// Keyed by `model/version`.
    private var states: [String: RetrainModelState] = [:]
    /// Where the trigger sequence of a version new to this policy starts (see ``SequenceFloor``); `nil` for a
    /// version's first life.
    private var sequenceFloor: Int?

    /// Creates a policy with no history.
    public init(settings: RetrainSettings) {
        self.settings = settings
    }

    /// Feeds one alert event (firing or resolved, as the alert policy emits them).
    ///
    /// - Parameters:
    ///   - alert: the alert event.
    ///   - offsets: prediction-topic partition → offset of the first prediction of the drifted data.
    ///   - since: event time (milliseconds since the Unix epoch) of the first drifted window.
    /// - Returns: the triggers to publish, in order: held reasons whose interval passed before this alert, then
    ///   one for this alert if it counts and the interval allows.
    public mutating func evaluate(_ alert: AlertEvent, offsets: [Int32: Int64], since: Int64) -> [RetrainTrigger] {
        let key = "\(alert.model)/\(alert.modelVersion)"
        var triggers: [RetrainTrigger] = []
        if let released = states[key]?.release(at: alert.time, settings: settings) {
            triggers.append(released)
        }
        guard alert.status == .firing,
            settings.on.contains(where: { $0.matches(kind: alert.kind, severity: alert.severity) })
        else { return triggers }
        let fresh = RetrainModelState(
            model: alert.model, modelVersion: alert.modelVersion, sequenceFloor: sequenceFloor ?? 0)
        if let trigger = states[key, default: fresh].add(alert, offsets: offsets, since: since, settings: settings) {
            triggers.append(trigger)
        }
        return triggers
    }

    /// The sequence of the last trigger, or the floor the policy started from.
    var highestSequence: Int {
        states.values.reduce(sequenceFloor ?? 0) { max($0, $1.lastSequence) }
    }

    /// Continues the trigger sequence of a version's earlier life: its next trigger is numbered after `floor`.
    /// Call it before the policy sees an alert.
    mutating func continueSequences(after floor: Int) {
        sequenceFloor = max(sequenceFloor ?? 0, floor)
    }

    /// Emits, ordered by model and version, the triggers of held reasons whose `min_interval` has passed by event
    /// time `time` (milliseconds since the Unix epoch).
    public mutating func advance(to time: Int64) -> [RetrainTrigger] {
        states.keys.sorted().compactMap { states[$0]?.release(at: time, settings: settings) }
    }
}
