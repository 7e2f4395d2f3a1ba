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

    /// What a checkpoint of every partition costs once every model version has seen events: the time per model
    /// version written and the bytes of its record.
    func checkpointCost(partitions: Int) throws -> (microsecondsPerVersion: Double, bytesPerVersion: Double) {
        var engine = BenchmarkMonitors.engine(models: data.models, reference: reference, windowEvents: windowEvents)
        _ = try ingest(into: &engine, partitions: partitions)
        var records: [StateRecord] = []
        let seconds = Measurement.seconds {
            for partition in engine.ownedPartitions {
                records += engine.checkpoint(partition: partition)?.records ?? []
            }
        }
        let versions = records.filter { $0.key.hasPrefix("v/") }
        let bytes = versions.reduce(0) { $0 + ($1.value?.count ?? 0) }
        return (seconds * 1e6 / Double(versions.count), Double(bytes) / Double(versions.count))
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
