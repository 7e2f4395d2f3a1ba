import DriftEngine
import DriftwatchService
import DriftwatchTestSupport

extension EngineRecordProcessor.Topics {
    /// A fresh set of the pipeline's topics on the dev broker, with `predictions` (of `partitions` partitions) as
    /// the input and a state topic of as many partitions, as `driftwatch run` needs it.
    static func fresh(predictions: String, partitions: Int, on broker: DevBrokerProcess, prefix: String)
        async throws -> Self
    {
        Self(
            predictions: predictions,
            outcomes: try await broker.createTopic(prefix: prefix + "-outcomes", partitions: 1),
            alerts: try await broker.createTopic(prefix: prefix + "-alerts", partitions: 1),
            retrain: try await broker.createTopic(prefix: prefix + "-retrain", partitions: 1),
            deadLetters: try await broker.createTopic(prefix: prefix + "-dlq", partitions: 1),
            state: try await broker.createTopic(prefix: prefix + "-state", partitions: partitions)
        )
    }
}
