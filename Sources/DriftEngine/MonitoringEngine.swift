import DriftDetection
import Foundation

/// The pure decision core: decoded events in, alert and retrain events out. No Kafka, no I/O, no clocks.
///
/// Monitors are keyed by (model, version) and created when a version's first prediction arrives, so a new
/// `model_version` starts with fresh monitors (its own reference or warm-up). Outcomes join predictions by id
/// (see `PendingJoinStore`); the joined error stream feeds the concept detector.
public struct MonitoringEngine: Sendable {
    /// What a record turned into.
    public enum Result: Sendable {
        /// The record was used; these outputs follow from it.
        case accepted([Output])
        /// The record cannot be used, for this reason (it goes to the dead-letter topic with it).
        case rejected(EventError)

        public var isAccepted: Bool {
            if case .accepted = self { return true }
            return false
        }
    }

    /// An event to publish.
    public enum Output: Sendable {
        case alert(AlertEvent)
        case retrain(RetrainTrigger)

        /// Whether it goes to the alerts topic (else to the retrain topic).
        public var isAlert: Bool {
            if case .alert = self { return true }
            return false
        }
    }

    /// Per-model settings of the policies.
    public struct ModelPolicies: Sendable {
        public var alerts: AlertSettings
        public var retrain: RetrainSettings?
        /// Milliseconds of event time without a prediction after which a version is retired (`retire_after`): its
        /// firing alerts resolve with the reason ``AlertEvent/versionRetired`` and its state is dropped. `nil`: never.
        public var retireAfter: Int64?

        public init(alerts: AlertSettings = AlertSettings(), retrain: RetrainSettings? = nil, retireAfter: Int64? = nil)
        {
            self.alerts = alerts
            self.retrain = retrain
            self.retireAfter = retireAfter.map { max(1, $0) }
        }
    }

    private let settings: [String: MonitorSettings]
    /// Per model, a digest of the settings that shape its monitors' state: a restored snapshot with another one
    /// keeps its policies but starts its monitors afresh.
    let settingsFingerprints: [String: String]
    /// Per model, a digest of all its settings, levels included, as state written before levels were left out of
    /// ``settingsFingerprints`` carries.
    let fingerprintsWithLevels: [String: String]
    private let policies: [String: ModelPolicies]
    /// The configured models' names: events of other models are rejected by the decoder.
    public let modelNames: Set<String>
    /// Each model's feature layout, resolved once, so that the decoder lays events out straight in window order.
    package let featureLayouts: [String: FeatureLayout]
    /// Names this driftwatch in the `source` of the events it publishes (`driftwatch/<instance>`).
    public let instance: String
    let joinTTL: Int64
    /// The most pending joins over all partitions.
    let maximumPending: Int
    /// The bounds on what events make the engine hold.
    public let limits: MonitoringLimits
    /// The most pending joins of one model per partition.
    let maximumPendingPerModel: Int
    /// The state of every input partition this engine owns.
    var partitions: [Int32: PartitionState] = [:]
    /// Pending joins over all partitions.
    private var pendingTotal = 0
    private var evaluationLog: [SignalEvaluation] = []
    /// Versions evicted by `limits.max_versions_per_model` since ``takeEvictedVersions()`` was last called.
    private var evictedVersions = ReleasedState(versions: [], firingKeys: [])
    /// Versions retired by `retire_after` since ``takeRetiredVersions()`` was last called.
    private var retiredVersions = ReleasedState(versions: [], firingKeys: [])
    /// What restores resolved, until ``takeRestoreOutputs()``.
    var restoreOutputs: (outputs: [Output], partitions: Set<Int32>) = ([], [])
    /// What the engine counted: late events, limits that bit.
    public internal(set) var counters = EngineCounters()
    /// Every profile read from the profiles topic, of any model, as published: the latest
    /// `limits.max_versions_per_model` of each model, oldest first. A reload that gives a model `reference: topic`
    /// (or adds it) finds its versions' profiles here.
    var receivedProfiles: [String: [PublishedProfile]] = [:]
    /// The received profiles of the models whose reference is published, calibrated for their settings: what
    /// their versions compare with, now and when they start later.
    var publishedProfiles: [VersionKey: PublishedProfile] = [:]
    /// The fresh monitors of each model that compares with a configured profile, made at its first version: later
    /// versions start from a copy, so that they share the reference's bins and empty windows until they change them
    /// (half the memory of a new version, and a fraction of its making).
    private var freshMonitors: [String: ModelMonitor] = [:]

