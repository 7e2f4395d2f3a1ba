import DriftDetection

/// An outcome event (README, "Events in and out"): the true label or value for an earlier prediction.
///
/// ```json
/// {"id": "7f1c…", "model": "fraud", "ts": "2026-11-22T13:10:00Z", "label": "legit"}
/// ```
/// The `id` is the prediction's. Outcomes may arrive long after their prediction, before it,
/// twice, or never; ``PendingJoinStore`` pairs them. ``EventDecoder`` reads these from message bytes.
public struct OutcomeEvent: Hashable, Sendable {
    /// The id of the prediction this outcome belongs to.
    public var id: String
    /// The model's name, as in the configuration.
    public var model: String
    /// The event time in milliseconds since the Unix epoch: `ts`, or the message's timestamp.
    public var eventTime: Int64
    /// The true class (classification).
    public var label: ClassLabel?
    /// The true value (regression).
    public var value: Double?

    /// Creates an event.
    public init(id: String, model: String, eventTime: Int64, label: ClassLabel? = nil, value: Double? = nil) {
        self.id = id
        self.model = model
        self.eventTime = eventTime
        self.label = label
        self.value = value
    }
}
