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
    /// The output as pseudo-features for `MonitorWindow.outputs`.
    var asFeatures: [String: FeatureValue] {
        var features: [String: FeatureValue] = [:]
        if let label { features["label"] = label.featureValue }
        if let score { features["score"] = .number(score) }
        if let value { features["value"] = .number(value) }
        return features
    }
}
