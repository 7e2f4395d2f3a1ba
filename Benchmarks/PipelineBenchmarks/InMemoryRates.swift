import DriftDetection
import DriftEngine
import WireFormat

/// The processor's stages without Kafka: decoding alone and the whole engine, over events in memory.
struct InMemoryRates {
    let data: PredictionDataSet
    let reference: ReferenceProfile
    let windowEvents: Int

    /// Events per second `EventDecoder.decodePrediction` reads into a dictionary of features per event (the
    /// public API, which replay and profile building use).
    func decodeRate() -> Double {
        decodeRate { decoder, value in (try? decoder.decodePrediction(value, fallbackTime: 0))?.features.count ?? 0 }
    }

    /// Events per second the engine's decoding reads: features straight into the model's schema order.
    func layoutDecodeRate() -> Double {
        let layouts = Dictionary(
            uniqueKeysWithValues: data.models.map {
                ($0, FeatureLayout(names: reference.features.keys.sorted()))
            })
        return decodeRate { decoder, value in
            (try? decoder.decodePrediction(value, fallbackTime: 0, layouts: layouts))?.vector?.values.count ?? 0
        }
    }

    /// Events per second `decode` reads; it returns the number of features it found.
    private func decodeRate(_ decode: (EventDecoder, [UInt8]) -> Int) -> Double {
        let decoder = EventDecoder(knownModels: Set(data.models))
        var checksum = 0
        let seconds = Measurement.seconds {
            for value in data.values { checksum &+= decode(decoder, value) }
        }
        precondition(checksum == 10 * data.values.count, "every event decodes with its ten features")
        return Double(data.values.count) / seconds
    }

    /// Events per second `MonitoringEngine.ingestPrediction` handles (decoding, windows, tests, join store).
    func engineRate(partitions: Int) throws -> Double {
        var engine = BenchmarkMonitors.engine(models: data.models, reference: reference, windowEvents: windowEvents)
        return try ingest(into: &engine, partitions: partitions)
    }

    /// What a checkpoint of every partition costs per record it writes, after every event was ingested.
    struct CheckpointCost {
        var microsecondsPerVersion: Double
        var bytesPerVersion: Double
        var microsecondsPerJoin: Double
        var bytesPerJoin: Double

        /// The figure line `make bench` prints.
        var line: String {
            Measurement.line(
                "checkpoint, per record written",
                "model version \(Measurement.decimal(microsecondsPerVersion, 0)) µs "
                    + "(\(Measurement.grouped(bytesPerVersion)) bytes), pending join "
                    + "\(Measurement.decimal(microsecondsPerJoin, 2)) µs (\(Measurement.grouped(bytesPerJoin)) bytes)")
        }
    }

    /// The cost of checkpoints: model versions measured with the join store capped at one entry, pending joins
    /// (every prediction, since no outcome arrives) as the rest of a full checkpoint's time.
    func checkpointCost(partitions: Int) throws -> CheckpointCost {
        let versionsOnly = try checkpoint(partitions: partitions, maximumPending: 1)
        let versions = versionsOnly.records.filter { $0.key.hasPrefix("v/") }
        let perVersion = versionsOnly.seconds / Double(versions.count)
        let full = try checkpoint(partitions: partitions, maximumPending: 1_000_000)
        let joins = full.records.filter { $0.key.hasPrefix("j/") }
        let joinSeconds = full.seconds - perVersion * Double(full.records.count { $0.key.hasPrefix("v/") })
        return CheckpointCost(
            microsecondsPerVersion: perVersion * 1e6, bytesPerVersion: Self.averageBytes(versions),
            microsecondsPerJoin: max(0, joinSeconds) * 1e6 / Double(max(1, joins.count)),
            bytesPerJoin: Self.averageBytes(joins))
    }

    private func checkpoint(partitions: Int, maximumPending: Int) throws -> (records: [StateRecord], seconds: Double) {
        var engine = BenchmarkMonitors.engine(
            models: data.models, reference: reference, windowEvents: windowEvents, maximumPending: maximumPending)
        _ = try ingest(into: &engine, partitions: partitions)
        var records: [StateRecord] = []
        let seconds = Measurement.seconds {
            for partition in engine.ownedPartitions {
                records += engine.checkpoint(partition: partition)?.records ?? []
            }
        }
        return (records, seconds)
    }

    /// The average bytes of the records' keys and values.
    private static func averageBytes(_ records: [StateRecord]) -> Double {
        Double(records.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }) / Double(max(1, records.count))
    }

    private func ingest(into engine: inout MonitoringEngine, partitions: Int) throws -> Double {
        var accepted = 0
        let seconds = Measurement.seconds {
            for (offset, (value, model)) in zip(data.values, data.modelIndices).enumerated() {
                let partition = PredictionDataSet.partition(model: model, partitions: partitions)
                if engine.ingestPrediction(value, fallbackTime: nil, partition: partition, offset: Int64(offset))
                    .isAccepted
                {
                    accepted += 1
                }
            }
        }
        guard accepted == data.values.count else {
            throw BenchmarkError("the engine rejected \(data.values.count - accepted) events")
        }
        return Double(data.values.count) / seconds
    }
}