    /// Whether every evaluation is kept until ``takeEvaluations()`` (for a status page or per-signal gauges).
    /// Off by default, so that an engine nobody takes them from does not accumulate them.
    public var keepsEvaluations = false

    /// The latest event time an event may have: the end of the year 9999, the last an RFC 3339 time can name.
    static let latestEventTime: Int64 = 253_402_300_799_999

    /// Creates an engine for the configured models.
    ///
    /// - Parameters:
    ///   - models: each model's monitors.
    ///   - policies: each model's alert and retrain policy, by model name.
    ///   - instance: names this driftwatch in the events' `source` (`driftwatch/<instance>`).
    ///   - joinTTL: how long (event time, milliseconds) a prediction or outcome waits for the other.
    ///   - maximumPending: how many wait at most over all partitions; the oldest of the fullest partition are
    ///     evicted beyond.
    ///   - limits: the bounds on what events make the engine hold.
    public init(
        models: [MonitorSettings], policies: [String: ModelPolicies], joinTTL: Int64, maximumPending: Int,
        instance: String, limits: MonitoringLimits = MonitoringLimits()
    ) {
        settings = Dictionary(models.map { ($0.model, $0.calibratingReference) }) { first, _ in first }
        settingsFingerprints = settings.mapValues(Self.fingerprint)
        fingerprintsWithLevels = settings.mapValues(Self.fingerprintWithLevels)
        self.policies = policies
        self.limits = limits
        maximumPendingPerModel =
            limits.maximumPendingPerModel ?? max(1, (maximumPending + settings.count - 1) / max(1, settings.count))
        modelNames = Set(settings.keys)
        featureLayouts = settings.compactMapValues(ModelMonitor.featureLayout)
        self.instance = instance
        self.joinTTL = joinTTL
        self.maximumPending = maximumPending
    }

    /// Handles a decoded prediction.
    ///
    /// - Parameters:
    ///   - event: the prediction, as ``EventDecoder``-class decoders give it.
    ///   - features: its features in ``featureLayouts`` order, when the decoder laid them out (then
    ///     `event.features` is empty).
    ///   - recordTime: the time its record was written (the Kafka timestamp), to refuse event times far ahead.
    ///   - position: where it came from, for retrain triggers and hand-over.
    package mutating func ingest(
        _ event: PredictionEvent, features: FeatureVector?, recordTime: Int64?, at position: InputPosition
    ) -> Result {
        var result = Result.accepted([])
        withPartition(position.partition) { owned, engine in
            owned.positions.predictions = position.offset + 1
            result = engine.ingest(event, features: features, recordTime: recordTime, at: position, into: &owned)
        }
        return result
    }

    /// Handles a decoded prediction whose features are in `event.features`.
    public mutating func ingest(_ event: PredictionEvent, recordTime: Int64?, at position: InputPosition) -> Result {
        ingest(event, features: nil, recordTime: recordTime, at: position)
    }

