/// What a model predicted: a class label, a positive-class probability, a regression value, or
/// several of these.
///
/// A decoded event always has at least one of the three.
public struct PredictionOutput: Hashable, Sendable, Codable {
    /// The predicted class (classification).
    public var label: ClassLabel?
    /// The probability of the positive class, in [0, 1].
    public var score: Double?
    /// The predicted value (regression).
    public var value: Double?

    /// Creates an output.
    public init(label: ClassLabel? = nil, score: Double? = nil, value: Double? = nil) {
        self.label = label
        self.score = score
        self.value = value
    }
}
