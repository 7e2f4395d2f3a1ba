import DriftDetection
import DriftEngine
import DriftwatchTestSupport
import WireFormat

/// Durable state: how long a restore takes and how many bytes the state topic holds, for an engine holding many
/// pending joins and for one holding many model versions, and the rebalance pause of each (see ``StateHandover``).
struct StateBenchmark {
    /// One case: what the engine holds and how it is spread.
    struct Load {
        /// Models, each with `versions` versions (`model_version` "1", "2", …).
        var models: Int
        var versions = 1
        /// Predictions of each version, round-robin; none has an outcome.
        var eventsPerVersion: Int
        /// Input partitions, and so state partitions; model `m` is in partition `m mod partitions`.
        var partitions: Int
        var windowEvents: Int
        var maximumPending: Int
    }

    let broker: DevBrokerProcess
    let kafka: BenchmarkKafka
    let reference: ReferenceProfile

    /// Runs both cases and prints their rows.
    ///
    /// - Parameters:
    ///   - pending: predictions waiting for their outcomes, of one model per partition over `joinPartitions`
    ///     partitions (each state partition must stay well below the dev broker's retention of about 5 MiB).
    ///   - models, versionsPerModel: the model versions of the second case, `eventsPerVersion` events each, over
    ///     `versionPartitions` partitions.
    func run(
        pending: Int, joinPartitions: Int, models: Int, versionsPerModel: Int, eventsPerVersion: Int,
        versionPartitions: Int
    ) async throws {
        guard pending % joinPartitions == 0 else {
            throw BenchmarkError("\(pending) pending joins do not divide evenly over \(joinPartitions) partitions")
        }
        print("== Durable state: checkpoint to a state topic on the dev broker, restore into a fresh engine ==")
        let joinLoad = Load(
            models: joinPartitions, eventsPerVersion: pending / joinPartitions, partitions: joinPartitions,
            windowEvents: 2000, maximumPending: pending)
        let joins = try await handOver(joinLoad, prefix: "state-joins") { engine, fresh in
            let (written, restored) = (engine.joinCounters.waitingPredictions, fresh.joinCounters.waitingPredictions)
            guard written == pending, restored == pending else {
                throw BenchmarkError("\(written) pending joins checkpointed and \(restored) restored, of \(pending)")
            }
        }
        let joinLabel = "\(Measurement.grouped(Double(pending))) pending joins"
        print(
            Measurement.line(
                "\(joinLabel), \(joinPartitions) partitions",
                Self.restore(joins) + "   " + Self.rate(pending, "joins", joins) + "   "
                    + "\(Measurement.grouped(Double(joins.bytesWritten) / Double(pending))) B/join on the changelog"
            ))
        // Windows of 200 and the join store capped at one entry, as MemoryBenchmark's series: only versions count.
        let versionLoad = Load(
            models: models, versions: versionsPerModel, eventsPerVersion: eventsPerVersion,
            partitions: versionPartitions, windowEvents: 200, maximumPending: 1)
        let count = models * versionsPerModel
        let versions = try await handOver(versionLoad, prefix: "state-versions") { _, fresh in
            var fresh = fresh
            let restored = fresh.release(partitions: fresh.ownedPartitions).versions.count
            guard restored == count else { throw BenchmarkError("restored \(restored) of \(count) model versions") }
        }
        let versionLabel = "\(Measurement.grouped(Double(count))) model versions"
        print(
            Measurement.line(
                "\(versionLabel), \(versionPartitions) partitions",
                Self.restore(versions) + "   " + Self.rate(count, "versions", versions) + "   "
                    + "\(Measurement.grouped(Double(versions.bytesWritten) / Double(count))) B/version on the "
                    + "changelog (\(Measurement.grouped(Double(models))) models × \(versionsPerModel), "
                    + "\(eventsPerVersion) events each)"
            ))
        print(Self.pause(versionLabel, versions))
        print(Self.pause(joinLabel, joins))
        print("   pause = revoke (checkpoint + StateChangelog.write of every partition, until acknowledged) + restore")
        print("   (StateChangelog.restore + MonitoringEngine.restore of every partition), one after the other, as")
        print("   KafkaPipeline runs them; every partition changed since its last checkpoint (the worst case); the")
        print("   group protocol's own time is not included. B/… = keys and values written, before lz4, with the")
        print("   model versions' and checkpoint markers' records. The reader is driftwatch's state reader")
        print("   (fetch.wait.max.ms 10).")
    }

