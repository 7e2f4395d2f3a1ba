/// The Wasserstein-1 (earth mover's) distance between two one-dimensional distributions.
public enum Wasserstein {
    /// The integral of |F − G| over the real line, as `scipy.stats.wasserstein_distance` computes it.
    ///
    /// - Throws: ``DriftDetectionError`` when either distribution is empty.
    public static func distance(reference: EmpiricalDistribution, current: EmpiricalDistribution) throws -> Double {
        guard !reference.values.isEmpty, !current.values.isEmpty else {
            throw DriftDetectionError(.invalidInput, "the Wasserstein distance needs values on both sides")
        }
        var sum = 0.0
        var previous: (value: Double, difference: Double)?
        reference.forEachStep(with: current) { value, referenceCDF, currentCDF in
            if let previous {
                sum += previous.difference * (value - previous.value)
            }
            previous = (value, abs(referenceCDF - currentCDF))
        }
        return sum
    }
}
