import DriftDetection
import DriftwatchTestSupport

/// Throughput of the whole processor as the input grows wider: 1, 2 and 4 partitions (each filled to the dev
/// broker's retention), and 1k, 10k and 100k distinct models over one topic.
struct ScalingBenchmark {
    let broker: DevBrokerProcess
    let kafka: BenchmarkKafka
    let reference: ReferenceProfile
    let windowEvents: Int

    func run(modelCounts: [Int], modelEvents: Int) async throws {
        print("== Scaling: partitions (each holding what the dev broker keeps of one) ==")
        let recordBytes = PredictionDataSet(events: 1000, models: 1).recordBytes
        let perPartition = DevBrokerProcess.partitionBudgetBytes / recordBytes
        for partitions in [1, 2, 4] {
            let data = PredictionDataSet(events: partitions * perPartition, models: 4 * partitions)
            let topic = try await LoadedTopic.load(
                data, partitions: partitions, broker: broker, kafka: kafka, prefix: "scale-partitions"
            )
            try await report("\(partitions) partition(s), \(Measurement.grouped(Double(topic.events))) events", topic)
        }
        print("== Scaling: distinct models (\(Measurement.grouped(Double(modelEvents))) events each run) ==")
        for models in modelCounts {
            let data = PredictionDataSet(events: modelEvents, models: models)
            let topic = try await LoadedTopic.load(
                data, partitions: DevBrokerProcess.partitions(for: data), broker: broker, kafka: kafka,
                prefix: "scale-models"
            )
            try await report(
                "\(Measurement.grouped(Double(models))) models, \(modelEvents / models) events each", topic
            )
        }
    }

    /// Prints the processor's rate beside driftwatch's Kafka consumer alone on the same topic, both timed from the
    /// first batch (kcat's whole-process time is mostly start-up on topics this small).
    private func report(_ label: String, _ topic: LoadedTopic) async throws {
        let kafkaRate = try await topic.kafkaRate()
        let pipeline = try await topic.pipelineRate(reference: reference, windowEvents: windowEvents)
        print(
            Measurement.line(
                label,
                "\(Measurement.grouped(pipeline)) events/s   Kafka alone \(Measurement.grouped(kafkaRate)) msgs/s   "
                    + "\(Measurement.decimal(pipeline / kafkaRate)) × Kafka alone   "
                    + "RSS after \(Measurement.grouped(Double(Measurement.residentBytes()) / 1_048_576)) MiB"
            ))
    }
}
