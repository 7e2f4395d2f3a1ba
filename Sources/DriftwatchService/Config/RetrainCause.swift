/// One entry of `retrain.on`: a signal kind, or a severity; a firing alert that matches any entry counts toward a
/// retrain trigger.
package enum RetrainCause: String, Sendable, Equatable, CaseIterable {
    /// A feature's distribution drifted.
    case dataDrift = "data_drift"
    /// The model's output distribution drifted.
    case predictionDrift = "prediction_drift"
    /// The label distribution drifted (prior shift).
    case labelDrift = "label_drift"
    /// The error stream drifted.
    case conceptDrift = "concept_drift"
    /// Missing, mistyped, out-of-range or unseen values.
    case dataQuality = "data_quality"
    /// Accuracy, error rate or MAE degraded.
    case performance
    /// Any alert of severity `warning` or higher.
    case warning
    /// Any alert of severity `critical`.
    case critical
}