    /// Handles a decoded outcome.
    ///
    /// - Parameters:
    ///   - recordTime: the time its record was written (the Kafka timestamp), to refuse event times far ahead.
    ///   - position: where it came from; outcomes join the predictions of the same partition.
    public mutating func ingest(_ event: OutcomeEvent, recordTime: Int64?, at position: InputPosition) -> Result {
        var result = Result.accepted([])
        withPartition(position.partition) { owned, engine in
            owned.positions.outcomes = position.offset + 1
            do throws(EventError) {
                try engine.checkEventTime(event.eventTime, recordTime: recordTime)
            } catch {
                result = engine.reject(error)
                return
            }
            owned.latestEventTime = max(owned.latestEventTime, event.eventTime)
            var outputs: [Output] = []
            if let joined = engine.addJoin(to: &owned, { $0.add(event, now: $1) }) {
                outputs = engine.recordJoined(joined, in: &owned)
            }
            if owned.latestEventTime >= owned.nextRetirementCheck {
                outputs += engine.retireIdleVersions(in: &owned)
            }
            result = .accepted(outputs)
        }
        return result
    }

    /// Records that the record at `position` of `input` could not be decoded: the partition's position moves past
    /// it, and the limit it went beyond, if any, is counted.
    public mutating func reject(_ error: EventError, of input: Input, at position: InputPosition) -> Result {
        withPartition(position.partition) { owned, _ in
            switch input {
            case .predictions: owned.positions.predictions = position.offset + 1
            case .outcomes: owned.positions.outcomes = position.offset + 1
            }
        }
        return reject(error)
    }

    /// Throws why an event time cannot be used: before 1970 or after the year 9999, or more than
    /// `limits.maximumEventTimeLead` after the record's Kafka timestamp.
    func checkEventTime(_ eventTime: Int64, recordTime: Int64?) throws(EventError) {
        guard (0...Self.latestEventTime).contains(eventTime) else {
            throw EventError(
                .invalidValue,
                "the event time (or the record's timestamp, without a ts) is outside the years 1970 to "
                    + "9999", field: "ts")
        }
        let lead = limits.maximumEventTimeLead
        guard let recordTime, recordTime >= 0, eventTime - recordTime > lead else { return }
        let minutes = (eventTime - recordTime) / 60_000
        throw EventError(
            .invalidValue,
            "\(RFC3339Time.string(fromMilliseconds: eventTime)) is \(minutes) minutes after the record was written "
                + "(\(RFC3339Time.string(fromMilliseconds: recordTime))); an event time more than \(lead / 60_000) "
                + "minutes ahead of its record is refused (limits.max_event_time_lead): check the producer's clock",
            field: "ts", limit: .eventTimeLead)
    }

    /// The rejection of an event, counted against the limit it went beyond, if any.
    private mutating func reject(_ error: EventError) -> Result {
        if let limit = error.limit { counters.hit(limit) }
        return .rejected(error)
    }

    private mutating func ingest(
        _ event: PredictionEvent, features: FeatureVector?, recordTime: Int64?, at position: InputPosition,
        into owned: inout PartitionState
    ) -> Result {
        let (partition, offset) = (position.partition, position.offset)
        do throws(EventError) {
            try checkEventTime(event.eventTime, recordTime: recordTime)
        } catch {
            return reject(error)
        }
        let key = VersionKey(model: event.model, version: event.modelVersion ?? "unversioned")
        do {
            // The state is changed where it is stored, through mutating calls on `versions[position]` (see
            // `VersionTable`): a copy taken out of the table would copy every window on its first change.
            let position: VersionTable.Index
            var outputs: [Output] = []
            if let existing = owned.versions.index(forKey: key) {
                position = existing
            } else {
                var state = try makeState(key)
                state.lastEventTime = event.eventTime
                if let floor = owned.takeFloor(of: key) { state.continueSequences(after: floor) }
                if let retireAfter = policies[key.model]?.retireAfter {
                    owned.nextRetirementCheck = min(
                        owned.nextRetirementCheck, Self.retirement(lastEventTime: event.eventTime, after: retireAfter))
                }
                outputs += makeRoom(forVersionOf: key.model, partition: partition, in: &owned)
                position = owned.versions.insert(state, for: key)
            }
            owned.latestEventTime = max(owned.latestEventTime, event.eventTime)
            let recorded = try owned.versions[position].record(
                event, features: features, partition: partition, offset: offset)
            counters.lateEvents += recorded.lateEvents
            if recorded.isAwaitingReference { counters.eventsWithoutReference += 1 }
            counters.hit(.featuresPerWarmup, times: recorded.ignoredFeatureNames)
            if let report = recorded.report {
                outputs += apply(
                    report.evaluations, firstOffsets: report.firstOffsets, to: &owned.versions[position])
            }
            if let joined = addJoin(to: &owned, { $0.add(event, now: $1) }) {
                outputs += recordJoined(joined, in: &owned)
            }
            if owned.latestEventTime >= owned.nextRetirementCheck {
                outputs += retireIdleVersions(in: &owned)
            }
            return .accepted(outputs)
        } catch {
            return .rejected(
                EventError(.invalidValue, "the monitors of model '\(event.model)' cannot use this event: \(error)"))
        }
    }

