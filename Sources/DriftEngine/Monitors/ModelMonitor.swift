import DriftDetection
import Foundation

/// All monitors of one model version: its feature, output and label windows against the reference, data
/// quality, and the concept detector on its error stream.
///
/// Until the reference exists (a warm-up reference is being built from the first events), events only feed the
/// profile builder; a version waiting for its published profile without a warm-up only counts them.
struct ModelMonitor: Sendable {
    /// A closed window's evaluations and the input offsets the window began at.
    struct Report: Sendable {
        var evaluations: [SignalEvaluation] = []
        var firstOffsets: [Int32: Int64] = [:]
    }

    /// A warm-up reference being built from the first events.
    private struct Warmup: Codable, Sendable {
        var builder: ProfileBuilder
        var remaining: Int
    }

    /// The windows against an established reference.
    private struct Windows: Sendable {
        var reference: ReferenceProfile
        var outputReference: ReferenceProfile
        var labelReference: ReferenceProfile?
        var inputs: EventWindow<MonitorWindow>
        var labels: EventWindow<FeatureWindowSet>?
        /// The attribution of the last closed input window, for the model-level signals of other streams.
        var attribution: [Attribution]?
    }

    private(set) var identity: SignalIdentity
    private let settings: MonitorSettings
    // At most one of `warmup` and `windows` is set (neither while a version waits for its published profile).
    // They are separate optionals rather than an enum so that the windows are updated in place: taking them out of
    // an enum case copies every window per event.
    private var warmup: Warmup?
    private var windows: Windows?
    private var concept: ConceptMonitor?
    /// The ``PublishedProfile/digest`` of the published profile the windows compare with; `nil` for another reference.
    private(set) var publishedDigest: String?
    /// Feature names a warm-up ignored because it had its most (since this value was made; not part of a snapshot).
    private(set) var ignoredFeatureNames = 0

    /// Creates the monitors of a version.
    ///
    /// - Parameters:
    ///   - published: the version's published profile, for a model whose reference is published.
    ///   - maximumWarmupFeatures: the most distinct feature names a warm-up reference takes; later names are
    ///     ignored and counted in ``ignoredFeatureNames``.
    init(
        settings: MonitorSettings, modelVersion: String, published: PublishedProfile? = nil,
        maximumWarmupFeatures: Int? = nil
    ) throws {
        identity = SignalIdentity(model: settings.model, modelVersion: modelVersion)
        self.settings = settings
        var warmupEvents: Int?
        switch settings.reference {
        case .profile(let profile):
            windows = try Self.windows(reference: profile, settings: settings)
        case .warmup(let events):
            warmupEvents = events
        case .published(let fallback):
            warmupEvents = fallback
        }
        if let published, case .published = settings.reference {
            try adopt(published)
        } else if let warmupEvents {
            warmup = Warmup(
                builder: try ProfileBuilder(model: settings.model, maximumFeatures: maximumWarmupFeatures),
                remaining: warmupEvents)
        }
        concept = try settings.concept.map {
            try ConceptMonitor(settings: $0, task: settings.task, windowEvents: settings.windowEvents)
        }
    }

    /// These monitors as another version's of the same model: for fresh monitors, which versions that compare with
    /// the same configured profile share until they change them.
    func forVersion(_ modelVersion: String) -> ModelMonitor {
        var monitor = self
        monitor.identity = SignalIdentity(model: identity.model, modelVersion: modelVersion)
        return monitor
    }

    private static func windows(reference: ReferenceProfile, settings: MonitorSettings) throws -> Windows {
        let outputs = reference.outputsAsFeatures
        // Only the numeric features tested by KS or Wasserstein keep a quantile sketch, most of a window's memory.
        let sketched = Set(
            reference.features.keys.filter { name in
                (settings.features[name] ?? settings.defaultFeatureTest)?.metric.needsSketch == true
            })
        let empty = MonitorWindow(
            features: FeatureWindowSet(profile: reference, sketched: sketched),
            outputs: FeatureWindowSet(
                profile: outputs, sketched: settings.prediction?.metric.needsSketch == true ? nil : [])
        )
        let labelReference = reference.labelAsFeature
        return Windows(
            reference: reference, outputReference: outputs, labelReference: labelReference,
            inputs: try EventWindow(settings.windowExtent, empty: empty),
            labels: try labelReference.map {
                try EventWindow(settings.windowExtent, empty: FeatureWindowSet(profile: $0))
            }
        )
    }

