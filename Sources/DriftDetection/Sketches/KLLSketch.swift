import Foundation

/// A mergeable quantile sketch after Karnin, Lang and Liberty (KLL, 2016).
///
/// Items live in levels; an item on level h stands for 2ʰ observations. When the buffer is full
/// the lowest level over its capacity is sorted and every other item (odd or even positions,
/// by a coin flip) moves up a level. Level capacities shrink geometrically by 2/3 below the top
/// level, which holds `k` items, with a floor of 8.
///
/// **Error bound.** With the default `k` = ``defaultK`` (100), the normalised rank error of a
/// rank or quantile query is at most ``rankErrorBound`` (2.5%) of the count with high
/// probability, whatever the input distribution and order; merged sketches keep the bound.
/// KLL's analysis gives an error of order 1/k per query; measured over 999 evenly spaced queries
/// on 10⁶ values the largest error was 1.2–2.0%. The tests check the bound on 10⁶ uniform,
/// normal, lognormal and bimodal values and on merged sketches.
///
/// **Determinism.** The coin flips come from a ``SplitMix64`` generator whose state is part
/// of the sketch, so the same inputs in the same order give the same sketch, and an encoded
/// sketch continues exactly where it stopped.
///
/// **Memory.** Items are kept in one flat array, top level first and level 0 last, so an
/// update appends and a compaction works in place; an update allocates nothing except when a
/// new level is added (log₂(n/k) times over the sketch's life). The retained items are at most
/// about 3k plus 8 per level: ``heapBytes`` is 2,928 bytes for k = 100 after 10⁶ updates and
/// grows by 64 bytes for each doubling of the count beyond that.
public struct KLLSketch: Codable, Equatable, Sendable {
    /// The default accuracy parameter.
    public static let defaultK = 100
    /// The documented normalised rank error for ``defaultK``.
    public static let rankErrorBound = 0.025
    private static let minimumLevelCapacity = 8

    /// The accuracy parameter: the top level's capacity.
    public let k: Int
    /// The number of observations summarised.
    public private(set) var count: Int
    /// The smallest value seen.
    public private(set) var minimum: Double
    /// The largest value seen.
    public private(set) var maximum: Double
    /// The retained items, level `levelSizes.count - 1` first and level 0 last.
    private var items: [Double]
    /// The number of items on each level, indexed by level.
    private var levelSizes: [Int]
    /// The sum of the level capacities: a compaction runs when `items` reaches it.
    private var capacity: Int
    private var random: SplitMix64

    /// Creates an empty sketch.
    ///
    /// - Parameters:
    ///   - k: The accuracy parameter, at least 8; the rank error shrinks roughly as 1/k.
    ///   - seed: The seed of the coin flips.
    public init(k: Int = defaultK, seed: UInt64 = 0x6472_6966_7477_6174) {
        precondition(k >= Self.minimumLevelCapacity, "k must be at least \(Self.minimumLevelCapacity)")
        self.k = k
        self.count = 0
        self.minimum = .infinity
        self.maximum = -.infinity
        self.levelSizes = [0]
        self.capacity = k
        self.items = []
        self.random = SplitMix64(seed: seed)
        items.reserveCapacity(capacity + 1)
    }

    /// Whether the sketch has seen no value.
    public var isEmpty: Bool { count == 0 }

    /// Adds one value. NaN is ignored: callers count it separately.
    public mutating func insert(_ value: Double) {
        guard !value.isNaN else { return }
        if items.count >= capacity {
            compress()
        }
        items.append(value)
        levelSizes[0] += 1
        count += 1
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
    }

    /// Folds another sketch into this one, as if its values had been inserted here.
    ///
    /// - Precondition: Both sketches have the same `k`.
    public mutating func merge(_ other: KLLSketch) {
        precondition(k == other.k, "sketches with different k cannot be merged")
        guard !other.isEmpty else { return }
        let height = Swift.max(levelSizes.count, other.levelSizes.count)
        var merged: [Double] = []
        merged.reserveCapacity(items.count + other.items.count)
        for level in stride(from: height - 1, through: 0, by: -1) {
            merged.append(contentsOf: Self.items(onLevel: level, of: self))
            merged.append(contentsOf: Self.items(onLevel: level, of: other))
        }
        levelSizes = (0..<height).map {
            ($0 < levelSizes.count ? levelSizes[$0] : 0) + ($0 < other.levelSizes.count ? other.levelSizes[$0] : 0)
        }
        items = merged
        count += other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        var otherRandom = other.random
        random = SplitMix64(seed: random.next() ^ otherRandom.next().byteSwapped)
        capacity = Self.totalCapacity(k: k, height: height)
        while items.count >= capacity {
            compress()
        }
        items.reserveCapacity(capacity + 1)
    }