    /// Raises a `data_quality` alert for records lost before they were read, resolved once records flow again.
    public mutating func recordsLost(topic: String, partition: Int32, requestedOffset: Int64, resumedOffset: Int64)
        -> [Output]
    {
        var outputs: [Output] = []
        withPartition(partition) { owned, _ in
            let now = owned.latestEventTime
            let lost = max(0, resumedOffset - requestedOffset)
            let evaluation = SignalEvaluation(
                kind: .dataQuality, model: "driftwatch", modelVersion: "input", feature: "\(topic)/\(partition)",
                detector: "lost_records", value: Double(lost), threshold: 0, severity: .critical, isSequential: true,
                window: SignalWindow(start: now, end: now, events: Int(lost))
            )
            var resolved = evaluation
            resolved.severity = nil
            outputs = [owned.dataLossAlerts.evaluate(evaluation), owned.dataLossAlerts.evaluate(resolved)]
                .compactMap { $0.map(Output.alert) }
        }
        return outputs
    }

    /// The evaluations since the last call, oldest first, when ``keepsEvaluations`` is on.
    public mutating func takeEvaluations() -> [SignalEvaluation] {
        let taken = evaluationLog
        evaluationLog.removeAll(keepingCapacity: true)
        return taken
    }

    /// The versions evicted by `limits.max_versions_per_model` since the last call, with the alerts that were
    /// firing in them (they will not resolve: their version's state is gone).
    public mutating func takeEvictedVersions() -> ReleasedState {
        defer { evictedVersions = ReleasedState(versions: [], firingKeys: []) }
        return evictedVersions
    }

    /// The versions retired by `retire_after` since the last call, with the alerts that were firing in them (their
    /// `resolved` events were among the outputs).
    public mutating func takeRetiredVersions() -> ReleasedState {
        defer { retiredVersions = ReleasedState(versions: [], firingKeys: []) }
        return retiredVersions
    }

    /// The join stores' counters, summed over the partitions this engine owns.
    public var joinCounters: JoinCounters {
        partitions.values.reduce(into: JoinCounters()) { $0.add($1.joins.counters) }
    }

    // MARK: - Internals

    func makePartition() -> PartitionState {
        var joins = PendingJoinStore(ttl: joinTTL, maxPending: maximumPending)
        joins.maxPendingPerModel = maximumPendingPerModel
        return PartitionState(joins: joins)
    }

    /// Evicts a version of `model` when the partition holds `limits.maximumVersionsPerModel` of them: the least
    /// recently used (the lowest last offset), one without a firing alert if there is one. Returns the `resolved`
    /// events of the evicted version's firing alerts (reason ``AlertEvent/versionEvicted``).
    private mutating func makeRoom(
        forVersionOf model: String, partition: Int32, in owned: inout PartitionState
    ) -> [Output] {
        let held = owned.versions.keys(of: model)
        guard held.count >= limits.maximumVersionsPerModel else { return [] }
        let candidates = held.map { key in
            let state = owned.versions[owned.versions.index(forKey: key)!]
            return (key: key, isFiring: !state.alerts.firingKeys.isEmpty, lastUsed: state.lastOffsets[partition] ?? -1)
        }
        let victim = candidates.min { first, second in
            if first.isFiring != second.isFiring { return second.isFiring }
            return first.lastUsed != second.lastUsed
                ? first.lastUsed < second.lastUsed : first.key.version < second.key.version
        }
        guard let victim, let state = owned.versions.remove(victim.key) else { return [] }
        evictedVersions.versions.append(SignalSubject(model: victim.key.model, modelVersion: victim.key.version))
        evictedVersions.firingKeys += state.alerts.firingKeys
        counters.hit(.versionsPerModel)
        return owned.drop(victim.key, state: state, resolving: AlertEvent.versionEvicted).map(Output.alert)
    }

