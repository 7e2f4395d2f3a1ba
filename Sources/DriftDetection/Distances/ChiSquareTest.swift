/// Pearson's chi-square test of homogeneity on the 2×K table of reference and current counts.
public enum ChiSquareTest {
    /// Tests whether the reference and current counts come from the same categorical distribution,
    /// as `scipy.stats.chi2_contingency(table, correction=False)` does.
    ///
    /// Columns where both counts are zero are dropped first (they have no expected frequency);
    /// the test then has K − 1 degrees of freedom, and a table with a single column gives a
    /// statistic of 0 and a p-value of 1 as SciPy does.
    ///
    /// - Returns: A result whose ``DistanceResult/effectSize`` is Cramér's V, sqrt(χ²/N) for two rows.
    /// - Throws: ``DriftDetectionError`` when the vectors differ in length or a side is empty.
    public static func test(referenceCounts: [Int], currentCounts: [Int]) throws -> DistanceResult {
        guard referenceCounts.count == currentCounts.count else {
            throw DriftDetectionError(
                .invalidArgument,
                "the reference has \(referenceCounts.count) bins, the current \(currentCounts.count)"
            )
        }
        let columns = zip(referenceCounts, currentCounts).filter { $0.0 != 0 || $0.1 != 0 }
        let referenceTotal = Double(columns.reduce(0) { $0 + $1.0 })
        let currentTotal = Double(columns.reduce(0) { $0 + $1.1 })
        guard referenceTotal > 0, currentTotal > 0 else {
            throw DriftDetectionError(.invalidInput, "the chi-square test needs counts on both sides")
        }
        let total = referenceTotal + currentTotal
        let degreesOfFreedom = columns.count - 1
        guard degreesOfFreedom > 0 else {
            return DistanceResult(metric: .chi2, value: 0, pValue: 1, effectSize: 0)
        }
        var statistic = 0.0
        for (reference, current) in columns {
            let columnTotal = Double(reference + current)
            statistic += pearsonTerm(observed: reference, expected: referenceTotal * columnTotal / total)
            statistic += pearsonTerm(observed: current, expected: currentTotal * columnTotal / total)
        }
        let pValue = IncompleteGamma.regularizedUpper(a: Double(degreesOfFreedom) / 2, x: statistic / 2)
        return DistanceResult(
            metric: .chi2, value: statistic, pValue: pValue, effectSize: (statistic / total).squareRoot())
    }

    /// One cell's (observed − expected)² / expected.
    private static func pearsonTerm(observed: Int, expected: Double) -> Double {
        let difference = Double(observed) - expected
        return difference * difference / expected
    }
}
