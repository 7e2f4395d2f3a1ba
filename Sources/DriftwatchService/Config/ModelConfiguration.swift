import DriftEngine
import Yams

/// One watched model: an entry of `models`.
package struct ModelConfiguration: Sendable, Equatable {
    /// The model's name, as in the events' `model` field (`name`, required, unique).
    package var name: String
    /// `classification` or `regression` (`task`, required).
    package var task: MonitorSettings.Task
    /// The reference profile (`reference: PATH`) or the warm-up length (`warmup: N`); exactly one is required.
    package var reference: ReferenceSource
    /// The windows of the window tests (`window`); default tumbling windows of 5000 events.
    package var window: WindowConfiguration
    /// Tests of the listed features (`features`); features of the reference not listed here, and every feature
    /// when the section is absent, take the default test (`psi`).
    package var features: [String: FeatureConfiguration]
    /// The test of the model's output (`prediction`); default `js` at 0.1 / 0.2.
    package var prediction: DistributionTestConfiguration
    /// The test of the outcome labels, for prior shift (`label`); default `js` at 0.1 / 0.2.
    package var label: DistributionTestConfiguration
    /// The detector on the error stream (`concept`); default `ddm` (classification) or `adwin` (regression).
    package var concept: ConceptConfiguration
    /// Data-quality thresholds (`quality`).
    package var quality: QualityConfiguration
    /// When breaches become alerts and when alerts resolve (`alerts`).
    package var alerts: AlertPolicyConfiguration
    /// Which alerts trigger a retrain (`retrain`).
    package var retrain: RetrainPolicyConfiguration
    /// The false-alarm rates of `auto` thresholds that set none (`thresholds`).
    package var thresholds: ThresholdsConfiguration
    /// The correction over the feature tests of one window (`multiple_testing`); default `none`.
    package var multipleTesting: MultipleTesting?
    /// The share of tested features whose drift in one window raises the model-level `data_drift`
    /// (`dataset_drift.share`); `nil`: not watched.
    package var datasetDriftShare: Double?
    /// How long of event time a version may go without predictions before it is retired: its firing alerts resolve
    /// and its state is dropped (`retire_after`); default 24h.
    package var retireAfter: Duration

    /// The entry's fields.
    static let fields = [
        "name", "task", "reference", "warmup", "window", "features", "prediction", "label", "concept", "quality",
        "alerts", "retrain", "thresholds", "multiple_testing", "dataset_drift", "retire_after",
    ]
}

extension ModelConfiguration {
    /// Whether a test of the model has an `auto` level.
    package var hasAutoThresholds: Bool {
        (features.values.map(\.test) + [prediction, label]).contains { $0.autoAlert || $0.autoWarn }
    }

