import DriftwatchTestSupport
import Foundation

/// The pipeline benchmarks of `make bench`. Each prints its figures beside the comparison measured in the same run.
///
/// - `kafka [EVENTS]`: starts a `driftwatch dev-broker`; pipeline throughput against kcat and where the time goes,
///   latency at half the measured maximum, and scaling over partitions and models.
/// - `throughput [EVENTS]`: the throughput measurement alone (for profiling).
/// - `latency RATE`: the latency measurement alone, at RATE events/s.
/// - `in-memory [EVENTS]`: decoding alone, the engine alone and engines on every core, without Kafka (for
///   profiling).
/// - `memory-series SERIES`: resident bytes per monitored series.
/// - `memory-joins PENDING`: resident bytes per prediction waiting for its outcome.
/// - `memory-versions VERSIONS`: resident bytes per model version, added in steps of ten up to VERSIONS.
/// - `state [PENDING]`: starts a `driftwatch dev-broker`; restore time and state-topic bytes for PENDING pending
///   joins (default 1,000,000) and for 10,000 model versions (100 models × 100), and the rebalance pause of each.
///
/// Run each memory measurement in a process of its own.
let arguments = CommandLine.arguments.dropFirst()
let reference = try BenchmarkMonitors.reference()

switch (arguments.first, arguments.dropFirst().first.flatMap { Int($0) }) {
case ("kafka", let events):
    let broker = try await DevBrokerProcess(arguments: ["--partitions", "1"])
    let kafka = BenchmarkKafka(bootstrapServers: broker.bootstrapServers)
    let events = events ?? 1_000_000
    let maximum = try await ThroughputBenchmark(
        broker: broker, kafka: kafka, reference: reference, events: events, windowEvents: 2000
    ).run()
    print()
    try await LatencyBenchmark(broker: broker, kafka: kafka, reference: reference, rate: maximum / 2, seconds: 10)
        .run()
    print()
    try await ScalingBenchmark(broker: broker, kafka: kafka, reference: reference, windowEvents: 2000)
        .run(modelCounts: [1_000, 10_000, 100_000], modelEvents: 200_000)
    _ = await broker.stop()
case ("throughput", let events):
    let broker = try await DevBrokerProcess(arguments: ["--partitions", "1"])
    let kafka = BenchmarkKafka(bootstrapServers: broker.bootstrapServers)
    _ = try await ThroughputBenchmark(
        broker: broker, kafka: kafka, reference: reference, events: events ?? 1_000_000, windowEvents: 2000
    ).run()
    _ = await broker.stop()
case ("latency", let rate?):
    let broker = try await DevBrokerProcess(arguments: ["--partitions", "1"])
    let kafka = BenchmarkKafka(bootstrapServers: broker.bootstrapServers)
    try await LatencyBenchmark(broker: broker, kafka: kafka, reference: reference, rate: Double(rate), seconds: 15)
        .run()
    _ = await broker.stop()
case ("in-memory", let events):
    let data = PredictionDataSet(events: events ?? 1_000_000, models: 150)
    let rates = InMemoryRates(data: data, reference: reference, windowEvents: 2000)
    print(Measurement.line("decoding, dictionary", "\(Measurement.grouped(rates.decodeRate())) events/s"))
    print(Measurement.line("decoding, schema-ordered", "\(Measurement.grouped(rates.layoutDecodeRate())) events/s"))
    print(
        Measurement.line(
            "engine alone (ingestPrediction on bytes)",
            "\(Measurement.grouped(try rates.engineRate(partitions: 75))) events/s"
        ))
    let checkpoint = try rates.checkpointCost(partitions: 75)
    print(checkpoint.line)
    try EngineShards(data: data, reference: reference, windowEvents: 2000).report(partitions: 75)
case ("memory-series", let series?):
    try MemoryBenchmark(reference: reference).perSeries(series: series, windowEvents: 200)
case ("memory-versions", let versions?):
    let steps = [10_000, 100_000, 1_000_000].filter { $0 < versions } + [versions]
    try MemoryBenchmark(reference: reference).versionScaling(steps: steps, eventsPerVersion: 9)
case ("memory-joins", let pending?):
    try MemoryBenchmark(reference: reference).perPendingJoin(pending: pending)
case ("state", let pending):
    let broker = try await DevBrokerProcess(arguments: ["--partitions", "1"])
    let kafka = BenchmarkKafka(bootstrapServers: broker.bootstrapServers)
    try await StateBenchmark(broker: broker, kafka: kafka, reference: reference).run(
        pending: pending ?? 1_000_000, joinPartitions: 64, models: 100, versionsPerModel: 100, eventsPerVersion: 20,
        versionPartitions: 64
    )
    _ = await broker.stop()
default:
    let usage =
        "usage: PipelineBenchmarks kafka [EVENTS] | throughput [EVENTS] | latency RATE | in-memory [EVENTS] | memory-series N | "
        + "memory-joins N | memory-versions N | state [PENDING]\n"
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
