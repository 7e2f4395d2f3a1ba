import DriftDetection
import Foundation

/// Identifies a model version's state.
struct VersionKey: Hashable, Sendable {
    var model: String
    var version: String

    /// The version's key within its partition's state: `v/<model>/<version>`.
    var stateKey: String { "v/\(model)/\(version)" }
}

/// Everything the engine knows about one model version: its monitors and its alert and retrain policies.
struct VersionState: Sendable {
    var monitor: ModelMonitor
    var alerts: AlertPolicy
    var retrain: RetrainPolicy?
    /// Per dedup_key, the first offsets and time of the window where its current run of breaches began: the
    /// data a retrain trigger points at.
    var breachStarts: [String: BreachStart] = [:]
    var lastOffsets: [Int32: Int64] = [:]
    /// The latest event time of the version's predictions: it is retired `retire_after` of event time later
    /// without another (see ``MonitoringEngine/ModelPolicies/retireAfter``).
    var lastEventTime: Int64 = 0
    /// Whether anything changed since the state was last written to the state topic.
    var isDirty = true

    struct BreachStart: Codable, Sendable {
        var offsets: [Int32: Int64]
        var time: Int64
    }

    /// What recording a prediction in the monitors did besides the report, for the engine's counters.
    struct Recorded {
        var report: ModelMonitor.Report?
        /// Predictions the event-time window dropped as late because of this one.
        var lateEvents: Int
        /// Feature names the warm-up ignored because of this one.
        var ignoredFeatureNames: Int
        /// Whether the version waits for its published profile and only counts events.
        var isAwaitingReference: Bool
    }

    /// Records a prediction at `offset` of `partition`: marks the state changed and feeds the monitors.
    ///
    /// One mutating call, so that the engine changes the state where its ``VersionTable`` stores it rather than
    /// reading and writing field by field.
    mutating func record(
        _ prediction: PredictionEvent, features: FeatureVector?, partition: Int32, offset: Int64
    ) throws -> Recorded {
        isDirty = true
        lastOffsets[partition] = offset
        lastEventTime = max(lastEventTime, prediction.eventTime)
        let (lateBefore, ignoredBefore) = (monitor.lateEvents, monitor.ignoredFeatureNames)
        let report = try monitor.record(
            prediction, features: features, eventTime: prediction.eventTime, partition: partition, offset: offset)
        return Recorded(
            report: report, lateEvents: monitor.lateEvents - lateBefore,
            ignoredFeatureNames: monitor.ignoredFeatureNames - ignoredBefore,
            isAwaitingReference: monitor.isAwaitingReference)
    }

    /// Records a joined prediction's error on the concept detector; returns its evaluations and the offsets of the
    /// version's latest predictions, where a retrain would start.
    mutating func recordJoined(error: Double, eventTime: Int64) -> (
        evaluations: [SignalEvaluation], lastOffsets: [Int32: Int64]
    ) {
        (monitor.recordJoined(error: error, eventTime: eventTime), lastOffsets)
    }

    /// The state as written to the state topic, when anything changed since it was last written. Mutating only so
    /// that a state in a dictionary is read where it is stored (see ``record(_:features:partition:offset:)``).
    mutating func snapshotIfDirty(_ key: VersionKey, settingsFingerprint: String) -> VersionSnapshot? {
        guard isDirty else { return nil }
        return VersionSnapshot(
            header: .init(
                formatVersion: VersionSnapshot.formatVersion, model: key.model, modelVersion: key.version,
                settingsFingerprint: settingsFingerprint),
            policies: .init(
                alerts: alerts, retrain: retrain, breachStarts: breachStarts, lastOffsets: lastOffsets,
                lastEventTime: lastEventTime),
            monitor: monitor)
    }

    /// Continues the alert and retrain sequences of the version's earlier life, before it sees an event.
    mutating func continueSequences(after floor: SequenceFloor) {
        alerts.continueSequences(after: floor.alerts)
        retrain?.continueSequences(after: floor.retrain)
    }

    /// Applies a model's configured policies from now on; the current ones keep their history and sequence numbers.
    mutating func configure(_ configured: MonitoringEngine.ModelPolicies) {
        alerts.settings = configured.alerts
        if let settings = configured.retrain {
            if retrain == nil { retrain = RetrainPolicy(settings: settings) }
            retrain?.settings = settings
        } else {
            retrain = nil
        }
    }
}

/// A model version's state as written to the state topic: `format_version` 2, in ``StateEncoder``'s binary form
/// (version 1 was JSON, which ``VersionRecord`` still reads).
///
/// The policies are always restored, so that alert and retrain ids continue their sequences; the monitors only
/// when the configuration that shaped them (reference, windows, tests, detector) is unchanged, which
/// `settings_fingerprint` records. Monitors are decoded with the configured settings, which the snapshot does not
/// repeat.
struct VersionSnapshot: Codable {
    static let formatVersion = 2

    /// What is read first: enough to decide whether, and how, to read the rest.
    struct Header: Codable {
        var formatVersion: Int
        var model: String
        var modelVersion: String
        var settingsFingerprint: String

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version"
            case model
            case modelVersion = "model_version"
            case settingsFingerprint = "settings_fingerprint"
        }
    }

    /// The policies and what a retrain trigger points at.
    struct Policies: Codable {
        var alerts: AlertPolicy
        var retrain: RetrainPolicy?
        var breachStarts: [String: VersionState.BreachStart]
        var lastOffsets: [Int32: Int64]
        /// ``VersionState/lastEventTime``; absent in state written before driftwatch kept it, which restores as
        /// the partition's latest event time (the version counts as seen at the restore).
        var lastEventTime: Int64?

        enum CodingKeys: String, CodingKey {
            case alerts, retrain
            case breachStarts = "breach_starts"
            case lastOffsets = "last_offsets"
            case lastEventTime = "last_event_time"
        }
    }

    /// The monitors, decoded only when the fingerprint matches.
    struct Monitors: Codable {
        var monitor: ModelMonitor
    }

    var header: Header
    var policies: Policies
    var monitor: ModelMonitor

    func encode(to encoder: any Encoder) throws {
        try header.encode(to: encoder)
        try policies.encode(to: encoder)
        try Monitors(monitor: monitor).encode(to: encoder)
    }

    init(header: Header, policies: Policies, monitor: ModelMonitor) {
        self.header = header
        self.policies = policies
        self.monitor = monitor
    }

    init(from decoder: any Decoder) throws {
        header = try Header(from: decoder)
        policies = try Policies(from: decoder)
        monitor = try Monitors(from: decoder).monitor
    }
}
