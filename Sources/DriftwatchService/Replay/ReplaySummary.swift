/// What a replay did: the events the engine used and turned down, and what it wrote.
package struct ReplaySummary: Sendable, Equatable, CustomStringConvertible {
    /// Prediction lines the engine accepted.
    package var predictions = 0
    /// Outcome lines the engine accepted.
    package var outcomes = 0
    /// Lines of either file the engine rejected (each reported as `FILE:LINE: reason`).
    package var rejected = 0
    /// Alert CloudEvents written.
    package var alerts = 0
    /// Retrain-trigger CloudEvents written.
    package var retrainTriggers = 0

    package init() {}

    /// The one-line summary printed at the end.
    package var description: String {
        "replayed \(predictions) predictions, \(outcomes) outcomes, \(rejected) rejected, \(alerts) alerts, "
            + "\(retrainTriggers) retrain triggers"
    }
}
