import DriftDetection
import Foundation
import Synchronization

extension ReferenceProfile {
    /// Where a calibrated profile goes back in the reference.
    private enum Slot: Sendable {
        case feature(String)
        case predictedLabel, score, value, label
    }

    /// This profile with the calibrations that the settings' `auto` tests need at the model's window size, for
    /// windows of a number of events, simulated on every core (each test has its own seed, so the result does not
    /// depend on the order). Time windows have no size in advance: their tests are calibrated at their windows' own
    /// sizes (see `ModelMonitor`).
    ///
    /// - Throws: `DriftDetectionError` when a test does not apply to its feature's reference.
    public func calibrated(for settings: MonitorSettings) throws -> ReferenceProfile {
        guard settings.windowDuration == nil else { return self }
        var jobs: [(slot: Slot, name: String, profile: FeatureProfile, test: DistanceTestSettings)] = []
        for (name, feature) in features.sorted(by: { $0.key < $1.key }) {
            if let test = settings.features[name] ?? settings.defaultFeatureTest {
                jobs.append((.feature(name), name, feature, test))
            }
        }
        if let test = settings.prediction {
            let outputs: [(Slot, String, FeatureProfile?)] = [
                (.predictedLabel, "label", prediction.label), (.score, "score", prediction.score),
                (.value, "value", prediction.value),
            ]
            jobs += outputs.compactMap { slot, name, profile in profile.map { (slot, name, $0, test) } }
        }
        if let test = settings.label, let label { jobs.append((.label, "label", label, test)) }
        jobs.removeAll { $0.test.calibrated == nil }
        let work = jobs
        let results = Mutex([Int: Result<FeatureProfile, any Error>]())
        let windowEvents = settings.windowEvents
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = work[index]
            let result = Result { try job.profile.calibrated(job.test, feature: job.name, windowEvents: windowEvents) }
            results.withLock { $0[index] = result }
        }
        var profile = self
        for (index, result) in results.withLock({ $0 }) {
            let calibrated = try result.get()
            switch jobs[index].slot {
            case .feature(let name): profile.features[name] = calibrated
            case .predictedLabel: profile.prediction.label = calibrated
            case .score: profile.prediction.score = calibrated
            case .value: profile.prediction.value = calibrated
            case .label: profile.label = calibrated
            }
        }
        return profile
    }
}

extension FeatureProfile {
    /// This profile with the calibration of `test` at the values a window of `windowEvents` events holds (the
    /// events times the reference's share of comparable values), when the test has `auto` levels.
    fileprivate func calibrated(_ test: DistanceTestSettings, feature: String, windowEvents: Int) throws
        -> FeatureProfile
    {
        guard test.calibrated != nil, events > 0, comparableValues > 0 else { return self }
        let share = Double(comparableValues) / Double(events)
        var profile = self
        do {
            try profile.calibrate(
                test.metric, feature: feature, windowValues: max(1, Int((Double(windowEvents) * share).rounded())))
        } catch var error as DriftDetectionError {
            error.field = error.field ?? feature
            throw error
        }
        return profile
    }
}

extension MonitorSettings {
    /// These settings with their profile reference calibrated for their `auto` tests (at start-up, so that no
    /// window waits for a simulation). A test that cannot be calibrated is left to its first window, whose
    /// distance reports the same problem.
    var calibratingReference: MonitorSettings {
        guard case .profile(let profile) = reference, let calibrated = try? profile.calibrated(for: self) else {
            return self
        }
        var settings = self
        settings.reference = .profile(calibrated)
        return settings
    }
}
