import DriftDetection
import DriftEngine
import DriftwatchService
import DriftwatchTestSupport
import Kafka

/// A topic on the dev broker filled with a data set, and the rates at which it can be read.
struct LoadedTopic {
    let name: String
    let partitions: Int
    let data: PredictionDataSet
    let broker: DevBrokerProcess
    let kafka: BenchmarkKafka

    /// Creates a topic of `partitions` partitions and produces `data` into it.
    static func load(
        _ data: PredictionDataSet, partitions: Int, broker: DevBrokerProcess, kafka: BenchmarkKafka, prefix: String
    ) async throws -> LoadedTopic {
        let name = try await broker.createTopic(prefix: prefix, partitions: partitions)
        try await kafka.produceAll(data.records(topic: name, partitions: partitions))
        return LoadedTopic(name: name, partitions: partitions, data: data, broker: broker, kafka: kafka)
    }

    /// The number of events in the topic.
    var events: Int { data.values.count }

    /// kcat's best rate over `runs` reads of the whole topic, in messages per second.
    func kcatRate(runs: Int = 3) throws -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            best = min(best, try KcatRead.seconds(bootstrapServers: broker.bootstrapServers, topic: name))
        }
        return Double(events) / best
    }

    /// The rate of driftwatch's Kafka consumer alone, discarding what it reads, in messages per second.
    func kafkaRate() async throws -> Double {
        let reader = KafkaReadRun(kafka: kafka)
        guard let seconds = try await reader.run(topic: name, expected: events, timeout: .seconds(120)) else {
            throw BenchmarkError("the Kafka consumer did not read all \(events) events of \(name)")
        }
        return Double(events) / seconds
    }

    /// The rate of the whole processor with every monitor on, in events per second.
    func pipelineRate(reference: ReferenceProfile, windowEvents: Int) async throws -> Double {
        let topics = try await EngineRecordProcessor.Topics.fresh(
            predictions: name, partitions: partitions, on: broker, prefix: name)
        let engine = BenchmarkMonitors.engine(models: data.models, reference: reference, windowEvents: windowEvents)
        guard
            let seconds = try await PipelineRun(topics: topics, kafka: kafka).run(
                engine: engine, expected: events, timeout: .seconds(300)
            )
        else { throw BenchmarkError("the pipeline did not process all \(events) events of \(name)") }
        return Double(events) / seconds
    }
}