    /// Retires the partition's versions whose latest prediction is more than their model's `retire_after` of event
    /// time before the partition's latest event time, and returns the `resolved` events of their firing alerts.
    ///
    /// Called only when the partition's event time reaches ``PartitionState/nextRetirementCheck``, which this sets to
    /// the earliest time at which a version still held could retire: the scan runs about once per `retire_after`
    /// of event time, not per event. A version's traffic since then only makes a scan find nothing to retire. A
    /// retired version's state (monitors, policies, held retrain reasons) is dropped, its state key deleted at the
    /// next checkpoint; it starts afresh if its predictions come back.
    mutating func retireIdleVersions(in owned: inout PartitionState) -> [Output] {
        let now = owned.latestEventTime
        var next = Int64.max
        var idle: [VersionKey] = []
        for position in owned.versions.indices {
            let key = owned.versions.key(at: position)
            guard let retireAfter = policies[key.model]?.retireAfter else { continue }
            let due = Self.retirement(lastEventTime: owned.versions[position].lastEventTime, after: retireAfter)
            if now >= due {
                idle.append(key)
            } else {
                next = min(next, due)
            }
        }
        owned.nextRetirementCheck = next
        var outputs: [Output] = []
        for key in idle.sorted(by: { ($0.model, $0.version) < ($1.model, $1.version) }) {
            guard let state = owned.versions.remove(key) else { continue }
            retiredVersions.versions.append(SignalSubject(model: key.model, modelVersion: key.version))
            retiredVersions.firingKeys += state.alerts.firingKeys
            outputs += owned.drop(key, state: state, resolving: AlertEvent.versionRetired).map(Output.alert)
            counters.versionsRetired += 1
        }
        return outputs
    }

    /// The earliest partition event time at which a version last seen at `lastEventTime` is retired: more than
    /// `after` milliseconds later.
    static func retirement(lastEventTime: Int64, after: Int64) -> Int64 {
        let (due, overflow) = lastEventTime.addingReportingOverflow(after)
        return overflow || due == .max ? .max : due + 1
    }

    /// Runs `body` on a partition's state moved out of the dictionary (so that it is changed in place, not copied),
    /// with the rest of the engine; the state goes back even when `body` throws.
    private mutating func withPartition<Failure: Error>(
        _ partition: Int32, _ body: (inout PartitionState, inout Self) throws(Failure) -> Void
    ) throws(Failure) {
        var owned = partitions.removeValue(forKey: partition) ?? makePartition()
        defer { partitions[partition] = owned }
        try body(&owned, &self)
    }

    /// The state of a version seen for the first time: fresh monitors and policies.
    mutating func makeState(_ key: VersionKey) throws -> VersionState {
        guard let settings = settings[key.model] else {
            throw EventError(.unknownModel, "model '\(key.model)' is not in the configuration")
        }
        let policy = policies[key.model] ?? ModelPolicies()
        let monitor: ModelMonitor
        if let fresh = freshMonitors[key.model] {
            monitor = fresh.forVersion(key.version)
        } else {
            monitor = try ModelMonitor(
                settings: settings, modelVersion: key.version, published: publishedProfiles[key],
                maximumWarmupFeatures: limits.maximumFeaturesPerWarmup)
            if case .profile = settings.reference { freshMonitors[key.model] = monitor }
        }
        return VersionState(
            monitor: monitor,
            alerts: AlertPolicy(settings: policy.alerts),
            retrain: policy.retrain.map { RetrainPolicy(settings: $0) }
        )
    }

