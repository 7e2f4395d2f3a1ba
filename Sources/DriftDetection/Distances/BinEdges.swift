/// The inner edges of a reference's bins; the two outer bins are open.
///
/// With edges e₁ ≤ … ≤ e_{N−1} there are N bins: (−∞, e₁), [e₁, e₂), …, [e_{N−1}, +∞).
/// A value equal to an edge falls in the bin on the edge's right, as
/// `numpy.searchsorted(edges, x, side="right")` and `numpy.digitize(x, edges)` place it.
/// Equal edges (a reference with repeated values) leave empty bins between them; they are kept
/// so that every window of a feature has the same number of bins.
public struct BinEdges: Codable, Equatable, Sendable {
    /// The inner edges, ascending.
    public let edges: [Double]

    /// The number of bins, one more than the number of edges.
    public var binCount: Int { edges.count + 1 }

    /// Creates bins from explicit inner edges.
    ///
    /// - Throws: ``DriftDetectionError`` when the edges are not finite and ascending.
    public init(edges: [Double]) throws {
        guard edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw DriftDetectionError(.invalidArgument, "bin edges must be finite and ascending")
        }
        self.edges = edges
    }

    /// Creates `bins` bins whose inner edges are the reference's quantiles at k/bins, k = 1…bins−1,
    /// interpolated linearly as `numpy.quantile` does by default.
    ///
    /// - Parameters:
    ///   - sortedReference: The reference's finite values, ascending and non-empty.
    ///   - bins: The number of bins, at least 2.
    /// - Throws: ``DriftDetectionError`` when `bins` is below 2 or the reference is empty.
    public init(quantilesOf sortedReference: [Double], bins: Int) throws {
        guard bins >= 2 else {
            throw DriftDetectionError(.invalidArgument, "the number of bins must be at least 2, not \(bins)")
        }
        guard !sortedReference.isEmpty else {
            throw DriftDetectionError(.invalidInput, "the reference has no finite values to take quantiles of")
        }
        self.edges = (1..<bins).map {
            LinearQuantile.value(sorted: sortedReference, probability: Double($0) / Double(bins))
        }
    }

    /// The index of the bin that holds `value`: the number of edges less than or equal to it.
    ///
    /// Runs a binary search; allocates nothing.
    @inline(__always)
    public func binIndex(of value: Double) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) >> 1
            if edges[middle] <= value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// Decodes the edges from a JSON array.
    ///
    /// - Throws: `DecodingError` when the edges are not finite and ascending.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(edges: container.decode([Double].self))
        } catch let error as DriftDetectionError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the edges as a JSON array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(edges)
    }

    /// Counts `values` per bin.
    public func counts(of values: some Sequence<Double>) -> [Int] {
        var counts = [Int](repeating: 0, count: binCount)
        for value in values {
            counts[binIndex(of: value)] += 1
        }
        return counts
    }
}
