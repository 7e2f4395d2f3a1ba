/// A request to retrain one (model, version), as published on the retrain topic (README, "Events in and out").
///
/// ``cloudEventJSON(instance:)`` encodes one for Kafka, with ``model`` as the record key.
public struct RetrainTrigger: Sendable, Hashable {
    public let model: String
    public let modelVersion: String
    public let mode: RetrainMode
    /// The alerts that caused it, in the order they fired.
    public let reasons: [RetrainReason]
    /// Event time (milliseconds since the Unix epoch) of the first drifted window among the reasons.
    public let since: Int64
    /// Prediction-topic partition → first offset of the drifted data (the lowest among the reasons).
    public let offsets: [Int32: Int64]
    /// Counts the triggers of this (model, version), from 1.
    public let sequence: Int
    /// The event time of the trigger: that of the alert that caused it, or, for reasons held back by
    /// `min_interval`, the moment the interval ended.
    public let time: Int64

    /// `model/version/retrain/<sequence>`: unique per trigger, the same after a replay or a restart.
    public var dedupKey: String { "\(model)/\(modelVersion)/retrain/\(sequence)" }

    /// The CloudEvents id, derived from the `model/version/retrain` stream and ``sequence`` only.
    public var id: String {
        EventID.make(dedupKey: "\(model)/\(modelVersion)/retrain", sequence: sequence, status: "trigger")
    }
}
