import Foundation

/// Steele, Lea and Flood's SplitMix64: a tiny, fast, seedable generator whose whole state is one word.
///
/// Detectors that sample at random keep one of these in their `Codable` state, so a restored snapshot
/// continues with the same random draws.
public struct SplitMix64: RandomNumberGenerator, Codable, Sendable, Equatable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject method), independent of the standard
    /// library's algorithm so that sequences stay stable across toolchains.
    package mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = next().multipliedFullWidth(by: limit)
            }
        }
        return Int(product.high)
    }

    /// A standard normal draw (Box–Muller, one value per pair of uniforms).
    package mutating func nextGaussian() -> Double {
        let radius = (-2 * log(1 - nextUnitDouble())).squareRoot()
        return radius * cos(2 * Double.pi * nextUnitDouble())
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    package mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
