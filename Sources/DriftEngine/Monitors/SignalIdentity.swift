/// The model version a monitor's evaluations belong to.
struct SignalIdentity: Codable, Sendable, Hashable {
    var model: String
    var modelVersion: String

    func evaluation(
        kind: SignalKind, feature: String?, detector: String, value: Double, threshold: Double,
        severity: Severity?, isSequential: Bool, window: SignalWindow
    ) -> SignalEvaluation {
        SignalEvaluation(
            kind: kind, model: model, modelVersion: modelVersion, feature: feature, detector: detector, value: value,
            threshold: threshold, severity: severity, isSequential: isSequential, window: window
        )
    }
}
