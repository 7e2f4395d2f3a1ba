/// What the pending-join store did, for metrics: totals since the store was created (or restored
/// from a snapshot) and the number of events waiting now.
public struct JoinCounters: Hashable, Sendable, Codable {
    /// Predictions paired with their outcome.
    public var joined = 0
    /// Predictions ignored because one with the same model and id was already seen.
    public var duplicatePredictions = 0
    /// Outcomes ignored because one with the same model and id was already seen.
    public var duplicateOutcomes = 0
    /// Predictions whose outcome did not arrive within the time to live.
    public var expiredPredictions = 0
    /// Outcomes whose prediction did not arrive within the time to live.
    public var expiredOutcomes = 0
    /// Predictions dropped before their time to live to stay within `maxPending`.
    public var evictedPredictions = 0
    /// Outcomes dropped before their time to live to stay within `maxPending`.
    public var evictedOutcomes = 0
    /// Predictions waiting for their outcome now.
    public var waitingPredictions = 0
    /// Outcomes waiting for their prediction now.
    public var waitingOutcomes = 0

    /// Creates counters, all zero.
    public init() {}
}

extension JoinCounters {
    /// Adds another store's counters to these.
    mutating func add(_ other: JoinCounters) {
        joined += other.joined
        duplicatePredictions += other.duplicatePredictions
        duplicateOutcomes += other.duplicateOutcomes
        expiredPredictions += other.expiredPredictions
        expiredOutcomes += other.expiredOutcomes
        evictedPredictions += other.evictedPredictions
        evictedOutcomes += other.evictedOutcomes
        waitingPredictions += other.waitingPredictions
        waitingOutcomes += other.waitingOutcomes
    }
}
