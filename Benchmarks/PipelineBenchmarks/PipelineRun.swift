import DriftEngine
import DriftwatchService
import Foundation
import Kafka

/// driftwatch's processor as `driftwatch run` wires it — ``PipelineAssembly``'s `KafkaPipeline` with an
/// `EngineRecordProcessor`, at-least-once, with durable state — running in this process until it has handled a
/// given number of records. Its producer has written one `warm-up` record to each output topic before it starts.
struct PipelineRun {
    /// Where the pipeline reads and writes.
    let topics: EngineRecordProcessor.Topics
    let kafka: BenchmarkKafka
    /// Shortens the consumer's empty-fetch wait (see ``BenchmarkKafka/settings(lowLatency:)``).
    var lowLatency = false
    /// Where records' delays from their producer to the processor go, if anywhere.
    var arrivals: ArrivalDelays?

    /// Runs `engine` over the input topics until `expected` records are processed or `timeout` passes, then shuts
    /// the pipeline down gracefully.
    ///
    /// - Parameters:
    ///   - whileRunning: runs once the pipeline has started, e.g. to produce its input; it is given the pipeline's
    ///     progress.
    /// - Returns: seconds from the first batch to the last record, `nil` on timeout.
    func run(
        engine: MonitoringEngine, expected: Int, timeout: Duration,
        whileRunning: @Sendable (ProcessingProgress) async throws -> Void = { _ in }
    ) async throws -> Double? {
        let progress = ProcessingProgress(expected: expected)
        let counters = PipelineCounters(inputTopics: [topics.predictions, topics.outcomes])
        // The producer connects, registers for idempotence and looks up each output topic at its first record,
        // which holds the loop for about a second once; do it before timing, as a long-running processor has.
        let assembly = PipelineAssembly(
            client: kafka.settings(lowLatency: lowLatency), groupID: "bench-\(UUID().uuidString.prefix(8))",
            topics: topics, state: .defaults, instance: "bench")
        let producer = try KafkaProducer(configuration: assembly.producerConfiguration, logger: kafka.logger)
        for result in try await producer.sendBatch(
            [topics.alerts, topics.retrain, topics.deadLetters].map {
                KafkaProducerMessage(topic: $0, key: nil, value: Array("warm-up".utf8))
            }
        ) {
            _ = try result.get()
        }
        let pipeline = try assembly.make(
            processor: TimedRecordProcessor(
                wrapped: EngineRecordProcessor(engine: engine, topics: topics, counters: counters), progress: progress,
                arrivals: arrivals
            ),
            producer: producer, logger: kafka.logger, counters: counters
        )
        let running = Task { try await pipeline.run() }
        try await whileRunning(progress)
        let seconds = await progress.wait(timeout: timeout)
        running.cancel()
        _ = await running.result
        return seconds
    }
}
