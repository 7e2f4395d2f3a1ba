/// What an alert policy remembers about one `dedup_key`: the runs of breaching and clear evaluations, the open
/// episode, the last sequence number and when the last episode resolved.
struct AlertKeyState: Codable, Sendable, Hashable {
    /// An open (firing) episode.
    struct Episode: Codable, Sendable, Hashable {
        /// Event time of the episode's first firing.
        var startedAt: Int64
        /// The highest severity notified in this episode.
        var severity: Severity
        /// Whether the statistic breached by exceeding its threshold (learnt from the first firing).
        var higherIsWorse: Bool
        /// The evaluation of the episode's last firing event, for a resolution without an evaluation (a retired
        /// version); `nil` in state written before driftwatch kept it.
        var lastFiring: SignalEvaluation?
    }

    /// Breaching evaluations in a row (kept while cooling down, so a persistent breach fires once it is over).
    private var breachingRun = 0
    /// Non-breaching evaluations in a row while firing.
    private var clearRun = 0
    /// The sequence number of the last firing event; never reset, so ids stay unique across episodes.
    private(set) var lastSequence = 0
    /// Event time at which the last episode resolved.
    private var lastResolvedAt: Int64?
    private(set) var episode: Episode?

    /// A key that never fired; its first firing is number `sequenceFloor + 1`.
    init(sequenceFloor: Int = 0) {
        lastSequence = sequenceFloor
    }

    /// Applies one evaluation of this key and returns the event it causes, if any.
    mutating func apply(_ evaluation: SignalEvaluation, settings: AlertSettings) -> AlertEvent? {
        if let severity = evaluation.severity {
            return breach(evaluation, severity: severity, settings: settings)
        }
        return clear(evaluation, settings: settings)
    }

    private mutating func breach(
        _ evaluation: SignalEvaluation, severity: Severity, settings: AlertSettings
    ) -> AlertEvent? {
        clearRun = 0
        breachingRun += 1
        if var open = episode {
            // An upgrade re-notifies; a downgrade (or the same severity) is not news to the person paged.
            guard severity > open.severity else { return nil }
            open.severity = severity
            open.lastFiring = evaluation
            episode = open
            return fire(evaluation, episode: open)
        }
        let needed = evaluation.isSequential ? 1 : settings.consecutive
        guard breachingRun >= needed, !isCoolingDown(at: evaluation.window.end, settings: settings) else {
            return nil
        }
        let open = Episode(
            startedAt: evaluation.window.end, severity: severity,
            higherIsWorse: evaluation.value >= evaluation.threshold, lastFiring: evaluation)
        episode = open
        return fire(evaluation, episode: open)
    }

    private mutating func clear(_ evaluation: SignalEvaluation, settings: AlertSettings) -> AlertEvent? {
        breachingRun = 0
        guard let open = episode else { return nil }
        clearRun += 1
        guard clearRun >= settings.resolveAfter else { return nil }
        clearRun = 0
        episode = nil
        lastResolvedAt = evaluation.window.end
        return event(.resolved, evaluation, episode: open)
    }

    /// Resolves the open episode, if any, without an evaluation: the `resolved` event repeats the last firing's
    /// signal and statistic, ends at `time` and carries `reason`.
    ///
    /// - Parameters:
    ///   - dedupKey: this key, to rebuild the signal when the episode predates ``Episode/lastFiring``.
    ///   - subject: the key's model and version, likewise.
    ///   - since: event time of the version's last prediction: the start of the event's window.
    mutating func resolve(
        dedupKey: String, subject: SignalSubject, reason: String, since: Int64, at time: Int64
    ) -> AlertEvent? {
        guard let open = episode else { return nil }
        var evaluation = open.lastFiring ?? Self.evaluation(of: dedupKey, subject: subject, severity: open.severity)
        evaluation.severity = nil
        evaluation.window = SignalWindow(start: min(since, time), end: time, events: 0)
        evaluation.attribution = nil
        evaluation.driftedShare = nil
        (breachingRun, clearRun, episode, lastResolvedAt) = (0, 0, nil, time)
        return AlertEvent(
            status: .resolved, severity: open.severity, evaluation: evaluation, sequence: lastSequence,
            startedAt: open.startedAt, higherIsWorse: open.higherIsWorse, reason: reason)
    }

    /// The open episode's latest `firing` event, as it was published (same id), for an instance that restored this
    /// state and must know what fires; `nil` when nothing fires.
    func openAlert(dedupKey: String, subject: SignalSubject) -> AlertEvent? {
        guard let open = episode else { return nil }
        let evaluation = open.lastFiring ?? Self.evaluation(of: dedupKey, subject: subject, severity: open.severity)
        return event(.firing, evaluation, episode: open)
    }

    /// The signal a dedup key names (`model/version/kind[/feature][/check]`), for an episode of state written
    /// before ``Episode/lastFiring`` was kept; its statistic is unknown (0).
    private static func evaluation(of dedupKey: String, subject: SignalSubject, severity: Severity)
        -> SignalEvaluation
    {
        let prefix = "\(subject.model)/\(subject.modelVersion)/"
        var rest = dedupKey.hasPrefix(prefix) ? Substring(dedupKey.dropFirst(prefix.count)) : Substring(dedupKey)
        let kindText = rest.prefix { $0 != "/" }
        let kind = SignalKind(rawValue: String(kindText)) ?? .dataDrift
        rest = rest.dropFirst(kindText.count + 1)
        var detector = "unknown"
        if kind == .dataQuality || kind == .performance {
            if let slash = rest.lastIndex(of: "/") {
                detector = String(rest[rest.index(after: slash)...])
                rest = rest[..<slash]
            } else {
                detector = String(rest)
                rest = ""
            }
        }
        return SignalEvaluation(
            kind: kind, model: subject.model, modelVersion: subject.modelVersion,
            feature: rest.isEmpty ? nil : String(rest), detector: detector, value: 0, threshold: 0,
            severity: severity, isSequential: true, window: SignalWindow(start: 0, end: 0, events: 0))
    }

    private mutating func fire(_ evaluation: SignalEvaluation, episode: Episode) -> AlertEvent {
        lastSequence += 1
        return event(.firing, evaluation, episode: episode)
    }

    private func event(_ status: AlertStatus, _ evaluation: SignalEvaluation, episode: Episode) -> AlertEvent {
        AlertEvent(
            status: status, severity: episode.severity, evaluation: evaluation, sequence: lastSequence,
            startedAt: episode.startedAt, higherIsWorse: episode.higherIsWorse)
    }

    /// Whether `time` is less than `cooldown` of event time after the last resolve.
    private func isCoolingDown(at time: Int64, settings: AlertSettings) -> Bool {
        guard let lastResolvedAt else { return false }
        return time - lastResolvedAt < settings.cooldown
    }
}
