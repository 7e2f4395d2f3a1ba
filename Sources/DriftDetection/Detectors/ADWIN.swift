import Foundation

/// ADWIN, adaptive windowing (Bifet and Gavaldà, 2007), in the ADWIN2 bucket form River implements.
///
/// Keeps a window of recent values summarised in exponential-histogram buckets and drops its oldest
/// buckets while two sub-windows have significantly different means (a Hoeffding-style cut with the
/// window's variance). Agrees exactly with River 0.23.0's `river.drift.ADWIN`.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: `O(max_buckets · log₂(W))` doubles for a window of `W` values — about 2·(max_buckets + 1)
/// doubles per doubling of the window; bucket storage only grows when the window doubles, so updates
/// do not allocate in steady state.
public struct ADWIN: SequentialDetector, Equatable {
    /// ADWIN's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Significance of the cut test.
        public var delta: Double
        /// Check for a cut every `clock` updates.
        public var clock: Int
        /// Buckets of each size kept before two are merged.
        public var maxBuckets: Int
        /// The smallest sub-window a cut may leave.
        public var minWindowLength: Int
        /// No check until the window holds more than this many values.
        public var gracePeriod: Int

        /// River's defaults, or the given values.
        public init(
            delta: Double = 0.002,
            clock: Int = 32,
            maxBuckets: Int = 5,
            minWindowLength: Int = 5,
            gracePeriod: Int = 10
        ) {
            self.delta = delta
            self.clock = clock
            self.maxBuckets = maxBuckets
            self.minWindowLength = minWindowLength
            self.gracePeriod = gracePeriod
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    /// Bucket totals, row `r` (buckets of 2^r values) at `r * (maxBuckets + 1) ..< (r + 1) * (maxBuckets + 1)`,
    /// oldest bucket of a row first.
    private var totals: [Double] = []
    /// Bucket variance sums (sums of squared deviations), laid out like `totals`.
    private var variances: [Double] = []
    /// How many buckets each row holds.
    private var rowCounts: [Int] = []
    private var width: Double = 0
    private var total: Double = 0
    private var variance: Double = 0
    private var tick = 0

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.delta > 0 && parameters.delta < 1,
            "adwin",
            "delta must be in (0, 1)"
        )
        try DriftDetectionError.require(parameters.clock >= 1, "adwin", "clock must be at least 1")
        try DriftDetectionError.require(parameters.maxBuckets >= 1, "adwin", "max_buckets must be at least 1")
        try DriftDetectionError.require(
            parameters.minWindowLength >= 1,
            "adwin",
            "min_window_length must be at least 1"
        )
        try DriftDetectionError.require(parameters.gracePeriod >= 0, "adwin", "grace_period must not be negative")
        self.parameters = parameters
        reset()
    }

    /// The number of values in the current window.
    public var windowLength: Int { Int(width) }

    /// The mean of the current window, 0 when empty.
    public var estimation: Double { width == 0 ? 0 : total / width }

    public mutating func reset() {
        totals.removeAll(keepingCapacity: true)
        variances.removeAll(keepingCapacity: true)
        rowCounts.removeAll(keepingCapacity: true)
        appendRow()
        width = 0
        total = 0
        variance = 0
        tick = 0
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        insert(value)
        if detectChange() {
            reset()
            return .drift
        }
        return .none
    }

    private var rowStride: Int { parameters.maxBuckets + 1 }

    private mutating func appendRow() {
        rowCounts.append(0)
        totals.append(contentsOf: repeatElement(0, count: rowStride))
        variances.append(contentsOf: repeatElement(0, count: rowStride))
    }

    private mutating func insert(_ value: Double) {
        push(row: 0, total: value, variance: 0)
        width += 1
        if width > 1 {
            let deviation = value - total / (width - 1)
            variance += (width - 1) * deviation * deviation / width
        }
        total += value
        compress()
    }

    private mutating func push(row: Int, total bucketTotal: Double, variance bucketVariance: Double) {
        let slot = row * rowStride + rowCounts[row]
        totals[slot] = bucketTotal
        variances[slot] = bucketVariance
        rowCounts[row] += 1
    }

    /// Removes the `count` oldest buckets of `row`.
    private mutating func dropOldest(_ count: Int, row: Int) {
        let base = row * rowStride
        let remaining = rowCounts[row] - count
        for index in 0..<remaining {
            totals[base + index] = totals[base + index + count]
            variances[base + index] = variances[base + index + count]
        }
        rowCounts[row] = remaining
    }

    /// Merges the two oldest buckets of every row that overflowed into one bucket of the next row.
    private mutating func compress() {
        var row = 0
        while row < rowCounts.count, rowCounts[row] == parameters.maxBuckets + 1 {
            if row + 1 == rowCounts.count {
                appendRow()
            }
            let size = bucketSize(row)
            let base = row * rowStride
            let firstMean = totals[base] / size
            let secondMean = totals[base + 1] / size
            let spread = size * size * (firstMean - secondMean) * (firstMean - secondMean) / (size + size)
            push(
                row: row + 1,
                total: totals[base] + totals[base + 1],
                variance: variances[base] + variances[base + 1] + spread
            )
            dropOldest(2, row: row)
            row += 1
        }
    }

    private func bucketSize(_ row: Int) -> Double {
        Double(1 << row)
    }

    /// Drops the oldest bucket and returns how many values it held.
    private mutating func deleteOldestBucket() -> Double {
        let row = rowCounts.count - 1
        let size = bucketSize(row)
        let bucketTotal = totals[row * rowStride]
        let bucketMean = bucketTotal / size
        width -= size
        total -= bucketTotal
        let windowMean = total / width
        variance -=
            variances[row * rowStride]
            + size * width * (bucketMean - windowMean) * (bucketMean - windowMean) / (size + width)
        dropOldest(1, row: row)
        if rowCounts[row] == 0 {
            rowCounts.removeLast()
            totals.removeLast(rowStride)
            variances.removeLast(rowStride)
        }
        return size
    }

    /// Scans every cut between buckets, oldest first, and shrinks the window while a cut is significant.
    private mutating func detectChange() -> Bool {
        tick += 1
        guard tick % parameters.clock == 0, width > Double(parameters.gracePeriod) else { return false }
        let minLength = Double(parameters.minWindowLength)
        var changed = false
        var shrinking = true
        while shrinking {
            shrinking = false
            // Constant until a bucket is dropped, which ends the pass.
            let deltaPrime = log(2 * log(width) / parameters.delta)
            let windowVariance = variance / width
            var oldLength = 0.0
            var newLength = width
            var oldTotal = 0.0
            var newTotal = total
            scan: for row in stride(from: rowCounts.count - 1, through: 0, by: -1) {
                let size = bucketSize(row)
                let count = rowCounts[row]
                for bucket in 0..<count {
                    let bucketTotal = totals[row * rowStride + bucket]
                    oldLength += size
                    newLength -= size
                    oldTotal += bucketTotal
                    newTotal -= bucketTotal
                    if row == 0 && bucket == count - 1 {
                        break scan
                    }
                    let meanDifference = oldTotal / oldLength - newTotal / newLength
                    if newLength >= minLength && oldLength >= minLength
                        && isSignificant(oldLength, newLength, meanDifference, deltaPrime, windowVariance)
                    {
                        shrinking = true
                        changed = true
                        _ = deleteOldestBucket()
                        break scan
                    }
                }
            }
        }
        return changed
    }

    /// Whether the difference of the sub-window means exceeds ADWIN's ε_cut, given
    /// `deltaPrime = ln(2 ln(W) / δ)` and the window's variance per value.
    private func isSignificant(
        _ oldLength: Double,
        _ newLength: Double,
        _ meanDifference: Double,
        _ deltaPrime: Double,
        _ windowVariance: Double
    ) -> Bool {
        let minLength = Double(parameters.minWindowLength)
        let harmonic = 1 / (oldLength - minLength + 1) + 1 / (newLength - minLength + 1)
        let epsilon = (2 * harmonic * windowVariance * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * harmonic
        return abs(meanDifference) > epsilon
    }
}

extension ADWIN: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "adwin",
        input: .numeric,
        reference: "River 0.23.0 river.drift.ADWIN",
        summary: "Adaptive window on any numeric stream; no tuning needed, reacts to abrupt and gradual mean shifts.",
        defaults: Parameters(),
        parameters: [
            .double("delta", \.delta, "significance of the cut test; smaller is more conservative"),
            .integer("clock", \.clock, "check for a cut every this many updates"),
            .integer("max_buckets", \.maxBuckets, "buckets of each size kept before two are merged"),
            .integer("min_window_length", \.minWindowLength, "smallest sub-window a cut may leave"),
            .integer("grace_period", \.gracePeriod, "no check until the window holds more values than this"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try ADWIN(parameters)
    }
}