    /// Builds an engine holding `load`, hands its state to a fresh engine through a new state topic, and checks
    /// what arrived with `verify(old, fresh)`.
    private func handOver(
        _ load: Load, prefix: String, verify: (MonitoringEngine, MonitoringEngine) throws -> Void
    ) async throws -> StateHandover.Figures {
        // An engine is a value: building it once and copying it is the same as building two, and building one
        // costs about 40 ms per model (encoding its settings, reference profile included, for their fingerprint).
        // Every version the load writes is held: `limits.max_versions_per_model` would evict all but 16 of them.
        var limits = MonitoringLimits()
        limits.maximumVersionsPerModel = max(limits.maximumVersionsPerModel, load.versions)
        let empty = BenchmarkMonitors.engine(
            models: (0..<load.models).map(PredictionEventGenerator.modelName), reference: reference,
            windowEvents: load.windowEvents, maximumPending: load.maximumPending, limits: limits)
        var engine = empty
        var fresh = empty
        try Self.feed(&engine, load)
        let figures = try await StateHandover(broker: broker, kafka: kafka).run(
            from: &engine, to: &fresh, partitions: load.partitions, prefix: prefix)
        try verify(engine, fresh)
        return figures
    }

    /// Feeds `load`'s predictions round-robin over its model versions, at consecutive offsets per partition.
    private static func feed(_ engine: inout MonitoringEngine, _ load: Load) throws {
        var generator = PredictionEventGenerator(seed: 5)
        var offsets = [Int64](repeating: 0, count: load.partitions)
        let names = (0..<load.models).map(PredictionEventGenerator.modelName)
        var eventTime: Int64 = 1_795_305_600_000
        for _ in 0..<load.eventsPerVersion {
            for version in 1...load.versions {
                for (index, model) in names.enumerated() {
                    let partition = Int(PredictionDataSet.partition(model: index, partitions: load.partitions))
                    let bytes = generator.event(model: model, eventTime: eventTime, modelVersion: String(version))
                    guard
                        engine.ingestPrediction(
                            bytes, fallbackTime: nil, partition: Int32(partition), offset: offsets[partition]
                        ).isAccepted
                    else { throw BenchmarkError("the engine rejected an event of \(model)") }
                    offsets[partition] += 1
                    eventTime += 1
                }
            }
        }
    }

    /// A restore's time and where it went.
    private static func restore(_ figures: StateHandover.Figures) -> String {
        "restore \(Measurement.decimal(figures.restoreSeconds)) s (read \(Measurement.decimal(figures.readSeconds))"
            + " s + rebuild \(Measurement.decimal(figures.rebuildSeconds)) s)"
    }

    /// Items restored per second.
    private static func rate(_ count: Int, _ unit: String, _ figures: StateHandover.Figures) -> String {
        "\(Measurement.grouped(Double(count) / figures.restoreSeconds)) \(unit)/s"
    }

    /// A rebalance-pause row.
    private static func pause(_ label: String, _ figures: StateHandover.Figures) -> String {
        Measurement.line(
            "rebalance pause, \(label)",
            "\(Measurement.decimal(figures.revokeSeconds + figures.restoreSeconds)) s = revoke "
                + "\(Measurement.decimal(figures.revokeSeconds)) s (checkpoint "
                + "\(Measurement.decimal(figures.checkpointSeconds)) s + write "
                + "\(Measurement.decimal(figures.writeSeconds)) s) + restore "
                + "\(Measurement.decimal(figures.restoreSeconds)) s"
        )
    }
}
