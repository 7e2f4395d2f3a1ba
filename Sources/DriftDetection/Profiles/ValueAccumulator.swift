/// Collects every value of one feature (or output) while a profile is built, and turns them
/// into a ``FeatureProfile`` once all events are in.
struct ValueAccumulator: Codable, Sendable {
    private(set) var nonNull = 0
    private var kindCounts: [ValueKind: Int] = [:]
    private var numbers: [Double] = []
    private var labels: [String: Int] = [:]
    private var labelOverflow = 0
    private var unlabelled = 0

    mutating func add(_ value: FeatureValue, maximumCategories: Int) {
        guard let kind = value.kind else { return }
        nonNull += 1
        kindCounts[kind, default: 0] += 1
        if case .number(let number) = value, number.isFinite {
            numbers.append(number)
        }
        guard let label = value.categoryLabel else {
            unlabelled += 1
            return
        }
        if labels[label] != nil || labels.count < maximumCategories {
            labels[label, default: 0] += 1
        } else {
            labelOverflow += 1
        }
    }

    /// The type the values suggest: numeric when every non-null value was a number.
    var inferredType: FeatureType {
        kindCounts.keys.contains(where: { $0 != .number }) ? .categorical : .numeric
    }

    /// The profile of the values seen in `events` events.
    ///
    /// - Parameters:
    ///   - events: The events the feature was looked for in; those without a value are missing.
    ///   - type: The declared type, or `nil` to infer it.
    ///   - binCount: The number of numeric bins.
    func profile(events: Int, type declared: FeatureType?, binCount: Int) throws -> FeatureProfile {
        let type = declared ?? inferredType
        let valueKind = kindCounts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
        switch type {
        case .numeric:
            return FeatureProfile(
                type: .numeric,
                valueKind: valueKind,
                events: events,
                missing: events - nonNull,
                typeMismatch: nonNull - (kindCounts[.number] ?? 0),
                numeric: numbers.isEmpty ? nil : try NumericProfile(values: numbers, binCount: binCount),
                categorical: nil
            )
        case .categorical:
            let labelled = nonNull - unlabelled
            return FeatureProfile(
                type: .categorical,
                valueKind: valueKind,
                events: events,
                missing: events - nonNull,
                typeMismatch: unlabelled,
                numeric: nil,
                categorical: labelled == 0 ? nil : CategoricalProfile(counts: labels, overflowCount: labelOverflow)
            )
        }
    }
}
