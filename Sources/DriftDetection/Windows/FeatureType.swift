/// How a feature is compared with its reference.
public enum FeatureType: String, Codable, Sendable, CaseIterable {
    /// Real numbers: moments, quantile bins, a quantile sketch; PSI, KS, Wasserstein and the rest.
    case numeric
    /// Labels (strings, booleans, integers declared categorical): counts per category.
    case categorical
}
