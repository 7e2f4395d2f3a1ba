import DriftDetection
import DriftEngine
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka

/// Pipeline throughput against the raw librdkafka limit, and where the time goes: one topic of realistic
/// prediction events read by kcat, by driftwatch's Kafka layer alone, and by the whole processor; the same
/// events decoded alone and run through the engine alone, in memory.
struct ThroughputBenchmark {
    /// The share of kcat's rate the processor should reach.
    static let target = 0.5
    /// Events per second the engine alone should handle on one core.
    static let engineTarget = 1_000_000.0

    let broker: DevBrokerProcess
    let kafka: BenchmarkKafka
    let reference: ReferenceProfile
    let events: Int
    let windowEvents: Int

    /// Runs every measurement, prints it, and returns the processor's rate in events per second.
    func run() async throws -> Double {
        let sample = PredictionDataSet(events: 1000, models: 1)
        let partitions =
            (events * sample.recordBytes + DevBrokerProcess.partitionBudgetBytes - 1)
            / DevBrokerProcess.partitionBudgetBytes  // the models are not known yet: a sample gives the size
        let data = PredictionDataSet(events: events, models: 2 * partitions)
        print(
            "== Pipeline throughput: \(Measurement.grouped(Double(events))) prediction events "
                + "(\(Measurement.decimal(data.averageBytes, 0)) bytes, 10 features) of \(data.models.count) models "
                + "on \(partitions) partitions =="
        )
        let topic = try await LoadedTopic.load(
            data, partitions: partitions, broker: broker, kafka: kafka, prefix: "bench-predictions"
        )
        let kcatRate = try topic.kcatRate()
        print(Measurement.line("kcat -C to /dev/null (best of 3)", "\(Measurement.grouped(kcatRate)) msgs/s"))
        let kafkaRate = try await topic.kafkaRate()
        print(
            Measurement.line(
                "Kafka alone (KafkaConsumer poll, discard)",
                "\(Measurement.grouped(kafkaRate)) msgs/s   \(Measurement.decimal(kafkaRate / kcatRate)) × kcat"
            ))
        let pipelineRate = try await topic.pipelineRate(reference: reference, windowEvents: windowEvents)
        let ratio = pipelineRate / kcatRate
        print(
            Measurement.line(
                "driftwatch (KafkaPipeline, every monitor)",
                "\(Measurement.grouped(pipelineRate)) events/s   \(Measurement.decimal(ratio)) × kcat   "
                    + "target ≥ \(Self.target): \(Measurement.verdict(ratio >= Self.target))   "
                    + "\(Measurement.grouped(pipelineRate / Double(ProcessInfo.processInfo.activeProcessorCount))) "
                    + "per core"
            ))

        print("-- where the time goes (same events, in memory) --")
        let inMemory = InMemoryRates(data: data, reference: reference, windowEvents: windowEvents)
        let dictionaryRate = inMemory.decodeRate()
        print(
            Measurement.line(
                "decoding alone, features in a dictionary",
                "\(Measurement.grouped(dictionaryRate)) events/s   "
                    + "\(Measurement.decimal(dictionaryRate / kcatRate)) × kcat"
            ))
        let decodeRate = inMemory.layoutDecodeRate()
        print(
            Measurement.line(
                "decoding alone, schema-ordered (engine's)",
                "\(Measurement.grouped(decodeRate)) events/s   \(Measurement.decimal(decodeRate / kcatRate)) × kcat"
            ))
        let engineRate = try inMemory.engineRate(partitions: partitions)
        print(
            Measurement.line(
                "engine alone (ingestPrediction on bytes)",
                "\(Measurement.grouped(engineRate)) events/s   \(Measurement.decimal(engineRate / kcatRate)) × kcat   "
                    + "target ≥ \(Measurement.grouped(Self.engineTarget)) on one core: "
                    + Measurement.verdict(engineRate >= Self.engineTarget)
            ))
        print(
            Measurement.line(
                "ns per event: pipeline ≈ Kafka + engine (decode)",
                "\(nanoseconds(pipelineRate)) ≈ \(nanoseconds(kafkaRate)) + \(nanoseconds(engineRate)) "
                    + "(\(nanoseconds(decodeRate)))"
            ))
        let checkpoint = try inMemory.checkpointCost(partitions: partitions)
        print(checkpoint.line)
        print()
        try EngineShards(data: data, reference: reference, windowEvents: windowEvents).report(partitions: partitions)
        return pipelineRate
    }

    private func nanoseconds(_ rate: Double) -> String {
        Measurement.decimal(1e9 / rate, 0) + " ns"
    }
}