    /// The estimated fraction of observations less than or equal to `value`.
    public func rank(of value: Double) -> Double {
        guard count > 0 else { return 0 }
        var weight = 0.0
        var end = items.count
        for level in levelSizes.indices {
            let start = end - levelSizes[level]
            for index in start..<end where items[index] <= value {
                weight += Double(1 << level)
            }
            end = start
        }
        return weight / Double(count)
    }

    /// The estimated `probability`-quantile: the smallest retained value whose estimated rank
    /// reaches `probability`; the exact minimum and maximum at 0 and 1.
    ///
    /// - Returns: `nil` when the sketch is empty.
    public func quantile(_ probability: Double) -> Double? {
        guard count > 0 else { return nil }
        if probability <= 0 { return minimum }
        if probability >= 1 { return maximum }
        let distribution = empiricalDistribution()
        let target = probability * Double(count)
        let index = distribution.cumulativeWeights.firstIndex { $0 >= target } ?? distribution.values.count - 1
        return distribution.values[index]
    }

    /// The retained items as a weighted distribution, for KS and Wasserstein against a reference.
    public func empiricalDistribution() -> EmpiricalDistribution {
        var weighted: [(value: Double, weight: Double)] = []
        weighted.reserveCapacity(items.count)
        var end = items.count
        for level in levelSizes.indices {
            let start = end - levelSizes[level]
            for index in start..<end {
                weighted.append((items[index], Double(1 << level)))
            }
            end = start
        }
        weighted.sort { $0.value < $1.value }
        return EmpiricalDistribution(
            sortedValues: weighted.map(\.value),
            weights: weighted.map(\.weight),
            observations: count
        )
    }

    /// The heap bytes the sketch holds: its arrays' allocated capacity plus their headers.
    public var heapBytes: Int {
        let arrayHeader = 32
        return 2 * arrayHeader + items.capacity * MemoryLayout<Double>.stride
            + levelSizes.capacity * MemoryLayout<Int>.stride
    }

    /// The items of `level` in `sketch`, empty when the sketch has no such level.
    private static func items(onLevel level: Int, of sketch: KLLSketch) -> ArraySlice<Double> {
        guard level < sketch.levelSizes.count else { return [] }
        let end = sketch.items.count - sketch.levelSizes[..<level].reduce(0, +)
        return sketch.items[(end - sketch.levelSizes[level])..<end]
    }

    /// Compacts the lowest level that has reached its capacity, adding a level on top first
    /// when that level is the top one.
    private mutating func compress() {
        var height = levelSizes.count
        var level = 0
        while levelSizes[level] < Self.levelCapacity(k: k, level: level, height: height) {
            level += 1
        }
        if level == height - 1 {
            levelSizes.append(0)
            height += 1
            capacity = Self.totalCapacity(k: k, height: height)
            items.reserveCapacity(capacity + 1)
        }
        let end = items.count - levelSizes[..<level].reduce(0, +)
        let start = end - levelSizes[level]
        Self.heapSort(&items, start..<end)
        let pairs = (end - start) / 2
        let odd = (end - start) % 2
        let offset = Int(random.next() >> 63)
        for i in 0..<pairs {
            items[start + i] = items[start + 2 * i + offset]
        }
        if odd == 1 {
            items[start + pairs] = items[end - 1]
        }
        let newEnd = start + pairs + odd
        for i in 0..<(items.count - end) {
            items[newEnd + i] = items[end + i]
        }
        items.removeLast(end - newEnd)
        levelSizes[level + 1] += pairs
        levelSizes[level] = odd
    }

    /// Sorts `items[range]` ascending in place (heapsort), without the temporary buffer the standard
    /// library's sort allocates.
    private static func heapSort(_ items: inout [Double], _ range: Range<Int>) {
        let base = range.lowerBound
        let count = range.count
        func siftDown(_ root: Int, _ end: Int) {
            var parent = root
            while true {
                var child = 2 * parent + 1
                guard child < end else { return }
                if child + 1 < end && items[base + child] < items[base + child + 1] { child += 1 }
                guard items[base + parent] < items[base + child] else { return }
                items.swapAt(base + parent, base + child)
                parent = child
            }
        }
        for root in stride(from: count / 2 - 1, through: 0, by: -1) {
            siftDown(root, count)
        }
        for end in stride(from: count - 1, to: 0, by: -1) {
            items.swapAt(base, base + end)
            siftDown(0, end)
        }
    }

    private static func levelCapacity(k: Int, level: Int, height: Int) -> Int {
        let depth = height - 1 - level
        return Swift.max(minimumLevelCapacity, Int((Double(k) * pow(2.0 / 3.0, Double(depth))).rounded(.up)))
    }

    private static func totalCapacity(k: Int, height: Int) -> Int {
        (0..<height).reduce(0) { $0 + levelCapacity(k: k, level: $1, height: height) }
    }
}