    /// Reads one entry of `models`, reporting every problem in it.
    /// - Parameter baseDirectory: the directory a relative `reference` path is resolved against; empty keeps it.
    /// - Returns: `nil` when the entry is unusable (problems were reported).
    init?(reading node: Node, at path: FieldPath, baseDirectory: String, with reader: inout ConfigurationReader) {
        guard let fields = reader.mapping(node, at: path, fields: Self.fields) else { return nil }
        let name = reader.string(fields, "name")
        if fields["name"] == nil { reader.reportMissing("name", in: fields) }
        let task: MonitorSettings.Task? = reader.choice(fields, "task")
        if fields["task"] == nil { reader.reportMissing("task", in: fields, " (classification or regression)") }
        let reference = Self.readReference(fields, baseDirectory: baseDirectory, with: &reader)
        let window = WindowConfiguration(
            reading: reader.section("window", of: fields, fields: WindowConfiguration.fields),
            with: &reader
        )
        let features = Self.readFeatures(fields, with: &reader)
        let prediction = DistributionTestConfiguration(
            reading: reader.section("prediction", of: fields, fields: DistributionTestConfiguration.fields),
            defaultTest: ConfigurationDefaults.outputTest,
            categorical: false,
            with: &reader
        )
        let label = DistributionTestConfiguration(
            reading: reader.section("label", of: fields, fields: DistributionTestConfiguration.fields),
            defaultTest: ConfigurationDefaults.outputTest,
            categorical: task == .classification,
            with: &reader
        )
        let concept = ConceptConfiguration(
            reading: reader.section("concept", of: fields, fields: ConceptConfiguration.fields),
            task: task,
            with: &reader
        )
        quality = QualityConfiguration(
            reading: reader.section("quality", of: fields, fields: QualityConfiguration.fields.map(\.name)),
            with: &reader
        )
        alerts = AlertPolicyConfiguration(
            reading: reader.section("alerts", of: fields, fields: AlertPolicyConfiguration.fields),
            with: &reader
        )
        retrain = RetrainPolicyConfiguration(
            reading: reader.section("retrain", of: fields, fields: RetrainPolicyConfiguration.fields),
            with: &reader
        )
        thresholds = ThresholdsConfiguration(
            reading: reader.section("thresholds", of: fields, fields: ThresholdsConfiguration.fields),
            with: &reader
        )
        multipleTesting = reader.choice(fields, "multiple_testing")
        datasetDriftShare = reader.number(
            reader.section("dataset_drift", of: fields, fields: ["share"]), "share", .fraction)
        if let section = fields["dataset_drift"], datasetDriftShare == nil, section.mapping?["share"] == nil {
            reader.report("dataset_drift needs a share, e.g. {share: 0.5}", at: section, fields.path("dataset_drift"))
        }
        retireAfter = reader.duration(fields, "retire_after") ?? ConfigurationDefaults.retireAfter
        guard let name, let task, let reference, let window, let features, let prediction, let label, let concept
        else { return nil }
        self.name = name
        self.task = task
        self.reference = reference
        self.window = window
        self.features = features
        self.prediction = prediction
        self.label = label
        self.concept = concept
    }

    /// Reads `reference` or `warmup`: exactly one of them, or `reference: topic` with an optional `warmup`.
    private static func readReference(
        _ fields: YAMLMapping,
        baseDirectory: String,
        with reader: inout ConfigurationReader
    ) -> ReferenceSource? {
        switch (fields["reference"], fields["warmup"]) {
        case (nil, nil):
            reader.reportMissing(
                "reference",
                in: fields,
                " (a profile from 'driftwatch profile build'), or 'warmup: N' to learn it from the first N events"
            )
            return nil
        case (let reference?, _?) where reference.string == ReferenceSource.topicValue:
            return reader.integer(fields, "warmup", minimum: 1).map { .topic(warmupEvents: $0) }
        case (_?, _?):
            reader.report(
                "give either 'reference' (a profile) or 'warmup' (events to learn it from), not both; only "
                    + "'reference: topic' takes a 'warmup' (used until a version's profile is published)",
                at: fields["warmup"],
                fields.path("warmup")
            )
            return nil
        case (_?, nil):
            guard let path = reader.string(fields, "reference") else { return nil }
            if path == ReferenceSource.topicValue { return .topic(warmupEvents: nil) }
            return .profile(path: ConfigurationReader.path(path, relativeTo: baseDirectory))
        case (nil, _?):
            return reader.integer(fields, "warmup", minimum: 1).map { .warmup(events: $0) }
        }
    }

    /// Reads `features`: a mapping from feature name to its settings (or to nothing, for every default).
    private static func readFeatures(
        _ fields: YAMLMapping,
        with reader: inout ConfigurationReader
    ) -> [String: FeatureConfiguration]? {
        guard let node = fields["features"] else { return [:] }
        guard let mapping = reader.openMapping(node, at: fields.path("features")) else { return nil }
        var features: [String: FeatureConfiguration] = [:]
        var complete = true
        for entry in mapping.entries {
            let value = entry.value.isNull ? nil : entry.value
            if let feature = FeatureConfiguration(reading: value, at: mapping.path(entry.name), with: &reader) {
                features[entry.name] = feature
            } else {
                complete = false
            }
        }
        return complete ? features : nil
    }
}
