/// The reference of a model's outputs: the predicted label (classification), the score of the
/// positive class, or the predicted value (regression); each when the events carried it.
public struct PredictionProfile: Codable, Equatable, Sendable {
    /// The predicted label's distribution.
    public var label: FeatureProfile?
    /// The score's distribution.
    public var score: FeatureProfile?
    /// The predicted value's distribution.
    public var value: FeatureProfile?

    /// Creates a profile.
    public init(label: FeatureProfile?, score: FeatureProfile?, value: FeatureProfile?) {
        self.label = label
        self.score = score
        self.value = value
    }
}
