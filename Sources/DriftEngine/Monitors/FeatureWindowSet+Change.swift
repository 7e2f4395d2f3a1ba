import DriftDetection

extension FeatureWindowSet {
    /// How feature `name` moved from its reference: the mean of a numeric feature, the category whose share
    /// moved most of a categorical one; `nil` when the window has no value of it.
    func change(of name: String, reference: FeatureProfile) -> FeatureChange? {
        if let window = numericWindow(name), let numeric = reference.numeric, window.moments.count > 0 {
            return FeatureChange(referenceMean: numeric.mean, currentMean: window.moments.mean)
        }
        guard let window = categoricalWindow(name), let categorical = reference.categorical else { return nil }
        let currentTotal = Double(window.counts.values.reduce(window.overflowCount, +))
        let referenceTotal = Double(categorical.total)
        guard currentTotal > 0, referenceTotal > 0 else { return nil }
        let shares = Set(categorical.counts.keys).union(window.counts.keys).map { category in
            (
                category: category, reference: Double(categorical.counts[category] ?? 0) / referenceTotal,
                current: Double(window.counts[category] ?? 0) / currentTotal
            )
        }
        // The largest move; ties go to the first category by name, so the choice does not depend on hashing.
        guard
            let moved = shares.max(by: {
                let (left, right) = (abs($0.current - $0.reference), abs($1.current - $1.reference))
                return left != right ? left < right : $0.category > $1.category
            })
        else { return nil }
        return FeatureChange(category: moved.category, referenceShare: moved.reference, currentShare: moved.current)
    }
}
