/// A prediction event (README, "Events in and out"): what a model saw and what it predicted.
///
/// ```json
/// {"id": "7f1c…", "model": "fraud", "model_version": "3", "ts": "2026-11-22T10:00:00.123Z",
///  "features": {"amount": 12.5, "country": "KR", "age": null, "is_new": true},
///  "prediction": {"label": "fraud", "score": 0.93}}
/// ```
/// ``EventDecoder`` reads these from message bytes.
public struct PredictionEvent: Hashable, Sendable {
    /// The prediction's id; its outcome carries the same id.
    public var id: String
    /// The model's name, as in the configuration.
    public var model: String
    /// The model's version, when the event names one.
    public var modelVersion: String?
    /// The event time in milliseconds since the Unix epoch: `ts`, or the message's timestamp.
    public var eventTime: Int64
    /// The input features by name; a feature sent as `null` is present with ``FeatureValue/null``.
    public var features: [String: FeatureValue]
    /// The model's output.
    public var prediction: PredictionOutput

    /// Creates an event.
    public init(
        id: String,
        model: String,
        modelVersion: String? = nil,
        eventTime: Int64,
        features: [String: FeatureValue],
        prediction: PredictionOutput
    ) {
        self.id = id
        self.model = model
        self.modelVersion = modelVersion
        self.eventTime = eventTime
        self.features = features
        self.prediction = prediction
    }
}
