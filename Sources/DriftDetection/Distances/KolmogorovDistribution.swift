import Foundation

/// The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ.
///
/// Follows the algorithm selection of Simard and L'Ecuyer (2011) in the form SciPy's `kstwo`
/// uses it: Ruben–Gambino's closed forms at the extremes, Durbin's matrix algorithm (as
/// Marsaglia, Tsang and Wang evaluate it) and Pomeranz's recursion for small n·x², the
/// Pelz–Good expansion for large n, and twice the one-sided Smirnov tail where the
/// two one-sided events no longer overlap appreciably.
enum KolmogorovDistribution {
    private static let scale = 0x1p128
    private static let inverseScale = 0x1p-128

    /// P(Dₙ > x).
    static func survival(n: Int, x: Double) -> Double {
        precondition(n >= 1, "the sample size must be positive")
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let size = Double(n)
        let t = size * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            let probability: Double
            if n <= 140 {
                var product = 1.0
                for i in 1...n { product *= Double(i) * (1 / size) * (2 * t - 1) }
                probability = product
            } else {
                probability = exp(logFactorialOverPower(n) + size * log(2 * t - 1))
            }
            return clip(1 - probability)
        }
        if t >= size - 1 {
            return clip(2 * pow(1 - x, size))
        }
        if x >= 0.5 {
            return clip(2 * SmirnovDistribution.survival(n: n, x: x))
        }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 { return clip(1 - durbinCDF(n: n, x: x)) }
            if nxSquared <= 4 { return clip(1 - pomeranzCDF(n: n, x: x)) }
            return clip(2 * SmirnovDistribution.survival(n: n, x: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clip(2 * SmirnovDistribution.survival(n: n, x: x)) }
        if n <= 100_000 && size * pow(x, 1.5) <= 1.4 {
            return clip(1 - durbinCDF(n: n, x: x))
        }
        return clip(1 - pelzGoodCDF(n: n, x: x))
    }

    private static func clip(_ probability: Double) -> Double {
        min(max(probability, 0), 1)
    }

    /// log(n!/nⁿ) by Stirling's series with n·log(n) removed up front.
    private static func logFactorialOverPower(_ n: Int) -> Double {
        let coefficients = [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
            -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ]
        let size = Double(n)
        let reciprocal = 1 / size
        let argument = reciprocal / size
        let series = coefficients.reduce(0) { $0 * argument + $1 }
        return log(size) / 2 - size + log(2 * Double.pi) / 2 + reciprocal * series
    }