    /// Compares from now on with a published profile, in place of a warm-up (finished or not) or an earlier
    /// published profile; the concept detector keeps its state. Nothing changes when the windows already compare
    /// with this profile (the same digest).
    ///
    /// - Returns: whether the reference changed.
    @discardableResult
    mutating func adopt(_ published: PublishedProfile) throws -> Bool {
        guard published.digest != publishedDigest else { return false }
        var profile = published.profile
        profile.modelVersion = identity.modelVersion
        windows = try Self.windows(reference: profile.calibrated(for: settings), settings: settings)
        warmup = nil
        publishedDigest = published.digest
        return true
    }

    /// Whether events are only counted: the version waits for its published profile and has no warm-up.
    var isAwaitingReference: Bool { warmup == nil && windows == nil }

    /// The features of the reference in use, sorted; `nil` during a warm-up.
    var referenceFeatures: [String]? { windows?.reference.features.keys.sorted() }

    /// The layout the decoder can put this model's features in for ``record(_:features:eventTime:partition:offset:)``:
    /// the reference's features in its windows' order; `nil` for a warm-up reference, whose features are not known
    /// in advance.
    static func featureLayout(_ settings: MonitorSettings) -> FeatureLayout? {
        guard case .profile(let reference) = settings.reference else { return nil }
        return FeatureLayout(names: reference.features.keys.sorted())
    }

    /// Records a prediction; returns the evaluations of the windows it closes (none, one, or with time windows
    /// several), with the first offsets of the oldest.
    ///
    /// - Parameters:
    ///   - features: the prediction's features in the order of ``featureLayout(_:)``, when the decoder laid them
    ///     out (then `prediction.features` is empty); `nil` to read `prediction.features`.
    mutating func record(
        _ prediction: PredictionEvent, features: FeatureVector? = nil, eventTime: Int64, partition: Int32,
        offset: Int64
    ) throws -> Report? {
        if var warmup {
            self.warmup = nil
            ignoredFeatureNames += warmup.builder.add(prediction)
            warmup.remaining -= 1
            guard warmup.remaining == 0 else {
                self.warmup = warmup
                return nil
            }
            var profile = try warmup.builder.build()
            profile.modelVersion = identity.modelVersion
            windows = try Self.windows(reference: profile.calibrated(for: settings), settings: settings)
            return nil
        }
        // Every pane of a sliding window has the same outputs schema: the outputs are laid out once per event.
        var outputs: (values: [FeatureValue?], unexpected: [String])?
        guard
            let closed = try windows?.inputs.record(
                eventTime: eventTime,
                { window in
                    if let features, features.values.count == window.features.schema.expectedFeatures.count {
                        window.features.record(ordered: features.values, unexpected: features.unexpected)
                    } else {
                        window.features.record(prediction.features)
                    }
                    let laidOut =
                        outputs ?? prediction.prediction.laidOut(for: window.outputs.schema.expectedFeatures)
                    outputs = laidOut
                    window.outputs.record(ordered: laidOut.values, unexpected: laidOut.unexpected)
                    if window.firstOffsets[partition] == nil { window.firstOffsets[partition] = offset }
                }), let oldest = closed.first
        else { return nil }
        var report = Report(firstOffsets: oldest.state.firstOffsets)
        for pane in closed {
            report.evaluations += try evaluate(pane)
        }
        return report
    }

    /// Predictions the event-time window dropped as late.
    var lateEvents: Int { windows?.inputs.lateEvents ?? 0 }

