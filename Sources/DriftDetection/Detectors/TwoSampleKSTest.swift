/// The two-sample Kolmogorov–Smirnov test for two samples of equal size, with the exact p-value.
///
/// Works in caller-provided buffers so that repeated tests do not allocate.
///
/// ``KolmogorovSmirnov`` computes the same statistic for the distance commands, but over weighted
/// distributions and as SciPy does, dividing each CDF before subtracting. This type takes the largest
/// difference of the two counts and divides once, which rounds differently; KSWIN compares the statistic
/// with 0.1, so the two are kept apart to keep KSWIN's signals where they are.
enum TwoSampleKSTest {
    /// Sorts a small sample in place without allocating (insertion sort: samples are tens of values).
    static func sort(_ sample: UnsafeMutableBufferPointer<Double>) {
        for index in sample.indices.dropFirst() {
            let value = sample[index]
            var position = index
            while position > 0 && sample[position - 1] > value {
                sample[position] = sample[position - 1]
                position -= 1
            }
            sample[position] = value
        }
    }

    /// The statistic `D = sup |F₁ − F₂|` of two sorted samples of equal size.
    static func statistic(sorted first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>) -> Double {
        let size = first.count
        var i = 0
        var j = 0
        var largestGap = 0
        while i < size && j < size {
            let value = min(first[i], second[j])
            while i < size && first[i] == value { i += 1 }
            while j < size && second[j] == value { j += 1 }
            largestGap = max(largestGap, abs(i - j))
        }
        return Double(largestGap) / Double(size)
    }

    /// The exact two-sided p-value `P(D ≥ d)` for two samples of `size` values each, under the null
    /// hypothesis of one continuous distribution.
    ///
    /// Counts the lattice paths that leave the band `|i − j| < h`, `h = round(d · size)`, by the
    /// reflection principle: `P = 2 Σₖ₌₁ (−1)^(k+1) C(2n, n − kh) / C(2n, n)`, evaluated from the largest
    /// `k` down, nesting the terms so that no large binomials or cancellations occur.
    static func exactPValue(statistic: Double, size: Int) -> Double {
        let h = Int((statistic * Double(size)).rounded())
        guard h > 0 else { return 1 }
        var probability = 0.0
        var k = size / h
        while k >= 1 {
            // C(2n, n − kh) / C(2n, n − (k−1)h) as a product of h ratios.
            var ratio = 1.0
            for j in 0..<h {
                let numerator = Double(size - k * h + h - j)
                let denominator = Double(size + k * h - j)
                ratio *= numerator / denominator
            }
            probability = ratio * (1 - probability)
            k -= 1
        }
        return min(1, max(0, 2 * probability))
    }
}
