extension JoinedPair {
    /// The prediction's error: 1 or 0 for a wrong or right class label, the absolute difference for a value;
    /// `nil` when the pair has nothing comparable.
    var error: Double? {
        if let predicted = prediction.label, let actual = outcomeLabel {
            return predicted.text == actual.text ? 0 : 1
        }
        if let predicted = prediction.value, let actual = outcomeValue {
            return abs(predicted - actual)
        }
        return nil
    }
}
