/// A class label of a prediction or an outcome, as sent: a JSON string or integer.
///
/// Labels compare as text, so a model that predicts `1` and an outcome that says `"1"` agree;
/// ``isNumeric`` remembers which form was sent, for data-quality checks and for writing the
/// label back out in its original form.
public struct ClassLabel: Hashable, Sendable, Codable {
    /// The label as text: a string as sent, an integer in decimal (`7`, `-3`).
    public var text: String
    /// Whether the label was sent as a JSON number.
    public var isNumeric: Bool

    /// Creates a label.
    public init(_ text: String, isNumeric: Bool = false) {
        self.text = text
        self.isNumeric = isNumeric
    }
}

extension ClassLabel: ExpressibleByStringLiteral {
    /// A label sent as a JSON string.
    public init(stringLiteral text: String) {
        self.init(text)
    }
}

extension ClassLabel {
    /// The label as a feature value: a number when it was sent as one, so that live labels match profiles built
    /// from the same events.
    public var featureValue: FeatureValue {
        if isNumeric, let number = Double(text) { return .number(number) }
        return .string(text)
    }
}
