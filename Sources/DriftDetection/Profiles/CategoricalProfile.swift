/// The reference distribution of a categorical feature or output.
public struct CategoricalProfile: Codable, Equatable, Sendable {
    /// The default cap on distinct categories a profile keeps.
    public static let defaultMaximumCategories = 10_000

    /// Count per category label.
    public var counts: [String: Int]
    /// Values of categories beyond the cap.
    public var overflowCount: Int

    enum CodingKeys: String, CodingKey {
        case counts
        case overflowCount = "overflow_count"
    }

    /// The values counted, overflow included.
    public var total: Int { counts.values.reduce(0, +) + overflowCount }

    /// The share of each category among all values counted.
    public var frequencies: [String: Double] {
        let total = Double(total)
        return counts.mapValues { Double($0) / total }
    }

    /// Creates a profile from counts.
    public init(counts: [String: Int], overflowCount: Int = 0) {
        self.counts = counts
        self.overflowCount = overflowCount
    }

    /// An empty window that knows this reference's categories.
    public func makeWindow(
        maximumNewCategories: Int = CategoricalWindow.defaultMaximumNewCategories
    ) -> CategoricalWindow {
        CategoricalWindow(referenceCategories: Set(counts.keys), maximumNewCategories: maximumNewCategories)
    }
}
