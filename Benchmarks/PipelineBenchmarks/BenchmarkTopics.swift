import DriftEngine
import DriftwatchService
import DriftwatchTestSupport

extension EngineRecordProcessor.Topics {
    /// A fresh set of the pipeline's topics on the dev broker, with `predictions` as the input.
    static func fresh(predictions: String, on broker: DevBrokerProcess, prefix: String) async throws -> Self {
        Self(
            predictions: predictions,
            outcomes: try await broker.createTopic(prefix: prefix + "-outcomes", partitions: 1),
            alerts: try await broker.createTopic(prefix: prefix + "-alerts", partitions: 1),
            retrain: try await broker.createTopic(prefix: prefix + "-retrain", partitions: 1),
            deadLetters: try await broker.createTopic(prefix: prefix + "-dlq", partitions: 1)
        )
    }
}
