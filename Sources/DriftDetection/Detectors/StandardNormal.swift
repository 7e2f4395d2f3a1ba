import Foundation

/// The standard normal distribution's tail, computed as SciPy's `norm.sf` is (through `ndtr`), so that
/// p-values compared with a significance level agree with the reference.
enum StandardNormal {
    /// `P(Z > x)` for a standard normal `Z`.
    static func survival(_ x: Double) -> Double {
        cdf(-x)
    }

    /// `P(Z ≤ x)`: `½ + ½ erf(x/√2)` near 0, `½ erfc(|x|/√2)` (reflected for positive `x`) in the tails.
    static func cdf(_ x: Double) -> Double {
        let scaled = x * 0.5.squareRoot()
        let magnitude = abs(scaled)
        if magnitude < 0.5.squareRoot() {
            return 0.5 + 0.5 * erf(scaled)
        }
        let tail = 0.5 * erfc(magnitude)
        return scaled > 0 ? 1 - tail : tail
    }
}