    /// Records a true outcome label for the label-drift window; returns the evaluation of a window it closes.
    mutating func recordOutcomeLabel(_ label: FeatureValue, eventTime: Int64) throws -> Report? {
        guard let reference = windows?.labelReference, let test = settings.label,
            let closed = try windows?.labels?.record(eventTime: eventTime, { $0.record(["label": label]) }),
            !closed.isEmpty
        else { return nil }
        var evaluations: [SignalEvaluation] = []
        for pane in closed where pane.state.hasComparableValues("label") {
            let result = try pane.state.distance(test.metric, feature: "label", reference: reference)
            let (judged, simulated) = Self.windowTest(
                test, result, feature: "label", profile: reference.features["label"],
                values: pane.state.comparableValues("label"))
            if let simulated { windows?.labelReference?.features["label"]?.calibrations.append(simulated) }
            var evaluation = evaluation(judged, kind: .labelDrift, feature: nil, window: Self.signalWindow(pane))
            evaluation.attribution = windows?.attribution
            evaluations.append(evaluation)
        }
        return Report(evaluations: evaluations)
    }

    /// Records a joined prediction and outcome on the error stream.
    mutating func recordJoined(error: Double, eventTime: Int64) -> [SignalEvaluation] {
        var evaluations = concept?.record(error: error, eventTime: eventTime, identity: identity) ?? []
        guard !evaluations.isEmpty, let attribution = windows?.attribution else { return evaluations }
        for index in evaluations.indices { evaluations[index].attribution = attribution }
        return evaluations
    }

    /// The evaluations of a closed input window: each feature's test (corrected for multiple testing) and data
    /// quality, the dataset drift, and the output's test with the window's attribution.
    private mutating func evaluate(_ closed: WindowPane<MonitorWindow>) throws -> [SignalEvaluation] {
        guard let reference = windows?.reference, let outputReference = windows?.outputReference else { return [] }
        let window = Self.signalWindow(closed)
        var evaluations: [SignalEvaluation] = []
        let features = closed.state.features
        var tests: [(feature: String, test: WindowTest)] = []
        for name in features.schema.expectedFeatures {
            if let test = settings.features[name] ?? settings.defaultFeatureTest, features.hasComparableValues(name) {
                let result = try features.distance(test.metric, feature: name, reference: reference)
                let (judged, simulated) = Self.windowTest(
                    test, result, feature: name, profile: reference.features[name],
                    values: features.comparableValues(name))
                if let simulated { windows?.reference.features[name]?.calibrations.append(simulated) }
                tests.append((name, judged))
            }
            if let quality = features.quality(of: name) {
                evaluations += qualityEvaluations(quality, feature: name, window: window)
            }
        }
        let correction = settings.multipleTesting ?? .none
        let family = tests.map(\.test)
        let alertFactor = Self.factor(correction, family, level: .alert)
        let warnFactor = Self.factor(correction, family, level: .warn)
        var drifts = tests.map {
            evaluation(
                $0.test, kind: .dataDrift, feature: $0.feature, window: window,
                alertFactor: alertFactor, warnFactor: warnFactor)
        }
        let driftedShare = Double(drifts.count { $0.severity == .critical }) / Double(max(drifts.count, 1))
        for index in drifts.indices {
            drifts[index].driftedShare = driftedShare
            if correction != .none, tests[index].test.rate(.alert) ?? tests[index].test.rate(.warn) != nil {
                drifts[index].multipleTesting = correction
            }
        }
        evaluations += drifts
        let attribution =
            tests.isEmpty
            ? nil
            : Self.attribution(
                tests, window: features, reference: reference, alertFactor: alertFactor, warnFactor: warnFactor)
        windows?.attribution = attribution
        if let share = settings.datasetDriftShare, !tests.isEmpty {
            var dataset = identity.evaluation(
                kind: .dataDrift, feature: nil, detector: "drifted_share", value: driftedShare, threshold: share,
                severity: driftedShare >= share ? .critical : nil, isSequential: false, window: window)
            dataset.attribution = attribution
            evaluations.append(dataset)
        }
        let output = closed.state.outputs
        // One output is watched: the score when there is one, else the label, else the regression value.
        if let test = settings.prediction,
            let name = ["score", "label", "value"].first(where: output.hasComparableValues)
        {
            let result = try output.distance(test.metric, feature: name, reference: outputReference)
            let (judged, simulated) = Self.windowTest(
                test, result, feature: name, profile: outputReference.features[name],
                values: output.comparableValues(name))
            if let simulated { windows?.outputReference.features[name]?.calibrations.append(simulated) }
            var prediction = evaluation(judged, kind: .predictionDrift, feature: nil, window: window)
            prediction.attribution = attribution
            evaluations.append(prediction)
        }
        return evaluations
    }

