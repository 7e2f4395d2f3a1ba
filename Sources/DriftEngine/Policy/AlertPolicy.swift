/// Turns signal evaluations into firing and resolved alerts: deduplicated by `dedup_key`, honouring `consecutive`,
/// `cooldown` and `resolve_after` (README, "Events, alerts and retrain triggers").
///
/// Feed it every evaluation of a (model, version) in event-time order: each closed window of a window test, each
/// drift of a sequential detector, and each periodic resolution check of a sequential signal (severity `nil` once
/// its windowed error rate is back within the reference, a severity while it is not).
///
/// - A window test fires after `consecutive` breaching windows in a row; a sequential detector's drift fires at
///   once. Either way, not within `cooldown` of event time after the key last resolved: breaches then are
///   counted, and the first breaching evaluation after the cooldown fires if the run is long enough.
/// - While an alert fires, further breaches emit nothing, except an upgrade from `warning` to `critical`, which
///   emits a new `firing` event (same `dedup_key` and `started_at`, next sequence number) so that paging systems
///   notify again. A downgrade emits nothing; the episode keeps its highest severity.
/// - `resolve_after` non-breaching evaluations in a row resolve the alert (window tests and sequential checks
///   alike); the `resolved` event carries the episode's severity and the resolving evaluation's statistic.
///
/// The policy is a value: encode it to snapshot it (on a partition handover) and decode it to carry on exactly
/// where it stopped.
public struct AlertPolicy: Codable, Sendable, Hashable {
    /// The settings; may be replaced between evaluations, e.g. after restoring a snapshot with a new configuration.
    public var settings: AlertSettings
    private var states: [String: AlertKeyState] = [:]
    /// Where the sequences of keys new to this policy start: the highest of the version's earlier life (see
    /// ``SequenceFloor``); `nil` for a version's first.
    private var sequenceFloor: Int?

    /// Creates a policy with no history.
    public init(settings: AlertSettings = AlertSettings()) {
        self.settings = settings
    }

    /// Applies one evaluation and returns the alert event it causes, if any (at most one).
    public mutating func evaluate(_ evaluation: SignalEvaluation) -> AlertEvent? {
        states[evaluation.dedupKey, default: AlertKeyState(sequenceFloor: sequenceFloor ?? 0)].apply(
            evaluation, settings: settings)
    }

    /// The highest sequence number any key reached, or the floor the policy started from.
    var highestSequence: Int {
        states.values.reduce(sequenceFloor ?? 0) { max($0, $1.lastSequence) }
    }

    /// Continues the sequences of a version's earlier life: every key's firings are numbered after `floor`. Call it
    /// before the policy sees an evaluation.
    mutating func continueSequences(after floor: Int) {
        sequenceFloor = max(sequenceFloor ?? 0, floor)
    }

    /// Resolves every alert firing now, without an evaluation, ordered by `dedup_key`: each `resolved` event has
    /// its last firing's sequence number and signal, ends at `time` and carries `reason` (e.g.
    /// ``AlertEvent/versionRetired``).
    ///
    /// - Parameters:
    ///   - subject: the policy's model and version.
    ///   - since: event time of the version's last prediction, where the events' window starts.
    ///   - time: event time of the resolution.
    public mutating func resolveFiring(
        of subject: SignalSubject, reason: String, since: Int64, at time: Int64
    ) -> [AlertEvent] {
        firingKeys.compactMap { key in
            states[key]?.resolve(dedupKey: key, subject: subject, reason: reason, since: since, at: time)
        }
    }

    /// The latest `firing` event of every alert firing now, ordered by `dedup_key`, as each was published: what
    /// an instance that restored the policy re-sends and shows.
    ///
    /// - Parameter subject: the policy's model and version.
    public func firingAlerts(of subject: SignalSubject) -> [AlertEvent] {
        firingKeys.compactMap { key in states[key]?.openAlert(dedupKey: key, subject: subject) }
    }

    /// The `dedup_key`s of the alerts firing now, sorted.
    public var firingKeys: [String] {
        states.filter { $0.value.episode != nil }.keys.sorted()
    }
}
