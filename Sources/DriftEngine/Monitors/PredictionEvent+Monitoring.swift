import DriftDetection

extension PredictionEvent {
    /// The event as the profile builder and windows read it.
    var asRecord: PredictionRecord {
        PredictionRecord(
            id: id, model: model, modelVersion: modelVersion, features: features,
            prediction: PredictionRecord.Output(
                label: prediction.label?.featureValue, score: prediction.score, value: prediction.value
            )
        )
    }
}

extension ClassLabel {
    /// The label as a feature value: a number when it was sent as one, so that it matches profiles built from
    /// the same events.
    var featureValue: FeatureValue {
        if isNumeric, let number = Double(text) { return .number(number) }
        return .string(text)
    }
}