    /// The most calibrations of one test a window simulates for itself (time windows of very different sizes).
    private static let maximumWindowCalibrations = 8

    /// The test of a result with the calibration its `auto` levels need, rescaled to this window's size. When the
    /// reference has none within a factor of 2 of this size (a time window, whose size varies), one is simulated
    /// at this size and returned to be kept, up to ``maximumWindowCalibrations``.
    private static func windowTest(
        _ settings: DistanceTestSettings, _ result: DistanceResult, feature: String, profile: FeatureProfile?,
        values: Int
    ) -> (test: WindowTest, simulated: Calibration?) {
        guard settings.calibrated != nil, let profile else {
            return (WindowTest(settings: settings, result: result), nil)
        }
        var simulated: Calibration?
        var calibration = profile.calibration(settings.metric, windowValues: values)
        let isNear = calibration.map { values <= 2 * $0.windowValues && $0.windowValues <= 2 * values } ?? false
        if !isNear,
            profile.calibrations.count(where: { $0.metric == settings.metric }) < Self.maximumWindowCalibrations,
            let fresh = try? Calibration(settings.metric, feature: feature, profile: profile, windowValues: values)
        {
            (calibration, simulated) = (fresh, fresh)
        }
        let scale = calibration?.scale(toWindowValues: values, referenceValues: profile.comparableValues) ?? 1
        return (WindowTest(settings: settings, result: result, calibration: calibration, scale: scale), simulated)
    }

    /// The factor the tests' rates at `level` are multiplied by: the multiple-testing correction over the tests
    /// that have a rate there.
    private static func factor(_ correction: MultipleTesting, _ tests: [WindowTest], level: WindowTest.Level)
        -> Double
    {
        let family = tests.compactMap { test in test.rate(level).map { (test.probability, $0) } }
        return correction.factor(probabilities: family.map(\.0), rates: family.map(\.1))
    }

