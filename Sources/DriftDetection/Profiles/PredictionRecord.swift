/// One prediction event as the README's "Events in and out" defines it, as far as profiles need it.
///
/// Training or validation data may carry the true outcome in a top-level `label` field
/// (string, integer or boolean for classification, a number for regression).
public struct PredictionRecord: Decodable, Equatable, Sendable {
    /// The model's output.
    public struct Output: Decodable, Equatable, Sendable {
        /// The predicted class (classification).
        public var label: FeatureValue?
        /// The probability of the positive class.
        public var score: Double?
        /// The predicted value (regression).
        public var value: Double?

        /// Creates an output.
        public init(label: FeatureValue? = nil, score: Double? = nil, value: Double? = nil) {
            self.label = label
            self.score = score
            self.value = value
        }
    }

    /// The event id.
    public var id: String?
    /// The model name.
    public var model: String
    /// The model version.
    public var modelVersion: String?
    /// The input features.
    public var features: [String: FeatureValue]
    /// The model's output.
    public var prediction: Output
    /// The true label, in training or validation data.
    public var label: FeatureValue?

    enum CodingKeys: String, CodingKey {
        case id, model
        case modelVersion = "model_version"
        case features, prediction, label
    }

    /// Creates a record.
    public init(
        id: String? = nil,
        model: String,
        modelVersion: String? = nil,
        features: [String: FeatureValue],
        prediction: Output,
        label: FeatureValue? = nil
    ) {
        self.id = id
        self.model = model
        self.modelVersion = modelVersion
        self.features = features
        self.prediction = prediction
        self.label = label
    }
}
