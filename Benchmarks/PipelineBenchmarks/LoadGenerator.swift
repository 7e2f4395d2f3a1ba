import DriftwatchTestSupport
import Kafka

/// Produces prediction events at a steady rate, each stamped with its wall-clock produce time, with drift toggled
/// on and off per model every `driftEvery` of its events.
struct LoadGenerator: Sendable {
    let kafka: BenchmarkKafka
    let topic: String
    let models: [String]
    let partitions: Int
    /// Events per second once the pipeline consumes.
    let rate: Double
    /// Events to produce in all.
    let total: Int
    let driftEvery: Int

    /// Produces `total` events: a trickle until the pipeline has read its first batch (so that nothing piles up
    /// while its consumer joins the group), then `rate` events per second.
    ///
    /// - Parameters:
    ///   - steady: called with the wall-clock time (ms) at which the steady rate starts.
    func run(progress: ProcessingProgress, steady: (Int64) -> Void) async throws {
        let producer = try kafka.producer()
        var generator = PredictionEventGenerator(seed: 11)
        var perModel = [Int](repeating: 0, count: models.count)
        let keys = models.map { Array($0.utf8) }
        var produced = 0
        func produceOne() async throws {
            let model = produced % models.count
            let drifted = perModel[model] / driftEvery % 2 == 1
            perModel[model] += 1
            produced += 1
            let value = generator.event(
                model: models[model], eventTime: Measurement.wallClockMilliseconds(), drifted: drifted
            )
            try await producer.enqueueWaitingForRoom(
                KafkaProducerMessage(
                    topic: topic, partition: PredictionDataSet.partition(model: model, partitions: partitions),
                    key: keys[model], value: value
                )
            ) { _ in }
        }
        while progress.records == 0, produced < total {
            try await produceOne()
            try await Task.sleep(for: .milliseconds(10))
        }
        let start = ContinuousClock.now
        let base = produced
        steady(Measurement.wallClockMilliseconds())
        while produced < total {
            let due = base + Int(rate * Measurement.seconds(since: start))
            while produced < min(due, total) { try await produceOne() }
            try await Task.sleep(for: .milliseconds(1))
        }
        await producer.close()
    }
}