    /// What became of a profile read from the profiles topic.
    public enum ProfileUse: Sendable, Equatable {
        /// Its model does not compare with published profiles (or is not configured): the profile is kept for a
        /// reload that changes that.
        case kept
        /// Its model's tests cannot use it (the reason says why): the version goes on with its warm-up or the
        /// profile it had.
        case unusable(reason: String)
        /// The version compares with it from now on; in this many partitions its monitors changed reference.
        case used(switchedPartitions: Int)
    }

    /// Takes a version's published profile: the version's monitors compare with it from now on (in place of a
    /// warm-up or an earlier profile) in every partition this engine owns, and in partitions it restores or is
    /// given later, once it is calibrated for the model's `auto` tests.
    public mutating func receive(_ published: PublishedProfile) -> ProfileUse {
        keep(published)
        guard let settings = settings[published.model], case .published = settings.reference else { return .kept }
        let key = VersionKey(model: published.model, version: published.modelVersion)
        let calibrated: PublishedProfile
        do {
            calibrated = try published.calibrated(for: settings)
        } catch {
            return .unusable(reason: "\(error)")
        }
        publishedProfiles[key] = calibrated
        var switched = 0
        for partition in Array(partitions.keys) {
            withPartition(partition) { owned, _ in
                guard let position = owned.versions.index(forKey: key),
                    (try? owned.versions[position].monitor.adopt(calibrated)) == true
                else { return }
                owned.versions[position].isDirty = true
                switched += 1
            }
        }
        return .used(switchedPartitions: switched)
    }

    /// Keeps a received profile, in place of an earlier one of its version, within the model's bound.
    private mutating func keep(_ published: PublishedProfile) {
        // Profiles of models the configuration lacks are kept for a reload that adds them, of a bounded number
        // of models: anyone who can write the topic could otherwise fill the memory with made-up names.
        if settings[published.model] == nil, receivedProfiles[published.model] == nil,
            receivedProfiles.keys.count(where: { settings[$0] == nil }) >= Self.maximumUnconfiguredProfileModels
        {
            return
        }
        var kept = receivedProfiles[published.model, default: []]
        kept.removeAll { $0.modelVersion == published.modelVersion }
        kept.append(published)
        for dropped in kept.prefix(max(0, kept.count - limits.maximumVersionsPerModel)) {
            publishedProfiles[VersionKey(model: dropped.model, version: dropped.modelVersion)] = nil
        }
        receivedProfiles[published.model] = kept.suffix(limits.maximumVersionsPerModel)
    }

    /// How many models that the configuration lacks have their published profiles kept.
    static let maximumUnconfiguredProfileModels = 64

    /// Forgets a version's published profile (its record on the profiles topic was deleted): monitors that compare
    /// with it keep it; the version's monitors that start later (in another partition, or after a restart) warm up.
    public mutating func withdrawProfile(model: String, modelVersion: String) {
        receivedProfiles[model]?.removeAll { $0.modelVersion == modelVersion }
        publishedProfiles[VersionKey(model: model, version: modelVersion)] = nil
    }

    /// The configured settings and policies of a model, for restoring its versions.
    func configuration(of model: String) -> (settings: MonitorSettings, policies: ModelPolicies)? {
        settings[model].map { ($0, policies[model] ?? ModelPolicies()) }
    }

    /// Adds a prediction or outcome to a partition's join store (`add` does it, given the partition's time),
    /// keeping the pending total within the cap by evicting from the fullest partition.
    private mutating func addJoin(
        to owned: inout PartitionState, _ add: (inout PendingJoinStore, Int64) -> JoinedPair?
    ) -> JoinedPair? {
        let (before, refusedBefore) = (owned.joins.count, owned.joins.refusedOverModelShare)
        let joined = add(&owned.joins, owned.latestEventTime)
        pendingTotal += owned.joins.count - before
        counters.hit(.pendingPerModel, times: owned.joins.refusedOverModelShare - refusedBefore)
        enforcePendingCap(&owned)
        return joined
    }