    /// P(Dₙ ≤ d) by Durbin's matrix algorithm: the k-th diagonal entry of (n!/nⁿ)·Hⁿ.
    private static func durbinCDF(n: Int, x d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var factorial = 1.0
        for j in 1...m {
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] = (1 - pow(h, Double(j))) * factorial
        }
        let tail = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tail) * factorial
        var matrix = SquareMatrix(size: m)
        for column in 1..<max(m, 1) {
            for row in (column - 1)..<m {
                matrix[row, column] = w[row - column + 1]
            }
        }
        for row in 0..<m { matrix[row, 0] = v[row] }
        for column in 0..<m { matrix[m - 1, column] = v[m - 1 - column] }

        var power = SquareMatrix.identity(size: m)
        var exponent = 0
        var matrixExponent = 0
        var remaining = n
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = power * matrix
                exponent += matrixExponent
            }
            matrix = matrix * matrix
            matrixExponent *= 2
            if abs(matrix[k - 1, k - 1]) > scale {
                matrix.scale(by: inverseScale)
                matrixExponent += 128
            }
            remaining /= 2
        }
        var probability = power[k - 1, k - 1]
        for i in 1...n {
            probability = Double(i) * probability / Double(n)
            if abs(probability) < inverseScale {
                probability *= scale
                exponent -= 128
            }
        }
        return clip(Double(sign: .plus, exponent: exponent, significand: probability))
    }

    /// P(Dₙ ≤ x) by Pomeranz's recursion, keeping only the non-zero band of two rows.
    private static func pomeranzCDF(n: Int, x: Double) -> Double {
        let size = Double(n)
        let t = size * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1 - f)
        let ceilF = f > 0 ? 1 : 0
        let roundF = f > 0.5 ? 1 : 0
        let powerCount = 2 * (ll + 1)
        var gPower = [Double](repeating: 1, count: powerCount)
        var twoGPower = [Double](repeating: 1, count: powerCount)
        var oneMinusTwoGPower = [Double](repeating: 1, count: powerCount)
        for m in 1..<powerCount {
            gPower[m] = gPower[m - 1] * (g / size) / Double(m)
            twoGPower[m] = twoGPower[m - 1] * (2 * g / size) / Double(m)
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * ((1 - 2 * g) / size) / Double(m)
        }
        var previousRow = [Double](repeating: 0, count: powerCount)
        var row = [Double](repeating: 0, count: powerCount)
        row[0] = 1
        var previousStart = 0
        var rowStart = 0
        var exponent = 0
        var (j1, j2) = pomeranzBounds(row: 0, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&previousRow, &row)
            swap(&previousStart, &rowStart)
            for index in row.indices { row[index] = 0 }
            (j1, j2) = pomeranzBounds(row: i, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
            let powers: [Double]
            if i == 1 || i == 2 * n + 1 {
                powers = gPower
            } else {
                powers = i % 2 == 1 ? twoGPower : oneMinusTwoGPower
            }
            let length = j2 - k1 + 1
            guard length > 0 else { continue }
            let first = k1 - previousStart
            let available = min(length, powerCount - first)
            let convolutionStart = j1 - k1
            for output in 0..<(j2 - j1 + 1) {
                let index = convolutionStart + output
                var sum = 0.0
                for p in stride(from: max(0, index - length + 1), through: min(index, available - 1), by: 1) {
                    sum += previousRow[first + p] * powers[index - p]
                }
                row[output] = sum
            }
            if let largest = row.max(), largest > 0, largest < inverseScale {
                for index in row.indices { row[index] *= scale }
                exponent -= 128
            }
            rowStart = previousStart + j1 - k1
        }
        var answer = row[n - rowStart]
        for m in 1...n {
            if abs(answer) > scale {
                answer *= inverseScale
                exponent += 128
            }
            answer *= Double(m)
        }
        return clip(Double(sign: .plus, exponent: exponent, significand: answer))
    }

    /// The first and last non-zero column of row `i` in Pomeranz's recursion.
    private static func pomeranzBounds(row i: Int, n: Int, ll: Int, ceilF: Int, roundF: Int) -> (Int, Int) {
        var j1: Int
        var j2: Int
        if i == 0 {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1)
        } else {
            let half = (i + 1) / 2
            if (i + 1) % 2 == 0 {
                if half == n + 1 {
                    (j1, j2) = (n - ll - ceilF - 1, n + ll + ceilF - 1)
                } else {
                    (j1, j2) = (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1)
                }
            } else {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1)
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// P(Dₙ ≤ x) by the Pelz–Good expansion of the Li-Chien/Korolyuk series in powers of 1/√n.
    private static func pelzGoodCDF(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let piSquared = Double.pi * Double.pi
        let piFour = piSquared * piSquared
        let piSix = piFour * piSquared
        let z = Double(n).squareRoot() * x
        let z2 = z * z
        let z3 = z2 * z
        let z4 = z2 * z2
        let z6 = z4 * z2
        let qLog = -piSquared / 8 / z2
        if qLog < -708 { return 0 }
        let q = exp(qLog)
        let k1a = -z2
        let k1b = piSquared / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * piSquared / 4
        let k2c = piFour * (1 - 2 * z2) / 16
        let k3d = piSix * (5 - 30 * z2) / 64
        let k3c = piFour * (-60 * z2 + 212 * z4) / 16
        let k3b = piSquared * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var terms = [0.0, 0.0, 0.0, 0.0]
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        for k in stride(from: maxK, through: 1, by: -1) {
            let m = Double(2 * k - 1)
            let m2 = m * m
            let m4 = m2 * m2
            let m6 = m4 * m2
            let qPower = pow(q, Double(8 * k))
            let coefficients = [
                1.0,
                k1a + k1b * m2,
                k2a + k2b * m2 + k2c * m4,
                k3a + k3b * m2 + k3c * m4 + k3d * m6,
            ]
            for index in 0..<4 { terms[index] = terms[index] * qPower + coefficients[index] }
        }
        let sqrtTwoPi = (2 * Double.pi).squareRoot()
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for index in 0..<4 { terms[index] = terms[index] * q * sqrtTwoPi / divisors[index] }
        let q2 = exp(-piSquared / 2 / z2)
        let sqrt3z = 3.0.squareRoot() * z
        var k2Extra = 0.0
        var k3Extra = 0.0
        for k in stride(from: maxK, through: 1, by: -1) {
            let kSquared = Double(k * k)
            let qPower = pow(q2, kSquared)
            let kPi = Double.pi * Double(k)
            k2Extra += kSquared * qPower
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qPower
        }
        terms[2] += k2Extra * piSquared * sqrtTwoPi / (-36 * z3)
        terms[3] += k3Extra * piSquared * sqrtTwoPi / (216 * z6)
        var sum = 0.0
        for index in 0..<4 { sum += terms[index] / pow(Double(n), Double(index) / 2) }
        return sum
    }
}
