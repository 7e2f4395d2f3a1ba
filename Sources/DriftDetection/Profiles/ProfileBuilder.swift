/// Builds a ``ReferenceProfile`` from prediction events fed one at a time.
///
/// `driftwatch profile build` feeds it the events of a JSON-lines file; a warm-up reference
/// feeds it the first N live events of a model version. Both give the same profile for the
/// same events.
///
/// Types are inferred per feature unless declared: numeric when every non-null value is a
/// number, categorical otherwise. Declare integer-coded categories (`zip_code`, say) as
/// categorical. The predicted label is categorical; score and value are numeric. The true
/// label is categorical when the predictions have labels, numeric when they have values,
/// inferred otherwise.
///
/// - Important: Numeric values are kept until ``build()`` to compute exact quantiles, so memory
///   grows with the events: about 8 bytes per numeric value.
public struct ProfileBuilder: Codable, Sendable {
    /// The model profiled.
    public let model: String
    /// Types declared by configuration; other features are inferred.
    public let declaredTypes: [String: FeatureType]
    /// The number of bins of numeric features.
    public let binCount: Int
    /// The cap on distinct categories per feature.
    public let maximumCategories: Int
    /// The cap on distinct feature names; later names are ignored (`nil`: no cap). Each name costs a window and a
    /// metric series once the profile is in use.
    public let maximumFeatures: Int?
    /// The events added.
    public private(set) var events = 0
    private var features: [String: ValueAccumulator] = [:]
    private var predictedLabel = ValueAccumulator()
    private var score = ValueAccumulator()
    private var predictedValue = ValueAccumulator()
    private var trueLabel = ValueAccumulator()
    private var modelVersions: Set<String?> = []

    /// Creates a builder.
    ///
    /// - Throws: ``DriftDetectionError`` when `binCount` is below 2.
    public init(
        model: String,
        declaredTypes: [String: FeatureType] = [:],
        binCount: Int = DistanceCalculator.defaultBinCount,
        maximumCategories: Int = CategoricalProfile.defaultMaximumCategories,
        maximumFeatures: Int? = nil
    ) throws {
        guard binCount >= 2 else {
            throw DriftDetectionError(.invalidArgument, "the number of bins must be at least 2, not \(binCount)")
        }
        self.model = model
        self.declaredTypes = declaredTypes
        self.binCount = binCount
        self.maximumCategories = maximumCategories
        self.maximumFeatures = maximumFeatures
    }

    /// Adds one event. Events of other models are the caller's to skip.
    ///
    /// - Parameters:
    ///   - record: the prediction event.
    ///   - outcome: the true outcome, when the data has it (training or validation data): a class label as a
    ///     string, a number for a regression or an integer-coded class.
    /// - Returns: how many of its feature names were ignored, new names beyond ``maximumFeatures``.
    @discardableResult
    public mutating func add(_ record: PredictionEvent, outcome: FeatureValue? = nil) -> Int {
        events += 1
        modelVersions.insert(record.modelVersion)
        var ignored = 0
        if let maximumFeatures, features.count + record.features.count > maximumFeatures {
            // Near the cap, names are taken in sorted order, so that which ones are kept does not depend on the
            // process's hashing.
            for (name, value) in record.features.sorted(by: { $0.key < $1.key }) {
                guard features[name] != nil || features.count < maximumFeatures else {
                    ignored += 1
                    continue
                }
                features[name, default: ValueAccumulator()].add(value, maximumCategories: maximumCategories)
            }
        } else {
            for (name, value) in record.features {
                features[name, default: ValueAccumulator()].add(value, maximumCategories: maximumCategories)
            }
        }
        if let label = record.prediction.label {
            predictedLabel.add(label.featureValue, maximumCategories: maximumCategories)
        }
        if let score = record.prediction.score {
            self.score.add(.number(score), maximumCategories: maximumCategories)
        }
        if let value = record.prediction.value {
            predictedValue.add(.number(value), maximumCategories: maximumCategories)
        }
        if let outcome {
            trueLabel.add(outcome, maximumCategories: maximumCategories)
        }
        return ignored
    }

    /// The profile of the events added so far.
    ///
    /// - Throws: ``DriftDetectionError`` when no event was added.
    public func build() throws -> ReferenceProfile {
        guard events > 0 else {
            throw DriftDetectionError(.invalidInput, "no events of model '\(model)' to build a profile from")
        }
        var profiles: [String: FeatureProfile] = [:]
        for (name, accumulator) in features {
            profiles[name] = try accumulator.profile(events: events, type: declaredTypes[name], binCount: binCount)
        }
        let labelType: FeatureType? =
            predictedLabel.nonNull > 0 ? .categorical : predictedValue.nonNull > 0 ? .numeric : nil
        return ReferenceProfile(
            model: model,
            modelVersion: modelVersions.count == 1 ? modelVersions.first ?? nil : nil,
            events: events,
            features: profiles,
            prediction: PredictionProfile(
                label: try output(predictedLabel, type: .categorical),
                score: try output(score, type: .numeric),
                value: try output(predictedValue, type: .numeric)
            ),
            label: try output(trueLabel, type: labelType)
        )
    }

    /// The profile of an output, `nil` when no event carried it.
    private func output(_ accumulator: ValueAccumulator, type: FeatureType?) throws -> FeatureProfile? {
        accumulator.nonNull == 0 ? nil : try accumulator.profile(events: events, type: type, binCount: binCount)
    }
}