    /// The window's features ranked by how far beyond their thresholds they are, at most ``Attribution/limit``.
    private static func attribution(
        _ tests: [(feature: String, test: WindowTest)], window: FeatureWindowSet, reference: ReferenceProfile,
        alertFactor: Double, warnFactor: Double
    ) -> [Attribution] {
        let ranked = tests.map { ($0, $0.test.excess(alertFactor: alertFactor, warnFactor: warnFactor)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.feature < $1.0.feature }
        return ranked.prefix(Attribution.limit).map { entry, _ in
            let (_, threshold, value, _) = entry.test.judge(alertFactor: alertFactor, warnFactor: warnFactor)
            let alertThreshold = entry.test.threshold(.alert, factor: alertFactor) ?? threshold
            return Attribution(
                feature: entry.feature, detector: entry.test.settings.metric.rawValue, value: value,
                threshold: alertThreshold,
                change: reference.features[entry.feature].flatMap { window.change(of: entry.feature, reference: $0) })
        }
    }

    /// The evaluation of a window test, judged with its rates multiplied by the factors.
    private func evaluation(
        _ test: WindowTest, kind: SignalKind, feature: String?, window: SignalWindow, alertFactor: Double = 1,
        warnFactor: Double = 1
    ) -> SignalEvaluation {
        let (severity, threshold, value, calibratedRate) = test.judge(
            alertFactor: alertFactor, warnFactor: warnFactor)
        var evaluation = identity.evaluation(
            kind: kind, feature: feature, detector: test.settings.metric.rawValue, value: value,
            threshold: threshold, severity: severity, isSequential: false, window: window)
        evaluation.falseAlarmRate = calibratedRate
        return evaluation
    }

    private func qualityEvaluations(_ quality: DataQualityCounts, feature: String, window: SignalWindow)
        -> [SignalEvaluation]
    {
        let events = Double(max(window.events, 1))
        let checks: [(String, Int, Double?)] = [
            ("missing_rate", quality.missing, settings.quality.missingRate),
            ("type_mismatch_rate", quality.typeMismatch, settings.quality.typeMismatchRate),
            ("out_of_range_rate", quality.outOfRange, settings.quality.outOfRangeRate),
            ("unseen_category_rate", quality.unseenCategory, settings.quality.unseenCategoryRate),
        ]
        return checks.compactMap { detector, count, threshold in
            guard let threshold else { return nil }
            let rate = Double(count) / events
            let severity: Severity? = rate >= 2 * threshold ? .critical : rate >= threshold ? .warning : nil
            return identity.evaluation(
                kind: .dataQuality, feature: feature, detector: detector, value: rate,
                threshold: severity == .critical ? 2 * threshold : threshold, severity: severity,
                isSequential: false, window: window
            )
        }
    }

    private static func signalWindow<State>(_ pane: WindowPane<State>) -> SignalWindow {
        SignalWindow(start: pane.firstEventTime ?? 0, end: pane.lastEventTime ?? 0, events: pane.events)
    }
}

/// A monitor's snapshot holds its state, not its settings: it is decoded with the configured settings, passed in
/// the decoder's `userInfo` under ``settingsKey``, and a reference that comes from a profile is not repeated.
extension ModelMonitor: Codable {
    /// The `userInfo` key of the `MonitorSettings` a decoder needs.
    static let settingsKey = CodingUserInfoKey(rawValue: "driftwatch.monitor-settings")!

    private enum CodingKeys: String, CodingKey {
        case modelVersion = "model_version"
        case warmup, reference, inputs, labels, concept, attribution
        case publishedDigest = "published_profile"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identity.modelVersion, forKey: .modelVersion)
        try container.encodeIfPresent(warmup, forKey: .warmup)
        if let windows {
            switch settings.reference {
            case .profile: break  // the configured profile, not repeated
            case .warmup, .published: try container.encode(windows.reference, forKey: .reference)
            }
            try container.encode(windows.inputs, forKey: .inputs)
            try container.encodeIfPresent(windows.labels, forKey: .labels)
            try container.encodeIfPresent(windows.attribution, forKey: .attribution)
        }
        try container.encodeIfPresent(concept, forKey: .concept)
        try container.encodeIfPresent(publishedDigest, forKey: .publishedDigest)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let settings = decoder.userInfo[Self.settingsKey] as? MonitorSettings else {
            throw DecodingError.dataCorruptedError(
                forKey: .inputs, in: container, debugDescription: "a monitor is decoded with its model's settings")
        }
        self.settings = settings
        identity = SignalIdentity(
            model: settings.model, modelVersion: try container.decode(String.self, forKey: .modelVersion))
        warmup = try container.decodeIfPresent(Warmup.self, forKey: .warmup)
        concept = try container.decodeIfPresent(ConceptMonitor.self, forKey: .concept)
        publishedDigest = try container.decodeIfPresent(String.self, forKey: .publishedDigest)
        guard container.contains(.inputs) else {
            windows = nil
            return
        }
        let reference: ReferenceProfile
        switch settings.reference {
        case .profile(let profile): reference = profile
        case .warmup, .published: reference = try container.decode(ReferenceProfile.self, forKey: .reference)
        }
        var windows = try Self.windows(reference: reference, settings: settings)
        windows.inputs = try container.decode(EventWindow<MonitorWindow>.self, forKey: .inputs)
        windows.labels = try container.decodeIfPresent(EventWindow<FeatureWindowSet>.self, forKey: .labels)
        windows.attribution = try container.decodeIfPresent([Attribution].self, forKey: .attribution)
        self.windows = windows
    }
}
