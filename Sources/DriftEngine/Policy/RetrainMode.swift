/// Whether a retrain trigger starts retraining by itself or asks a person first.
public enum RetrainMode: String, Codable, Sendable, CaseIterable {
    /// The trigger starts retraining: the pipeline retrains on its own.
    case automatic
    /// A person approves each retrain.
    case approvalRequired = "approval_required"
}