    private mutating func enforcePendingCap(_ owned: inout PartitionState) {
        while pendingTotal > maximumPending {
            let fullest = partitions.max { $0.value.joins.count < $1.value.joins.count }
            if let fullest, fullest.value.joins.count > owned.joins.count {
                partitions[fullest.key]!.joins.evictOldest()
            } else if !owned.joins.evictOldest() {
                return
            }
            pendingTotal -= 1
        }
    }

    /// Recounts the pending joins after partitions came or went.
    mutating func recountPending() {
        pendingTotal = partitions.values.reduce(0) { $0 + $1.joins.count }
    }

    private mutating func recordJoined(_ joined: JoinedPair, in owned: inout PartitionState) -> [Output] {
        let key = VersionKey(model: joined.model, version: joined.modelVersion ?? "unversioned")
        guard let position = owned.versions.index(forKey: key) else { return [] }
        owned.versions[position].isDirty = true
        var outputs: [Output] = []
        if let label = joined.outcomeLabel,
            let report = try? owned.versions[position].monitor.recordOutcomeLabel(
                label.featureValue, eventTime: joined.outcomeTime
            )
        {
            // A label drift's retrain points where the version's latest predictions are, as a concept drift's does
            // (and names the partition whose owner delivers the trigger).
            let offsets = owned.versions[position].lastOffsets
            outputs += apply(report.evaluations, firstOffsets: offsets, to: &owned.versions[position])
        }
        if let error = joined.error {
            let (evaluations, offsets) = owned.versions[position].recordJoined(
                error: error, eventTime: joined.outcomeTime)
            outputs += apply(evaluations, firstOffsets: offsets, to: &owned.versions[position])
        }
        return outputs
    }

    /// Logs evaluations of a version (when ``keepsEvaluations`` is on) and applies its policies.
    private mutating func apply(
        _ evaluations: [SignalEvaluation], firstOffsets: [Int32: Int64], to state: inout VersionState
    ) -> [Output] {
        guard !evaluations.isEmpty else { return [] }
        if keepsEvaluations { evaluationLog += evaluations }
        return Self.apply(evaluations, firstOffsets: firstOffsets, to: &state)
    }

    /// Runs evaluations through the alert policy, and firing alerts through the retrain policy.
    ///
    /// Retrain reasons held back by `min_interval` are released first, as soon as a window closes after the interval
    /// ended, not only at the next firing alert (which may never come). A breach run that ends without firing leaves
    /// no trace: its start is forgotten at the first clean evaluation.
    private static func apply(
        _ evaluations: [SignalEvaluation], firstOffsets: [Int32: Int64], to state: inout VersionState
    ) -> [Output] {
        var outputs: [Output] = []
        if var retrain = state.retrain, let end = evaluations.lazy.map(\.window.end).max() {
            outputs += retrain.advance(to: end).map(Output.retrain)
            state.retrain = retrain
        }
        for evaluation in evaluations {
            let key = evaluation.dedupKey
            if evaluation.severity != nil, state.breachStarts[key] == nil {
                state.breachStarts[key] = VersionState.BreachStart(offsets: firstOffsets, time: evaluation.window.start)
            }
            let alert = state.alerts.evaluate(evaluation)
            if let alert {
                outputs.append(.alert(alert))
                if alert.status == .firing, let start = state.breachStarts[key], var retrain = state.retrain {
                    outputs += retrain.evaluate(alert, offsets: start.offsets, since: start.time).map(Output.retrain)
                    state.retrain = retrain
                }
            }
            if alert?.status == .resolved
                || (evaluation.severity == nil && !state.alerts.firingKeys.contains(key))
            {
                state.breachStarts[key] = nil
            }
        }
        return outputs
    }
}
