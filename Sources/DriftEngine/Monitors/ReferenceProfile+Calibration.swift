import DriftDetection

extension ReferenceProfile {
    /// This profile with the calibrations that the settings' `auto` tests need at the model's window size, for
    /// windows of a number of events. Time windows have no size in advance: their tests are calibrated at their
    /// windows' own sizes (see `ModelMonitor`).
    ///
    /// - Throws: `DriftDetectionError` when a test does not apply to its feature's reference.
    public func calibrated(for settings: MonitorSettings) throws -> ReferenceProfile {
        guard settings.windowDuration == nil else { return self }
        var profile = self
        for (name, feature) in features {
            if let test = settings.features[name] ?? settings.defaultFeatureTest {
                profile.features[name] = try feature.calibrated(
                    test, feature: name, windowEvents: settings.windowEvents)
            }
        }
        if let test = settings.prediction {
            profile.prediction.label = try prediction.label?.calibrated(
                test, feature: "label", windowEvents: settings.windowEvents)
            profile.prediction.score = try prediction.score?.calibrated(
                test, feature: "score", windowEvents: settings.windowEvents)
            profile.prediction.value = try prediction.value?.calibrated(
                test, feature: "value", windowEvents: settings.windowEvents)
        }
        if let test = settings.label {
            profile.label = try label?.calibrated(test, feature: "label", windowEvents: settings.windowEvents)
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
        try profile.calibrate(
            test.metric, feature: feature, windowValues: max(1, Int((Double(windowEvents) * share).rounded())))
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
