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
    }

    /// Breaching evaluations in a row (kept while cooling down, so a persistent breach fires once it is over).
    private var breachingRun = 0
    /// Non-breaching evaluations in a row while firing.
    private var clearRun = 0
    /// The sequence number of the last firing event; never reset, so ids stay unique across episodes.
    private var lastSequence = 0
    /// Event time at which the last episode resolved.
    private var lastResolvedAt: Int64?
    private(set) var episode: Episode?

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
            episode = open
            return fire(evaluation, episode: open)
        }
        let needed = evaluation.isSequential ? 1 : settings.consecutive
        guard breachingRun >= needed, !isCoolingDown(at: evaluation.window.end, settings: settings) else {
            return nil
        }
        let open = Episode(
            startedAt: evaluation.window.end, severity: severity,
            higherIsWorse: evaluation.value >= evaluation.threshold)
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
