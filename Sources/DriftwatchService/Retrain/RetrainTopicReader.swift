import Kafka
import Logging
import WireFormat

/// Reads the retrain topic from its start, outside any consumer group, into a ``RetrainLedger``: what `run` follows
/// to deliver triggers and show pending approvals, and what `driftwatch retrain approve` looks a trigger up in.
package struct RetrainTopicReader: Sendable {
    /// The topic, read whole.
    package let topic: WholeTopicReader
    private let logger: Logger

    /// - Parameter client: the brokers and properties (the reader uses no group: it commits nothing).
    package init(topic: String, client: KafkaClientSettings, groupID: String, logger: Logger) throws(KafkaError) {
        self.topic = try WholeTopicReader(
            topic: topic, role: "retrain", client: client, groupID: groupID, logger: logger)
        self.logger = logger
    }

    /// driftwatch's records of one read, each with its record time (milliseconds since the Unix epoch); records
    /// that are not readable are logged and skipped.
    package func events(of batch: WholeTopicReader.Batch) -> [(event: RetrainTopicEvent, recordTime: Int64)] {
        topic.records(of: batch) { message in
            guard let value = message.value else { return nil }
            return try RetrainTopicEvent(cloudEvent: value).map { ($0, message.timestampMilliseconds ?? 0) }
        }
    }

    /// Applies a read's events to `ledger`, logging decisions that contradict an earlier one.
    package func apply(_ batch: WholeTopicReader.Batch, to ledger: inout RetrainLedger) {
        for (event, recordTime) in events(of: batch) {
            guard let ignored = ledger.apply(event, recordTime: recordTime) else { continue }
            logger.warning(
                "A second, different decision on a retrain trigger is ignored: the first one stands",
                metadata: [LogKey.triggerID: "\(ignored.triggerID)", "by": "\(ignored.by)"])
        }
    }

    /// Reads the whole topic, as it is now, into a ledger.
    ///
    /// - Throws: `KafkaError` when the topic cannot be read to its end within `timeout`.
    package func readToEnd(timeout: Duration = .seconds(60)) async throws(KafkaError) -> RetrainLedger {
        var ledger = RetrainLedger()
        try await topic.readToEnd(timeout: timeout) { apply($0, to: &ledger) }
        return ledger
    }

    /// Leaves the brokers.
    package func close() async {
        await topic.close()
    }
}
