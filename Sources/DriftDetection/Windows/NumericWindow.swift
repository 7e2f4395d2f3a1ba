/// The state of one numeric feature over one window (or one pane of a sliding window).
///
/// Holds the counts of observations by kind (finite, NaN, ±infinity), data-quality counters,
/// stable moments, the exact minimum and maximum, counts over the reference's bins (see
/// ``BinEdges`` for which side of an edge a value goes) and, when a test needs one (KS,
/// Wasserstein), a ``KLLSketch`` of the finite values. NaN and ±infinity are counted, not
/// binned, sketched or averaged.
///
/// **Memory.** About 3.3 KiB per feature window with the default sketch and 10 bins, most of it the sketch's:
/// ``memoryBytes`` counts the struct's inline size plus the heap capacity of its arrays (bin
/// edges, bin counts and the sketch's items and levels) with 32 bytes of header per array; it
/// is 3,336 bytes after 10⁶ updates and grows by 64 bytes for each doubling of the count. The
/// bin edges are shared with the reference profile until the window is encoded.
///
/// Recording a value allocates nothing except when the sketch adds a level.
public struct NumericWindow: Codable, Equatable, Sendable {
    /// The reference's bins.
    public let bins: BinEdges
    /// The reference's range, for the out-of-range counter; `nil` counts nothing as out of range.
    public let referenceRange: ValueRange?
    /// Missing, type-mismatch and out-of-range counts.
    public private(set) var quality = DataQualityCounts()
    /// NaN values seen.
    public private(set) var nanCount = 0
    /// +∞ values seen.
    public private(set) var positiveInfinityCount = 0
    /// −∞ values seen.
    public private(set) var negativeInfinityCount = 0
    /// Moments of the finite values.
    public private(set) var moments = RunningMoments()
    /// The finite values' count per bin.
    public private(set) var binCounts: [Int]
    /// A quantile sketch of the finite values; `nil` when the window was made without one.
    public private(set) var sketch: KLLSketch?
    /// The smallest finite value, `nil` before the first.
    public private(set) var minimum: Double?
    /// The largest finite value, `nil` before the first.
    public private(set) var maximum: Double?

    /// Creates an empty window over the given reference bins.
    ///
    /// - Parameters:
    ///   - bins: The reference's bins.
    ///   - referenceRange: The reference's range.
    ///   - sketchK: The sketch's accuracy parameter; `nil` keeps no sketch (binned tests need none).
    public init(bins: BinEdges, referenceRange: ValueRange?, sketchK: Int? = KLLSketch.defaultK) {
        self.bins = bins
        self.referenceRange = referenceRange
        self.binCounts = [Int](repeating: 0, count: bins.binCount)
        self.sketch = sketchK.map { KLLSketch(k: $0) }
    }

    /// Every value recorded, whatever its kind, including missing ones.
    public var recorded: Int {
        moments.count + nanCount + positiveInfinityCount + negativeInfinityCount + quality.missing
            + quality.typeMismatch
    }

    /// Records one event's value: null counts as missing, a string or boolean as a type mismatch.
    @inline(__always)
    public mutating func record(_ value: FeatureValue) {
        switch value {
        case .number(let number): record(number: number)
        case .null: quality.missing += 1
        case .string, .bool: quality.typeMismatch += 1
        }
    }

    /// Records one number.
    @inline(__always)
    public mutating func record(number: Double) {
        guard number.isFinite else {
            if number.isNaN {
                nanCount += 1
            } else if number > 0 {
                positiveInfinityCount += 1
            } else {
                negativeInfinityCount += 1
            }
            return
        }
        moments.add(number)
        binCounts[bins.binIndex(of: number)] += 1
        sketch?.insert(number)
        minimum = Swift.min(minimum ?? number, number)
        maximum = Swift.max(maximum ?? number, number)
        if let referenceRange, !referenceRange.contains(number) {
            quality.outOfRange += 1
        }
    }

    /// Folds another window of the same feature into this one.
    ///
    /// - Throws: ``DriftDetectionError`` when the windows use different bins or sketch sizes.
    public mutating func merge(_ other: NumericWindow) throws {
        guard bins == other.bins, referenceRange == other.referenceRange, sketch?.k == other.sketch?.k else {
            throw DriftDetectionError(.incompatibleState, "numeric windows over different references cannot be merged")
        }
        quality.merge(other.quality)
        nanCount += other.nanCount
        positiveInfinityCount += other.positiveInfinityCount
        negativeInfinityCount += other.negativeInfinityCount
        moments.merge(other.moments)
        for index in binCounts.indices { binCounts[index] += other.binCounts[index] }
        if let otherSketch = other.sketch { sketch?.merge(otherSketch) }
        minimum = [minimum, other.minimum].compactMap { $0 }.min()
        maximum = [maximum, other.maximum].compactMap { $0 }.max()
    }

    /// Compares the window with its reference.
    ///
    /// Proportion-based metrics and chi-square use the bin counts and are exact; KS and
    /// Wasserstein compare the window's sketch with the reference's stored distribution, so
    /// they carry the sketches' rank error (``KLLSketch/rankErrorBound``).
    ///
    /// - Throws: ``DriftDetectionError`` when the window has no finite value, the reference's
    ///   bins differ from the window's, or KS or Wasserstein is asked of a window without a sketch.
    public func distance(_ metric: DistanceMetric, reference: NumericProfile) throws -> DistanceResult {
        switch metric {
        case .ks, .wasserstein:
            guard let sketch else {
                throw DriftDetectionError(
                    .incompatibleState, "the window keeps no sketch; \(metric.rawValue) needs a window made with one")
            }
            if metric == .ks {
                return try KolmogorovSmirnov.test(
                    reference: reference.distribution, current: sketch.empiricalDistribution())
            }
            let value = try Wasserstein.distance(
                reference: reference.distribution, current: sketch.empiricalDistribution())
            return DistanceResult(metric: metric, value: value)
        case .psi, .kl, .js, .hellinger, .tvd, .chi2:
            guard reference.bins == bins else {
                throw DriftDetectionError(.incompatibleState, "the window was not built over this reference's bins")
            }
            return try DistanceCalculator.binned(metric, referenceCounts: reference.binCounts, currentCounts: binCounts)
        }
    }

    /// The bytes the window holds, inline and on the heap (see the type's documentation).
    public var memoryBytes: Int {
        let arrayHeader = 32
        return MemoryLayout<NumericWindow>.size + (sketch?.heapBytes ?? 0)
            + 2 * arrayHeader + bins.edges.capacity * MemoryLayout<Double>.stride
            + binCounts.capacity * MemoryLayout<Int>.stride
    }
}
