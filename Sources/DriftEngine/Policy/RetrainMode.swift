/// Whether a retrain trigger starts retraining by itself or asks a person first.
public enum RetrainMode: String, Codable, Sendable {
    case automatic
    case approvalRequired = "approval_required"
}
