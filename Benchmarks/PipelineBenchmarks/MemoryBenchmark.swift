import DriftDetection
import DriftEngine
import WireFormat

/// Resident memory per monitored series (model × feature) and per pending join, from RSS deltas
/// (`/proc/self/statm`) in this process. Run each measurement in a fresh process: freed memory stays resident.
struct MemoryBenchmark {
    /// Targets in bytes.
    static let targetPerSeries = 4096
    static let targetPerPendingJoin = 256

    let reference: ReferenceProfile

    /// RSS growth per series of `series / 10` models with ten features each, after `eventsPerModel` events per
    /// model (windows of `windowEvents`, so the windows are as full as a tumbling window gets).
    ///
    /// The join store is capped at one entry so that only the monitors count.
    func perSeries(series: Int, windowEvents: Int) throws {
        let models = (0..<(series / 10)).map(PredictionEventGenerator.modelName)
        let eventsPerModel = windowEvents - 1
        var generator = PredictionEventGenerator(seed: 3)
        let before = Measurement.residentBytes()
        var engine = BenchmarkMonitors.engine(
            models: models, reference: reference, windowEvents: windowEvents, maximumPending: 1
        )
        for round in 0..<eventsPerModel {
            for (index, model) in models.enumerated() {
                let bytes = generator.event(model: model, eventTime: Int64(round * models.count + index))
                guard engine.ingestPrediction(bytes, fallbackTime: nil, partition: 0, offset: 0).isAccepted else {
                    throw BenchmarkError("the engine rejected an event of \(model)")
                }
            }
        }
        let perSeries = Double(Measurement.residentBytes() - before) / Double(series)
        withExtendedLifetime(engine) {}
        print(
            Measurement.line(
                "\(Measurement.grouped(Double(series))) series (\(Measurement.grouped(Double(models.count))) models)",
                "\(Measurement.grouped(perSeries)) B/series after \(eventsPerModel) events/model   "
                    + "target ≤ \(Self.targetPerSeries): "
                    + Measurement.verdict(perSeries <= Double(Self.targetPerSeries))
            ))
    }

    /// RSS growth per model version as versions of 1,000 models are added, up to each of `steps` versions in all,
    /// in one process (nothing is freed meanwhile): each step's figure is the cost of the versions it added. Each
    /// version sees `eventsPerVersion` events, in windows of one event more.
    ///
    /// Each version watches one feature (PSI on `amount`), its prediction and label (JS) and the DDM concept
    /// detector, so that a million versions fit in this machine's memory; the per-series table shows what each
    /// further feature adds.
    func versionScaling(steps: [Int], eventsPerVersion: Int) throws {
        let models = (0..<1000).map(PredictionEventGenerator.modelName)
        var limits = MonitoringLimits()
        limits.maximumVersionsPerModel = (steps.max() ?? 0) / models.count
        var generator = PredictionEventGenerator(seed: 5)
        var engine = BenchmarkMonitors.engine(
            models: models, reference: reference, windowEvents: eventsPerVersion + 1, maximumPending: 1,
            limits: limits, features: ["amount": DistanceTestSettings(metric: .psi)]
        )
        var (versions, eventTime) = (0, Int64(0))
        var first: Double?
        for step in steps {
            let before = Measurement.residentBytes()
            let start = ContinuousClock.now
            let added = step / models.count - versions
            for version in versions..<(versions + added) {
                for model in models {
                    for _ in 0..<eventsPerVersion {
                        eventTime += 1
                        let bytes = generator.event(model: model, eventTime: eventTime, modelVersion: String(version))
                        guard engine.ingestPrediction(bytes, fallbackTime: nil, partition: 0, offset: 0).isAccepted
                        else { throw BenchmarkError("the engine rejected an event of \(model)") }
                    }
                }
            }
            versions += added
            let perVersion = Double(Measurement.residentBytes() - before) / Double(added * models.count)
            let seconds = Measurement.seconds(since: start)
            let linear = perVersion <= 1.25 * (first ?? perVersion)
            first = first ?? perVersion
            print(
                Measurement.line(
                    "\(Measurement.grouped(Double(versions * models.count))) model versions",
                    "\(Measurement.grouped(perVersion)) B/version added   "
                        + "\(Measurement.grouped(Double(added * models.count) / seconds)) versions/s made   "
                        + "RSS \(Measurement.grouped(Double(Measurement.residentBytes()) / 1_048_576)) MiB   "
                        + "target ≤ 1.25 × the first step (linear): \(Measurement.verdict(linear))"
                ))
        }
        withExtendedLifetime(engine) {}
    }

    /// RSS growth per prediction waiting for its outcome, over `pending` predictions of one model.
    func perPendingJoin(pending: Int) throws {
        let data = PredictionDataSet(events: pending, models: 1)
        var engine = BenchmarkMonitors.engine(
            models: data.models, reference: reference, windowEvents: 5000, maximumPending: pending
        )
        // The monitors' windows reach their full size in the first window; measure from there on.
        let warmup = 5000
        for (offset, value) in data.values.prefix(warmup).enumerated() {
            _ = engine.ingestPrediction(value, fallbackTime: nil, partition: 0, offset: Int64(offset))
        }
        let before = Measurement.residentBytes()
        for (offset, value) in data.values.enumerated().dropFirst(warmup) {
            _ = engine.ingestPrediction(value, fallbackTime: nil, partition: 0, offset: Int64(offset))
        }
        let waiting = engine.joinCounters.waitingPredictions - warmup
        let perEntry = Double(Measurement.residentBytes() - before) / Double(waiting)
        withExtendedLifetime(engine) {}
        print(
            Measurement.line(
                "\(Measurement.grouped(Double(waiting))) pending joins",
                "\(Measurement.grouped(perEntry)) B/entry (ids of 21 characters)   "
                    + "target ≤ \(Self.targetPerPendingJoin): "
                    + Measurement.verdict(perEntry <= Double(Self.targetPerPendingJoin))
            ))
    }
}
