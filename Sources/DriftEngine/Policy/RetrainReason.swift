/// A firing alert that counted towards a retrain trigger.
public struct RetrainReason: Codable, Sendable, Hashable {
    public var kind: SignalKind
    /// The feature, for feature-level kinds.
    public var feature: String?
    public var detector: String
    /// The alert's statistic.
    public var value: Double
    /// The alert's CloudEvents id.
    public var alertID: String

    /// The reason a firing alert gives.
    public init(alert: AlertEvent) {
        kind = alert.kind
        feature = alert.feature
        detector = alert.detector
        value = alert.value
        alertID = alert.id
    }
}
