/// The outcome of comparing a current distribution with its reference.
public struct DistanceResult: Codable, Equatable, Sendable {
    /// The metric that produced the value.
    public var metric: DistanceMetric
    /// The distance or test statistic.
    public var value: Double
    /// The p-value of the test, for ``DistanceMetric/ks`` and ``DistanceMetric/chi2``.
    public var pValue: Double?
    /// A sample-size-free effect size, for the tests: the statistic itself for KS and
    /// Cramér's V for chi-square.
    ///
    /// - Important: On large windows every p-value becomes tiny; a policy should require both a
    ///   small p-value and an effect size above a minimum before it calls a difference drift.
    public var effectSize: Double?

    /// Creates a result.
    public init(metric: DistanceMetric, value: Double, pValue: Double? = nil, effectSize: Double? = nil) {
        self.metric = metric
        self.value = value
        self.pValue = pValue
        self.effectSize = effectSize
    }
}
