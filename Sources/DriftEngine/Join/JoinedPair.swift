import DriftDetection

/// A prediction paired with its outcome: what the model said and what turned out to be true.
///
/// Concept-drift and performance monitors compare ``prediction`` with ``outcomeLabel`` (classification)
/// or ``outcomeValue`` (regression).
public struct JoinedPair: Hashable, Sendable {
    /// The model's name.
    public var model: String
    /// The prediction's id.
    public var id: String
    /// The model version that made the prediction.
    public var modelVersion: String?
    /// What the model predicted.
    public var prediction: PredictionOutput
    /// The prediction's event time, in milliseconds since the epoch.
    public var predictionTime: Int64
    /// The true class, from the outcome.
    public var outcomeLabel: ClassLabel?
    /// The true value, from the outcome.
    public var outcomeValue: Double?
    /// The outcome's event time, in milliseconds since the epoch.
    public var outcomeTime: Int64

    /// Creates a pair.
    public init(
        model: String,
        id: String,
        modelVersion: String? = nil,
        prediction: PredictionOutput,
        predictionTime: Int64,
        outcomeLabel: ClassLabel? = nil,
        outcomeValue: Double? = nil,
        outcomeTime: Int64
    ) {
        self.model = model
        self.id = id
        self.modelVersion = modelVersion
        self.prediction = prediction
        self.predictionTime = predictionTime
        self.outcomeLabel = outcomeLabel
        self.outcomeValue = outcomeValue
        self.outcomeTime = outcomeTime
    }
}
