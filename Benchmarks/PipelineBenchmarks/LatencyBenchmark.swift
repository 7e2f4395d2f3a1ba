import DriftDetection
import DriftEngine
import DriftwatchService
import DriftwatchTestSupport
import Kafka

/// Latency from an event's produce to the alert it causes, at a given input rate (half the processor's maximum).
///
/// A generator produces events of `models` models at `rate` events/s, each with `ts` set to its wall-clock produce
/// time in milliseconds, and toggles drift on and off every `driftWindows` windows of each model. The engine fires
/// and resolves at once (`consecutive: 1`, `resolve_after: 1`, no cooldown), so alerts follow every toggle. The
/// latency of an alert is its record's Kafka timestamp minus `data.window.end`: from the produce of the event that
/// closed the window to driftwatch producing the alert. It covers the producer's linger and the broker hop, the
/// consumer's fetch, queueing behind earlier records, decoding, the windows and the tests.
struct LatencyBenchmark {
    /// p99 and p99.9 must be at most these, in milliseconds.
    static let targetP99 = 100
    static let targetP999 = 200
    /// What is not counted after the steady rate starts: the first windows of every model and the consumers'
    /// first fetches.
    static let warmupMilliseconds: Int64 = 5000

    let broker: DevBrokerProcess
    let kafka: BenchmarkKafka
    let reference: ReferenceProfile
    /// Events per second to produce.
    let rate: Double
    /// How long to produce at `rate` once the pipeline is consuming, in seconds; the first five are warm-up.
    let seconds: Int
    var models = 100
    var windowEvents = 250
    var driftWindows = 4

    func run() async throws {
        let total = Int(rate) * seconds
        print(
            "== Latency, event produce → alert produce, at \(Measurement.grouped(rate)) events/s "
                + "(half the maximum) for \(seconds) s, \(models) models, windows of \(windowEvents) events =="
        )
        let input = try await broker.createTopic(prefix: "latency-predictions", partitions: 16)
        let topics = try await EngineRecordProcessor.Topics.fresh(
            predictions: input, partitions: 16, on: broker, prefix: "latency")
        let names = (0..<models).map(PredictionEventGenerator.modelName)
        let engine = BenchmarkMonitors.engine(
            models: names, reference: reference, windowEvents: windowEvents,
            alerts: AlertSettings(consecutive: 1, cooldown: 0, resolveAfter: 1)
        )
        let collector = AlertLatencyCollector()
        let collecting = Task { try await collector.collect(topic: topics.alerts, kafka: kafka) }
        let generator = LoadGenerator(
            kafka: kafka, topic: input, models: names, partitions: 16, rate: rate, total: total,
            driftEvery: windowEvents * driftWindows
        )
        let arrivals = ArrivalDelays()
        var pipeline = PipelineRun(topics: topics, kafka: kafka)
        pipeline.lowLatency = true
        pipeline.arrivals = arrivals
        let processed = try await pipeline.run(
            engine: engine, expected: total, timeout: .seconds(seconds + 120)
        ) { progress in
            try await generator.run(progress: progress) { steadyFrom in
                collector.count(from: steadyFrom + Self.warmupMilliseconds)
                arrivals.count(from: steadyFrom + Self.warmupMilliseconds)
            }
        }
        try await Task.sleep(for: .seconds(2))
        collecting.cancel()
        _ = await collecting.result
        guard processed != nil else { throw BenchmarkError("the pipeline did not keep up with \(rate) events/s") }
        let histogram = collector.histogram
        let p99 = histogram.valueAtPercentile(99)
        print(
            Measurement.line(
                "alerts measured (after \(Self.warmupMilliseconds / 1000) s of warm-up)",
                Measurement.grouped(Double(histogram.totalCount))
            ))
        print(
            Measurement.line(
                "latency p50 / p99 / p99.9 / max",
                "\(histogram.valueAtPercentile(50)) / \(p99) / \(histogram.valueAtPercentile(99.9)) / "
                    + "\(histogram.max) ms   target p99 ≤ \(Self.targetP99) ms: "
                    + Measurement.verdict(histogram.totalCount > 0 && p99 <= UInt64(Self.targetP99))
                    + ", p99.9 ≤ \(Self.targetP999) ms: "
                    + Measurement.verdict(
                        histogram.totalCount > 0 && histogram.valueAtPercentile(99.9) <= UInt64(Self.targetP999))
            ))
        let hop = arrivals.recorded
        print(
            Measurement.line(
                "of which produce → processor p50/p99/p99.9",
                "\(hop.valueAtPercentile(50)) / \(hop.valueAtPercentile(99)) / \(hop.valueAtPercentile(99.9)) ms "
                    + "(every event, Kafka create time to its batch reaching the engine)"
            ))
    }
}
