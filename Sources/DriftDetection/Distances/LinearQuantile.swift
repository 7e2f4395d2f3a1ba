/// Quantiles of sorted samples with numpy's default (`method="linear"`) interpolation.
///
/// The arithmetic follows numpy step by step so that bin edges are bit-identical to
/// `numpy.quantile`, which matters because reference values equal to an edge decide their bin
/// by that edge.
enum LinearQuantile {
    /// The `probability`-quantile of `sorted`, which must be non-empty and ascending.
    static func value(sorted: [Double], probability: Double) -> Double {
        let count = sorted.count
        let virtualIndex = Double(count - 1) * probability
        if virtualIndex >= Double(count - 1) {
            return sorted[count - 1]
        }
        if virtualIndex < 0 {
            return sorted[0]
        }
        let previousIndex = virtualIndex.rounded(.down)
        let gamma = virtualIndex - previousIndex
        let lower = sorted[Int(previousIndex)]
        let upper = sorted[Int(previousIndex) + 1]
        let difference = upper - lower
        // numpy's _lerp: interpolate from the nearer end for symmetry.
        return gamma >= 0.5 ? upper - difference * (1 - gamma) : lower + difference * gamma
    }
}
