/// The state of one categorical feature over one window (or one pane of a sliding window).
///
/// Counts values per category label (see ``FeatureValue/categoryLabel``). Categories of the
/// reference are always counted; at most ``maximumNewCategories`` categories the reference never
/// saw get their own count, and values of further new categories go to ``overflowCount``.
/// Every value of a category the reference never saw also counts in
/// ``DataQualityCounts/unseenCategory``.
///
/// Recording a value of a known category allocates nothing; a new category allocates its
/// dictionary entry once.
public struct CategoricalWindow: Codable, Equatable, Sendable {
    /// The default cap on categories the reference never saw.
    public static let defaultMaximumNewCategories = 1_000

    /// The categories of the reference.
    public let referenceCategories: Set<String>
    /// The cap on categories the reference never saw that get their own count.
    public let maximumNewCategories: Int
    /// Missing, type-mismatch and unseen-category counts.
    public private(set) var quality = DataQualityCounts()
    /// Count per category label.
    public private(set) var counts: [String: Int] = [:]
    /// How many distinct categories the reference never saw have their own count.
    public private(set) var newCategoryCount = 0
    /// Values of new categories beyond the cap.
    public private(set) var overflowCount = 0

    /// Creates an empty window.
    ///
    /// - Parameters:
    ///   - referenceCategories: The categories of the reference.
    ///   - maximumNewCategories: The cap on categories the reference never saw.
    public init(referenceCategories: Set<String>, maximumNewCategories: Int = defaultMaximumNewCategories) {
        self.referenceCategories = referenceCategories
        self.maximumNewCategories = maximumNewCategories
    }

    /// The values counted, overflow included (missing and mismatched values excluded).
    public var observed: Int { counts.values.reduce(0, +) + overflowCount }

    /// Records one event's value: null counts as missing, a number with a fraction as a type mismatch.
    @inline(__always)
    public mutating func record(_ value: FeatureValue) {
        if case .null = value {
            quality.missing += 1
        } else if let label = value.categoryLabel {
            record(label: label)
        } else {
            quality.typeMismatch += 1
        }
    }

    /// Records one category label.
    public mutating func record(label: String) {
        let known = referenceCategories.contains(label)
        if !known {
            quality.unseenCategory += 1
        }
        add(label, count: 1, known: known)
    }

    /// Folds another window of the same feature into this one; the cap applies to the result.
    ///
    /// - Throws: ``DriftDetectionError`` when the windows have different references or caps.
    public mutating func merge(_ other: CategoricalWindow) throws {
        guard referenceCategories == other.referenceCategories, maximumNewCategories == other.maximumNewCategories
        else {
            throw DriftDetectionError(
                .incompatibleState, "categorical windows over different references cannot be merged")
        }
        quality.merge(other.quality)
        overflowCount += other.overflowCount
        for (label, count) in other.counts {
            add(label, count: count, known: referenceCategories.contains(label))
        }
    }

    /// Compares the window with its reference over the union of categories; new categories
    /// beyond the cap form one more category.
    ///
    /// - Throws: ``DriftDetectionError`` for `ks` and `wasserstein` and when either side is empty.
    public func distance(_ metric: DistanceMetric, reference: CategoricalProfile) throws -> DistanceResult {
        let categories = Set(reference.counts.keys).union(counts.keys).sorted()
        var referenceCounts = categories.map { reference.counts[$0] ?? 0 }
        var currentCounts = categories.map { counts[$0] ?? 0 }
        if overflowCount > 0 || reference.overflowCount > 0 {
            referenceCounts.append(reference.overflowCount)
            currentCounts.append(overflowCount)
        }
        return try DistanceCalculator.binned(metric, referenceCounts: referenceCounts, currentCounts: currentCounts)
    }

    private mutating func add(_ label: String, count: Int, known: Bool) {
        if let index = counts.index(forKey: label) {
            counts.values[index] += count
        } else if known || newCategoryCount < maximumNewCategories {
            counts[label] = count
            if !known { newCategoryCount += 1 }
        } else {
            overflowCount += count
        }
    }
}
