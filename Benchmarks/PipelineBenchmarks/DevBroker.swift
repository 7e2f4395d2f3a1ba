import DriftwatchTestSupport

/// The `driftwatch dev-broker` the benchmarks run against: a separate process running librdkafka's mock cluster.
extension DevBrokerProcess {
    /// The bytes one partition is filled with at most: the mock keeps about 5 MiB (or 100,000 batches) per
    /// partition and drops older data, so a topic of many events is spread over enough partitions to keep them all.
    static let partitionBudgetBytes = 4_500_000

    /// How many partitions keep `data` whole.
    static func partitions(for data: PredictionDataSet) -> Int {
        (data.values.count * data.recordBytes + partitionBudgetBytes - 1) / partitionBudgetBytes
    }
}
