/// Data-quality thresholds, as rates per window and feature: the `quality` section. `nil` does not check.
package struct QualityConfiguration: Sendable, Equatable {
    /// Null or absent values (`missing_rate`); default 0.05.
    package var missingRate: Double?
    /// Values the feature's type cannot use (`type_mismatch_rate`); default 0.01.
    package var typeMismatchRate: Double?
    /// Numbers outside the reference's range (`out_of_range_rate`); default unchecked.
    package var outOfRangeRate: Double?
    /// Categories the reference never saw (`unseen_category_rate`); default unchecked.
    package var unseenCategoryRate: Double?

    /// The configuration's field names, with the property each sets.
    static let fields: [(name: String, keyPath: WritableKeyPath<QualityConfiguration, Double?> & Sendable)] = [
        ("missing_rate", \.missingRate), ("type_mismatch_rate", \.typeMismatchRate),
        ("out_of_range_rate", \.outOfRangeRate), ("unseen_category_rate", \.unseenCategoryRate),
    ]
}

extension QualityConfiguration {
    /// Reads a `quality` section; each rate lies in (0, 1], and absent ones take their defaults.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        self = ConfigurationDefaults.quality
        for (name, keyPath) in Self.fields {
            if let rate = reader.number(fields, name, .fraction) {
                self[keyPath: keyPath] = rate
            }
        }
    }
}
