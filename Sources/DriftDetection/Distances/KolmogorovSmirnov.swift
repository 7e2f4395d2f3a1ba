/// The two-sample Kolmogorov–Smirnov test, as `scipy.stats.ks_2samp(method="asymp")` computes it.
public enum KolmogorovSmirnov {
    /// Tests whether two samples come from the same continuous distribution.
    ///
    /// The statistic is the largest absolute difference between the two empirical CDFs. The
    /// p-value is the survival function of the one-sample Kolmogorov distribution for
    /// n = round(n₁n₂/(n₁+n₂)) (ties to even), as SciPy's asymptotic two-sided method does.
    ///
    /// - Returns: A result whose ``DistanceResult/effectSize`` is the statistic itself.
    /// - Throws: ``DriftDetectionError`` when either distribution is empty.
    public static func test(reference: EmpiricalDistribution, current: EmpiricalDistribution) throws -> DistanceResult {
        guard reference.observations > 0, current.observations > 0, !reference.values.isEmpty,
            !current.values.isEmpty
        else {
            throw DriftDetectionError(.invalidInput, "the Kolmogorov–Smirnov test needs values on both sides")
        }
        var statistic = 0.0
        reference.forEachStep(with: current) { _, referenceCDF, currentCDF in
            statistic = max(statistic, abs(referenceCDF - currentCDF))
        }
        let m = Double(max(reference.observations, current.observations))
        let n = Double(min(reference.observations, current.observations))
        // One value on each side gives 0.5, which rounds to 0, where scipy answers NaN: at least 1 here, so that
        // the smallest windows still get a p-value (a large one, as such a test deserves).
        let effectiveSize = max(1, (m * n / (m + n)).rounded(.toNearestOrEven))
        let pValue = KolmogorovDistribution.survival(n: Int(effectiveSize), x: statistic)
        return DistanceResult(metric: .ks, value: statistic, pValue: pValue, effectSize: statistic)
    }
}
