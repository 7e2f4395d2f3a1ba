/// A way of comparing a window of live values with the reference distribution.
///
/// The binned metrics compare proportions over the reference's bins (numeric features) or over
/// the union of categories (categorical features); a proportion whose count is zero becomes
/// ``BinnedDistance/zeroProportion`` and nothing is renormalised.
public enum DistanceMetric: String, CaseIterable, Codable, Sendable {
    /// Population stability index: Σ (q−p)·ln(q/p).
    case psi
    /// Kullback–Leibler divergence of the current from the reference: Σ p·ln(p/q).
    case kl
    /// Jensen–Shannon distance: sqrt(½ Σ p·ln(p/m) + ½ Σ q·ln(q/m)), m = (p+q)/2.
    case js
    /// Hellinger distance: sqrt(Σ (√p−√q)²)/√2.
    case hellinger
    /// Total variation distance: ½ Σ |p−q|.
    case tvd
    /// Two-sample Kolmogorov–Smirnov statistic with its asymptotic p-value (numeric only).
    case ks
    /// Wasserstein-1 distance between the raw values (numeric only).
    case wasserstein
    /// Pearson chi-square test on the 2×K table of counts, with its p-value.
    case chi2

    /// Whether the metric compares a numeric window's quantile sketch with the reference (KS, Wasserstein);
    /// the others need only bin counts.
    public var needsSketch: Bool { self == .ks || self == .wasserstein }

    /// Whether the metric compares proportions over bins or categories.
    public var isProportionBased: Bool {
        switch self {
        case .psi, .kl, .js, .hellinger, .tvd: true
        case .ks, .wasserstein, .chi2: false
        }
    }

    /// Whether the metric applies to categorical data.
    public var supportsCategorical: Bool {
        self != .ks && self != .wasserstein
    }
}
