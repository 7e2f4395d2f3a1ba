import DriftDetection
import Foundation

/// All monitors of one model version: its feature, output and label windows against the reference, data
/// quality, and the concept detector on its error stream.
///
/// Until the reference exists (a warm-up reference is being built from the first events), events only feed the
/// profile builder.
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
    }

    let identity: SignalIdentity
    private let settings: MonitorSettings
    // Exactly one of `warmup` and `windows` is set. They are separate optionals rather than an enum so that
    // the windows are updated in place: taking them out of an enum case copies every window per event.
    private var warmup: Warmup?
    private var windows: Windows?
    private var concept: ConceptMonitor?
    /// Feature names a warm-up ignored because it had its most (since this value was made; not part of a snapshot).
    private(set) var ignoredFeatureNames = 0

    /// Creates the monitors of a version.
    ///
    /// - Parameter maximumWarmupFeatures: the most distinct feature names a warm-up reference takes; later names are
    ///   ignored and counted in ``ignoredFeatureNames``.
    init(settings: MonitorSettings, modelVersion: String, maximumWarmupFeatures: Int? = nil) throws {
        identity = SignalIdentity(model: settings.model, modelVersion: modelVersion)
        self.settings = settings
        switch settings.reference {
        case .profile(let profile):
            windows = try Self.windows(reference: profile, settings: settings)
        case .warmup(let events):
            warmup = Warmup(
                builder: try ProfileBuilder(model: settings.model, maximumFeatures: maximumWarmupFeatures),
                remaining: events)
        }
        concept = try settings.concept.map {
            try ConceptMonitor(settings: $0, task: settings.task, windowEvents: settings.windowEvents)
        }
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
            windows = try Self.windows(reference: profile, settings: settings)
            return nil
        }
        let outputs = prediction.prediction.asFeatures
        guard
            let closed = try windows?.inputs.record(
                eventTime: eventTime,
                { window in
                    if let features, features.values.count == window.features.schema.expectedFeatures.count {
                        window.features.record(ordered: features.values, unexpected: features.unexpected)
                    } else {
                        window.features.record(prediction.features)
                    }
                    window.outputs.record(outputs)
                    if window.firstOffsets[partition] == nil { window.firstOffsets[partition] = offset }
                }), let oldest = closed.first, let windows
        else { return nil }
        var report = Report(firstOffsets: oldest.state.firstOffsets)
        for pane in closed {
            report.evaluations += try evaluate(pane, windows: windows)
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
        return Report(
            evaluations: try closed.filter { $0.state.hasComparableValues("label") }.map { pane in
                let result = try pane.state.distance(test.metric, feature: "label", reference: reference)
                return evaluation(test, result, kind: .labelDrift, feature: nil, window: Self.signalWindow(pane))
            })
    }

    /// Records a joined prediction and outcome on the error stream.
    mutating func recordJoined(error: Double, eventTime: Int64) -> [SignalEvaluation] {
        concept?.record(error: error, eventTime: eventTime, identity: identity) ?? []
    }

    private func evaluate(_ closed: WindowPane<MonitorWindow>, windows: Windows) throws -> [SignalEvaluation] {
        let window = Self.signalWindow(closed)
        var evaluations: [SignalEvaluation] = []
        let features = closed.state.features
        for name in features.schema.expectedFeatures {
            if let test = settings.features[name] ?? settings.defaultFeatureTest, features.hasComparableValues(name) {
                let result = try features.distance(test.metric, feature: name, reference: windows.reference)
                evaluations.append(evaluation(test, result, kind: .dataDrift, feature: name, window: window))
            }
            if let quality = features.quality(of: name) {
                evaluations += qualityEvaluations(quality, feature: name, window: window)
            }
        }
        let output = closed.state.outputs
        // One output is watched: the score when there is one, else the label, else the regression value.
        if let test = settings.prediction,
            let name = ["score", "label", "value"].first(where: output.hasComparableValues)
        {
            let result = try output.distance(test.metric, feature: name, reference: windows.outputReference)
            evaluations.append(evaluation(test, result, kind: .predictionDrift, feature: nil, window: window))
        }
        return evaluations
    }

    /// The evaluation of a window test's result, judged by the test's thresholds.
    private func evaluation(
        _ test: DistanceTestSettings, _ result: DistanceResult, kind: SignalKind, feature: String?,
        window: SignalWindow
    ) -> SignalEvaluation {
        let (severity, threshold, value) = test.judge(result)
        return identity.evaluation(
            kind: kind, feature: feature, detector: test.metric.rawValue, value: value, threshold: threshold,
            severity: severity, isSequential: false, window: window)
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
        case warmup, reference, inputs, labels, concept
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identity.modelVersion, forKey: .modelVersion)
        try container.encodeIfPresent(warmup, forKey: .warmup)
        if let windows {
            if case .warmup = settings.reference {
                try container.encode(windows.reference, forKey: .reference)
            }
            try container.encode(windows.inputs, forKey: .inputs)
            try container.encodeIfPresent(windows.labels, forKey: .labels)
        }
        try container.encodeIfPresent(concept, forKey: .concept)
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
        guard container.contains(.inputs) else {
            windows = nil
            return
        }
        let reference: ReferenceProfile
        switch settings.reference {
        case .profile(let profile): reference = profile
        case .warmup: reference = try container.decode(ReferenceProfile.self, forKey: .reference)
        }
        var windows = try Self.windows(reference: reference, settings: settings)
        windows.inputs = try container.decode(EventWindow<MonitorWindow>.self, forKey: .inputs)
        windows.labels = try container.decodeIfPresent(EventWindow<FeatureWindowSet>.self, forKey: .labels)
        self.windows = windows
    }
}
