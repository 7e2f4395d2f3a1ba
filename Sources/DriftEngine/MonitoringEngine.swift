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
        /// The record cannot be used, for this reason (it goes to the dead-letter topic).
        case rejected(String)

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

        public init(alerts: AlertSettings = AlertSettings(), retrain: RetrainSettings? = nil) {
            self.alerts = alerts
            self.retrain = retrain
        }
    }

    private struct VersionKey: Hashable, Sendable {
        var model: String
        var version: String
    }

    private struct VersionState: Codable, Sendable {
        var monitor: ModelMonitor
        var alerts: AlertPolicy
        var retrain: RetrainPolicy?
        /// The input partition the model's predictions come from (for hand-over on rebalance).
        var partition: Int32
        /// Per dedup_key, the first offsets and time of the window where its current run of breaches began: the
        /// data a retrain trigger points at.
        var breachStarts: [String: BreachStart] = [:]
        var lastOffsets: [Int32: Int64] = [:]
    }

    private struct BreachStart: Codable, Sendable {
        var offsets: [Int32: Int64]
        var time: Int64
    }

    private let settings: [String: MonitorSettings]
    private let stateStore: (any MonitorStateStore)?
    private let policies: [String: ModelPolicies]
    private let decoder: EventDecoder
    /// Each model's feature layout, resolved once, so that events are decoded straight into window order.
    private let featureLayouts: [String: FeatureLayout]
    private let instance: String
    private var versions: [VersionKey: VersionState] = [:]
    private var joins: PendingJoinStore
    private var dataLossAlerts: AlertPolicy
    /// The latest event time seen, which stamps alerts about the input itself.
    private var latestEventTime: Int64 = 0
    private var evaluationLog: [SignalEvaluation] = []

    /// Whether every evaluation is kept until ``takeEvaluations()`` (for a status page or per-signal gauges).
    /// Off by default, so that an engine nobody takes them from does not accumulate them.
    public var keepsEvaluations = false

    /// Creates an engine for the configured models.
    ///
    /// - Parameters:
    ///   - models: each model's monitors.
    ///   - policies: each model's alert and retrain policy, by model name.
    ///   - instance: names this driftwatch in the events' `source` (`driftwatch/<instance>`).
    ///   - joinTTL: how long (event time, milliseconds) a prediction or outcome waits for the other.
    ///   - maximumPending: how many wait at most; the oldest are evicted beyond.
    ///   - stateStore: where released model versions' state is saved and restored from; `nil` drops it.
    public init(
        models: [MonitorSettings], policies: [String: ModelPolicies], joinTTL: Int64, maximumPending: Int,
        instance: String, stateStore: (any MonitorStateStore)? = nil
    ) {
        self.stateStore = stateStore
        settings = Dictionary(models.map { ($0.model, $0) }) { first, _ in first }
        self.policies = policies
        decoder = EventDecoder(knownModels: Set(settings.keys))
        featureLayouts = settings.compactMapValues(ModelMonitor.featureLayout)
        self.instance = instance
        joins = PendingJoinStore(ttl: joinTTL, maxPending: maximumPending)
        dataLossAlerts = AlertPolicy()
    }

    /// An output as a Kafka record's key and CloudEvents JSON value: alerts keyed by `dedup_key`, retrain
    /// triggers by model (DESIGN §3).
    public func encode(_ output: Output) -> (key: String, value: [UInt8]) {
        switch output {
        case .alert(let alert): (alert.dedupKey, Array(alert.cloudEventJSON(instance: instance).utf8))
        case .retrain(let trigger): (trigger.model, Array(trigger.cloudEventJSON(instance: instance).utf8))
        }
    }

    /// Handles a prediction record's bytes.
    ///
    /// - Parameters:
    ///   - fallbackTime: the record's Kafka timestamp, used when the event has no `ts`.
    ///   - partition, offset: where the record came from, for retrain triggers and hand-over.
    public mutating func ingestPrediction(_ bytes: [UInt8], fallbackTime: Int64?, partition: Int32, offset: Int64)
        -> Result
    {
        let event: PredictionEvent
        let features: FeatureVector?
        do {
            (event, features) = try decoder.decodePrediction(
                bytes, fallbackTime: fallbackTime ?? 0, layouts: featureLayouts
            )
        } catch {
            return .rejected(error.description)
        }
        latestEventTime = max(latestEventTime, event.eventTime)
        let key = VersionKey(model: event.model, version: event.modelVersion ?? "unversioned")
        do {
            // The state is changed where it is stored, through `versions.values[position]`: a copy taken out of the
            // dictionary would copy every window on its first change, and `versions[key]` (also `versions[key]!.x = y`)
            // moves or copies the whole state, a retain per window, on every event.
            let position: [VersionKey: VersionState].Index
            if let existing = versions.index(forKey: key) {
                position = existing
            } else {
                versions[key] = try makeState(key, partition: partition)
                position = versions.index(forKey: key)!
            }
            versions.values[position].partition = partition
            versions.values[position].lastOffsets[partition] = offset
            var outputs: [Output] = []
            if let report = try versions.values[position].monitor.record(
                event.asRecord, features: features, eventTime: event.eventTime, partition: partition, offset: offset
            ) {
                outputs += apply(report.evaluations, firstOffsets: report.firstOffsets, at: position)
            }
            if let joined = joins.add(event, now: latestEventTime) {
                outputs += recordJoined(joined)
            }
            return .accepted(outputs)
        } catch {
            return .rejected("the monitors of model '\(event.model)' cannot use this event: \(error)")
        }
    }

    /// Handles an outcome record's bytes.
    public mutating func ingestOutcome(_ bytes: [UInt8], fallbackTime: Int64?) -> Result {
        let event: OutcomeEvent
        do {
            event = try decoder.decodeOutcome(bytes, fallbackTime: fallbackTime ?? 0)
        } catch {
            return .rejected(error.description)
        }
        latestEventTime = max(latestEventTime, event.eventTime)
        guard let joined = joins.add(event, now: latestEventTime) else { return .accepted([]) }
        return .accepted(recordJoined(joined))
    }

    /// Raises a `data_quality` alert for records lost before they were read, resolved once records flow again.
    public mutating func recordsLost(topic: String, partition: Int32, requestedOffset: Int64, resumedOffset: Int64)
        -> [Output]
    {
        let now = latestEventTime
        let evaluation = SignalEvaluation(
            kind: .dataQuality, model: "driftwatch", modelVersion: "input", feature: "\(topic)/\(partition)",
            detector: "lost_records", value: Double(max(0, resumedOffset - requestedOffset)), threshold: 0,
            severity: .critical, isSequential: true,
            window: SignalWindow(start: now, end: now, events: Int(max(0, resumedOffset - requestedOffset)))
        )
        var resolved = evaluation
        resolved.severity = nil
        return [dataLossAlerts.evaluate(evaluation), dataLossAlerts.evaluate(resolved)].compactMap {
            $0.map(Output.alert)
        }
    }

    /// The evaluations since the last call, oldest first, when ``keepsEvaluations`` is on.
    public mutating func takeEvaluations() -> [SignalEvaluation] {
        let taken = evaluationLog
        evaluationLog.removeAll(keepingCapacity: true)
        return taken
    }

    /// The join store's counters: waiting, joined, duplicate, expired and evicted predictions and outcomes.
    public var joinCounters: JoinCounters { joins.counters }

    /// Hands over the state of models whose predictions come from these partitions (the group gave them to
    /// another member): each version's monitors and policies go to the state store, if there is one, and are
    /// dropped here. Outcomes still waiting for their predictions stay in this instance's join store.
    public mutating func release(partitions: Set<Int32>) {
        let released = versions.filter { partitions.contains($0.value.partition) }
        for (key, state) in released {
            versions[key] = nil
            guard let stateStore else { continue }
            do {
                let data = try Self.snapshotEncoder.encode(state)
                stateStore.save(MonitorSnapshot(model: key.model, modelVersion: key.version, state: Array(data)))
            } catch {
                handoverFailures += 1
            }
        }
    }

    /// How many model versions could not be saved or restored on a hand-over (they started afresh instead).
    public private(set) var handoverFailures = 0

    private static let nonFinite = (positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// Encodes state with infinities and NaN as strings (detectors start with infinite minimums).
    private static var snapshotEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan
        )
        return encoder
    }

    private static var snapshotDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan
        )
        return decoder
    }

    // MARK: - Internals

    /// The state of a version seen for the first time here: restored from the state store when it was handed
    /// over, else fresh monitors.
    private mutating func makeState(_ key: VersionKey, partition: Int32) throws -> VersionState {
        guard let settings = settings[key.model] else {
            throw EventError(.unknownModel, "model '\(key.model)' is not in the configuration")
        }
        if let snapshot = stateStore?.take(model: key.model, modelVersion: key.version) {
            do {
                return try Self.snapshotDecoder.decode(VersionState.self, from: Data(snapshot.state))
            } catch {
                handoverFailures += 1
            }
        }
        let policy = policies[key.model] ?? ModelPolicies()
        return VersionState(
            monitor: try ModelMonitor(settings: settings, modelVersion: key.version),
            alerts: AlertPolicy(settings: policy.alerts),
            retrain: policy.retrain.map { RetrainPolicy(settings: $0) },
            partition: partition
        )
    }

    private mutating func recordJoined(_ joined: JoinedPair) -> [Output] {
        let key = VersionKey(model: joined.model, version: joined.modelVersion ?? "unversioned")
        guard let position = versions.index(forKey: key) else { return [] }
        var outputs: [Output] = []
        if let label = joined.outcomeLabel,
            let report = try? versions.values[position].monitor.recordOutcomeLabel(
                label.featureValue, eventTime: joined.outcomeTime
            )
        {
            outputs += apply(report.evaluations, firstOffsets: [:], at: position)
        }
        if let error = joined.error {
            let evaluations = versions.values[position].monitor.recordJoined(
                error: error, eventTime: joined.outcomeTime)
            outputs += apply(evaluations, firstOffsets: versions.values[position].lastOffsets, at: position)
        }
        return outputs
    }

    /// Logs evaluations of the version at `position` (when ``keepsEvaluations`` is on) and applies its policies.
    private mutating func apply(
        _ evaluations: [SignalEvaluation], firstOffsets: [Int32: Int64], at position: [VersionKey: VersionState].Index
    ) -> [Output] {
        guard !evaluations.isEmpty else { return [] }
        if keepsEvaluations { evaluationLog += evaluations }
        return Self.apply(evaluations, firstOffsets: firstOffsets, to: &versions.values[position])
    }

    /// Runs evaluations through the alert policy, and firing alerts through the retrain policy.
    ///
    /// A breach run that ends without firing leaves no trace: its start is forgotten at the first clean evaluation.
    private static func apply(
        _ evaluations: [SignalEvaluation], firstOffsets: [Int32: Int64], to state: inout VersionState
    ) -> [Output] {
        var outputs: [Output] = []
        for evaluation in evaluations {
            let key = evaluation.dedupKey
            if evaluation.severity != nil, state.breachStarts[key] == nil {
                state.breachStarts[key] = BreachStart(offsets: firstOffsets, time: evaluation.window.start)
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
