import DriftDetection
import DriftEngine
import Foundation

/// The engine split by partition across threads, in memory: what one engine per group of partitions on each core
/// would reach. State is owned by partition, so the engines share nothing but the read-only events.
struct EngineShards {
    let data: PredictionDataSet
    let reference: ReferenceProfile
    let windowEvents: Int

    /// One engine and the events of its partitions; touched by one thread at a time.
    private final class Shard: @unchecked Sendable {
        var engine: MonitoringEngine
        let events: [(index: Int, partition: Int32)]
        var accepted = 0

        init(engine: MonitoringEngine, events: [(index: Int, partition: Int32)]) {
            self.engine = engine
            self.events = events
        }
    }

    /// Events per second of `shards` engines on as many threads, each given the partitions `p` with
    /// `p % shards` equal to its number.
    func rate(shards: Int, partitions: Int) throws -> Double {
        var byShard = Array(repeating: [(index: Int, partition: Int32)](), count: shards)
        for (index, model) in data.modelIndices.enumerated() {
            let partition = PredictionDataSet.partition(model: model, partitions: partitions)
            byShard[Int(partition) % shards].append((index, partition))
        }
        let work = byShard.map {
            Shard(
                engine: BenchmarkMonitors.engine(models: data.models, reference: reference, windowEvents: windowEvents),
                events: $0)
        }
        let values = data.values
        let seconds = Measurement.seconds {
            DispatchQueue.concurrentPerform(iterations: shards) { number in
                let shard = work[number]
                for (index, partition) in shard.events
                where shard.engine.ingestPrediction(
                    values[index], fallbackTime: nil, partition: partition, offset: Int64(index)
                ).isAccepted {
                    shard.accepted += 1
                }
            }
        }
        let accepted = work.reduce(0) { $0 + $1.accepted }
        guard accepted == values.count else {
            throw BenchmarkError("the engines rejected \(values.count - accepted) events")
        }
        return Double(values.count) / seconds
    }

    /// The scaling table: 1 engine up to one per core, each figure beside one engine's rate in the same run.
    func report(partitions: Int) throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("== Scaling: engines on cores (in memory, the same events split by partition) ==")
        var single = 0.0
        for shards in 1...max(1, cores) {
            let rate = try rate(shards: shards, partitions: partitions)
            if shards == 1 { single = rate }
            let speedup = rate / single
            let linear = speedup >= 0.8 * Double(shards)
            print(
                Measurement.line(
                    "\(shards) engine(s) on \(shards) thread(s)",
                    "\(Measurement.grouped(rate)) events/s   \(Measurement.grouped(rate / Double(shards))) per core   "
                        + "\(Measurement.decimal(speedup)) × one engine"
                        + (shards > 1
                            ? "   target ≥ \(Measurement.decimal(0.8 * Double(shards))) × (linear): "
                                + Measurement.verdict(linear) : "")
                ))
        }
    }
}
