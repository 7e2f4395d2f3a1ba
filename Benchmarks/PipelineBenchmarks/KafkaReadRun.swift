import Kafka

/// driftwatch's Kafka layer alone: a `KafkaConsumer` poll loop that discards what it reads, as the pipeline
/// polls (batches of up to 5,000 records).
struct KafkaReadRun {
    let kafka: BenchmarkKafka

    /// Reads `topic` from the beginning until `expected` records arrived or `timeout` passes.
    ///
    /// - Returns: seconds from the first batch to the last record, `nil` on timeout.
    func run(topic: String, expected: Int, timeout: Duration) async throws -> Double? {
        let consumer = try kafka.consumer()
        try consumer.subscribe(topics: [topic])
        let progress = ProcessingProgress(expected: expected)
        let deadline = ContinuousClock.now + timeout
        var bytes = 0
        while progress.seconds == nil, ContinuousClock.now < deadline {
            for case .messages(let messages) in try await consumer.poll(maxMessages: 5000) {
                progress.batchStarted()
                for message in messages { bytes &+= message.value?.count ?? 0 }
                progress.batchFinished(records: messages.count)
            }
        }
        await consumer.close()
        return bytes > 0 ? progress.seconds : nil
    }
}
