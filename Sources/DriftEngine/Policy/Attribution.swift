/// One feature in an alert's attribution: its test over the window, and how the feature changed.
public struct Attribution: Codable, Sendable, Hashable {
    /// The most features an attribution lists.
    public static let limit = 5

    public var feature: String
    /// The feature's test.
    public var detector: String
    /// The test's value (as in the feature's own evaluation).
    public var value: Double
    /// The test's alert threshold (its warn threshold without one).
    public var threshold: Double
    /// How the feature moved, when the window says.
    public var change: FeatureChange?

    public init(feature: String, detector: String, value: Double, threshold: Double, change: FeatureChange?) {
        self.feature = feature
        self.detector = detector
        self.value = value
        self.threshold = threshold
        self.change = change
    }
}

/// How a feature moved between its reference and a window: its mean (numeric features) or the category whose
/// share moved most (categorical features).
public struct FeatureChange: Codable, Sendable, Hashable {
    /// Up or down.
    public enum Direction: String, Codable, Sendable {
        case up
        case down
    }

    public var direction: Direction
    /// The reference's and the window's mean, for numeric features.
    public var referenceMean: Double?
    public var currentMean: Double?
    /// The category whose share moved most, with its shares in the reference and the window.
    public var category: String?
    public var referenceShare: Double?
    public var currentShare: Double?

    /// A change of the mean.
    public init(referenceMean: Double, currentMean: Double) {
        direction = currentMean >= referenceMean ? .up : .down
        self.referenceMean = referenceMean
        self.currentMean = currentMean
    }

    /// A change of a category's share.
    public init(category: String, referenceShare: Double, currentShare: Double) {
        direction = currentShare >= referenceShare ? .up : .down
        self.category = category
        self.referenceShare = referenceShare
        self.currentShare = currentShare
    }
}
