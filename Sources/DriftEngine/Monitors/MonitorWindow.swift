import DriftDetection

/// Everything one window of a model version holds: its input features and its outputs (predicted label, score or
/// value, tracked like features named `label`, `score` and `value`), and where in the input topic it began.
struct MonitorWindow: MergeableWindowState, Equatable {
    var features: FeatureWindowSet
    var outputs: FeatureWindowSet
    /// The first input offset per partition of the events in this window.
    var firstOffsets: [Int32: Int64] = [:]

    mutating func merge(_ other: MonitorWindow) throws {
        try features.merge(other.features)
        try outputs.merge(other.outputs)
        firstOffsets.merge(other.firstOffsets) { min($0, $1) }
    }
}

extension ReferenceProfile {
    /// The profile of the model's outputs, as pseudo-features `label`, `score` and `value`.
    var outputsAsFeatures: ReferenceProfile {
        let outputs: [String: FeatureProfile?] = [
            "label": prediction.label, "score": prediction.score, "value": prediction.value,
        ]
        return ReferenceProfile(
            model: model, modelVersion: modelVersion, events: events, features: outputs.compactMapValues { $0 },
            prediction: PredictionProfile(label: nil, score: nil, value: nil), label: nil
        )
    }

    /// The profile of the true outcome labels, as the pseudo-feature `label`.
    var labelAsFeature: ReferenceProfile? {
        guard let label else { return nil }
        return ReferenceProfile(
            model: model, modelVersion: modelVersion, events: events, features: ["label": label],
            prediction: PredictionProfile(label: nil, score: nil, value: nil), label: nil
        )
    }
}

extension PredictionOutput {
    /// The output laid out as `FeatureWindowSet.record(ordered:unexpected:)` takes it, for an output window whose
    /// schema expects `expected` (sorted names among `label`, `score` and `value`): per event, without the
    /// dictionary of pseudo-features that a window would look up by name again.
    func laidOut(for expected: [String]) -> (values: [FeatureValue?], unexpected: [String]) {
        var values: [FeatureValue?] = []
        values.reserveCapacity(expected.count)
        for name in expected {
            switch name {
            case "label": values.append(label?.featureValue)
            case "score": values.append(score.map(FeatureValue.number))
            case "value": values.append(value.map(FeatureValue.number))
            default: values.append(nil)
            }
        }
        var unexpected: [String] = []
        if label != nil, !expected.contains("label") { unexpected.append("label") }
        if score != nil, !expected.contains("score") { unexpected.append("score") }
        if value != nil, !expected.contains("value") { unexpected.append("value") }
        return (values, unexpected)
    }
}
