import Foundation

/// The distribution of the one-sided one-sample Kolmogorov–Smirnov statistic Dₙ⁺.
enum SmirnovDistribution {
    /// P(Dₙ⁺ ≥ x), as Cephes' `smirnov` (used by SciPy) defines it.
    ///
    /// Evaluates the Birnbaum–Tingey sum
    /// x · Σ_{j < n(1−x)} C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1),
    /// whose terms are all positive, in log space with a running scale so that neither the
    /// binomial coefficients nor the powers overflow. The closed forms for x ≤ 1/n and
    /// x ≥ 1 − 1/n and the approximation for n > 10⁶ are Cephes'.
    static func survival(n: Int, x: Double) -> Double {
        precondition(n >= 1 && x >= 0 && x <= 1, "n must be positive and x in [0, 1]")
        let size = Double(n)
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nx = size * x
        let nxFloor = nx.rounded(.down)
        if nxFloor == 0 || (nxFloor == 1 && nx == nxFloor) {
            return 1 - x * pow(1 + x, size - 1)
        }
        if -2 * size * x * x < -7.451332191019412076235e2 { return 0 }
        if nxFloor >= size - 1 { return pow(1 - x, size) }
        if n > 1_000_000 {
            let logP = -pow(6 * nx + 1, 2) / 18 / size
            return logP < -M_LN2 ? exp(logP) : 1 + expm1(logP)
        }
        let termCount = n - Int(nxFloor)
        var logBinomial = 0.0
        var logScale = -Double.infinity
        var scaledSum = 0.0
        for j in 0..<termCount {
            let v = Double(j)
            let base = Double(n - j) / size - x
            if base <= 0 { break }
            let logTerm = logBinomial + (size - v) * log(base) + (v - 1) * log(x + v / size)
            if logTerm > logScale {
                scaledSum *= exp(logScale - logTerm)
                logScale = logTerm
            }
            scaledSum += exp(logTerm - logScale)
            if j > 0 && log(4 * Double(termCount - j)) + logTerm < log(Double.ulpOfOne) + logScale + log(scaledSum) {
                break
            }
            logBinomial += log(Double(n - j)) - log(v + 1)
        }
        return min(max(exp(log(x) + logScale + log(scaledSum)), 0), 1)
    }
}
