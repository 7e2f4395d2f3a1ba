/// The window state of all features of one model against one reference profile: one
/// ``NumericWindow`` or ``CategoricalWindow`` per profiled feature and the ``SchemaSkew``
/// counters.
///
/// A feature absent from an event counts as missing in its window as well as absent in the
/// schema counters. A feature whose reference saw only nulls has schema counters but no window.
public struct FeatureWindowSet: Codable, Equatable, Sendable {
    enum Slot: Codable, Equatable, Sendable {
        case numeric(Int)
        case categorical(Int)
        case untracked
    }

    /// The numeric features' windows.
    public private(set) var numericWindows: [NumericWindow] = []
    /// The categorical features' windows.
    public private(set) var categoricalWindows: [CategoricalWindow] = []
    /// The schema-skew counters; ``SchemaSkew/expectedFeatures`` lists the features in order.
    public private(set) var schema: SchemaSkew
    private var slots: [Slot] = []

    /// Creates empty windows for every feature of `profile`.
    ///
    /// - Parameters:
    ///   - profile: The reference.
    ///   - sketchK: The quantile sketches' accuracy parameter.
    ///   - sketched: Which numeric features keep a quantile sketch (tests by KS or Wasserstein need one, binned
    ///     tests do not, and it is most of a window's memory); `nil` for all.
    ///   - maximumNewCategories: The cap on new categories per categorical feature.
    public init(
        profile: ReferenceProfile,
        sketchK: Int = KLLSketch.defaultK,
        sketched: Set<String>? = nil,
        maximumNewCategories: Int = CategoricalWindow.defaultMaximumNewCategories
    ) {
        let names = profile.features.keys.sorted()
        schema = SchemaSkew(expectedFeatures: names, expectedKinds: names.map { profile.features[$0]?.valueKind })
        for name in names {
            guard let feature = profile.features[name] else { continue }
            if feature.type == .numeric, let numeric = feature.numeric {
                slots.append(.numeric(numericWindows.count))
                numericWindows.append(numeric.makeWindow(sketchK: sketched?.contains(name) ?? true ? sketchK : nil))
            } else if feature.type == .categorical, let categorical = feature.categorical {
                slots.append(.categorical(categoricalWindows.count))
                categoricalWindows.append(categorical.makeWindow(maximumNewCategories: maximumNewCategories))
            } else {
                slots.append(.untracked)
            }
        }
    }

    /// Records one event's features.
    public mutating func record(_ features: [String: FeatureValue]) {
        let (values, unexpected) = schema.layOut(features)
        record(ordered: values, unexpected: unexpected)
    }

    /// Records one event's features laid out in the order of the schema's ``SchemaSkew/expectedFeatures``: the
    /// hot path, with each feature's position resolved once per model rather than looked up by name per event.
    ///
    /// - Parameters:
    ///   - values: One entry per expected feature: its value, `nil` when the event does not have it.
    ///   - unexpected: The names of the event's other features, each once.
    public mutating func record(ordered values: [FeatureValue?], unexpected: [String]) {
        schema.record(ordered: values, unexpected: unexpected)
        for index in values.indices {
            switch slots[index] {
            case .numeric(let position): numericWindows[position].record(values[index] ?? .null)
            case .categorical(let position): categoricalWindows[position].record(values[index] ?? .null)
            case .untracked: break
            }
        }
    }

    /// The window of a numeric feature, `nil` when the feature is not a tracked numeric one.
    public func numericWindow(_ name: String) -> NumericWindow? {
        guard let index = schema.index(of: name), case .numeric(let position) = slots[index] else { return nil }
        return numericWindows[position]
    }

    /// The window of a categorical feature, `nil` when the feature is not a tracked categorical one.
    public func categoricalWindow(_ name: String) -> CategoricalWindow? {
        guard let index = schema.index(of: name), case .categorical(let position) = slots[index] else { return nil }
        return categoricalWindows[position]
    }

    /// The data-quality counters of a tracked feature.
    public func quality(of name: String) -> DataQualityCounts? {
        numericWindow(name)?.quality ?? categoricalWindow(name)?.quality
    }

    /// Whether the window holds a value of the feature that a distance can use: a finite number, or a category.
    /// A window where every value was missing, null or of the wrong type has none, and no distance.
    public func hasComparableValues(_ name: String) -> Bool {
        if let window = numericWindow(name) { return window.binCounts.contains { $0 > 0 } }
        if let window = categoricalWindow(name) { return window.overflowCount > 0 || !window.counts.isEmpty }
        return false
    }

    /// The values of the feature a distance compares: finite numbers, or categories (overflow included).
    public func comparableValues(_ name: String) -> Int {
        if let window = numericWindow(name) { return window.binCounts.reduce(0, +) }
        if let window = categoricalWindow(name) { return window.counts.values.reduce(window.overflowCount, +) }
        return 0
    }

    /// Compares a tracked feature's window with its reference.
    ///
    /// - Throws: ``DriftDetectionError`` when the feature is not tracked, or as the comparison does.
    public func distance(_ metric: DistanceMetric, feature name: String, reference: ReferenceProfile) throws
        -> DistanceResult
    {
        if let window = numericWindow(name), let numeric = reference.features[name]?.numeric {
            return try window.distance(metric, reference: numeric)
        }
        if let window = categoricalWindow(name), let categorical = reference.features[name]?.categorical {
            return try window.distance(metric, reference: categorical)
        }
        throw DriftDetectionError(.invalidArgument, "feature '\(name)' has no window against this reference")
    }
}

extension FeatureWindowSet: MergeableWindowState {
    /// Folds another window of the same model and reference into this one.
    ///
    /// - Throws: ``DriftDetectionError`` when the two were built from different profiles.
    public mutating func merge(_ other: FeatureWindowSet) throws {
        guard slots == other.slots else {
            throw DriftDetectionError(.incompatibleState, "feature windows of different references cannot be merged")
        }
        try schema.merge(other.schema)
        for index in numericWindows.indices { try numericWindows[index].merge(other.numericWindows[index]) }
        for index in categoricalWindows.indices { try categoricalWindows[index].merge(other.categoricalWindows[index]) }
    }
}
