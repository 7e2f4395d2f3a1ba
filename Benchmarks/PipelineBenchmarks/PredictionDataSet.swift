import Kafka

/// A stream of prediction events in memory, spread round-robin over models; each model's events go to one
/// partition (the topics are partitioned by model, README "Events in and out").
struct PredictionDataSet {
    /// The model names.
    let models: [String]
    /// Each event's message bytes, in stream order.
    let values: [[UInt8]]
    /// Each event's model, as an index into `models`.
    let modelIndices: [Int]

    /// `events` events of `models` models, one millisecond of event time apart from `startTime` on.
    init(events: Int, models: Int, startTime: Int64 = 1_795_305_600_000) {
        self.models = (0..<models).map(PredictionEventGenerator.modelName)
        var generator = PredictionEventGenerator()
        var values: [[UInt8]] = []
        values.reserveCapacity(events)
        var modelIndices: [Int] = []
        modelIndices.reserveCapacity(events)
        for index in 0..<events {
            let model = index % models
            modelIndices.append(model)
            values.append(generator.event(model: self.models[model], eventTime: startTime + Int64(index)))
        }
        self.values = values
        self.modelIndices = modelIndices
    }

    /// The mean size of an event's bytes.
    var averageBytes: Double {
        Double(values.reduce(0) { $0 + $1.count }) / Double(max(values.count, 1))
    }

    /// The partition of a model's events in a topic of `partitions` partitions.
    static func partition(model: Int, partitions: Int) -> Int32 {
        Int32(model % partitions)
    }

    /// The events as records of `topic`, keyed by model name.
    func records(topic: String, partitions: Int) -> [KafkaProducerMessage] {
        let keys = models.map { Array($0.utf8) }
        return zip(values, modelIndices).map { value, model in
            KafkaProducerMessage(
                topic: topic, partition: Self.partition(model: model, partitions: partitions), key: keys[model],
                value: value
            )
        }
    }

    /// An upper bound of the bytes one record takes on the broker: value, key and per-record overhead.
    var recordBytes: Int {
        Int(averageBytes.rounded(.up)) + (models.first?.utf8.count ?? 0) + 40
    }
}
