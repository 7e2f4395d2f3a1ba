/// KSWIN, Kolmogorov–Smirnov windowing (Raab, Heusinger and Schleif, 2020).
///
/// Keeps the last `window_size` values; once full, it compares the newest `stat_size` values with
/// `stat_size` values drawn at random, without replacement, from the older part of the window using the
/// exact two-sample Kolmogorov–Smirnov test, and signals drift when the p-value is at most `alpha` and
/// the statistic exceeds 0.1 — River 0.23.0's `river.drift.KSWIN` rule. After a drift it starts afresh
/// with an empty window and a generator re-seeded from `seed`, as River does. The random draws come from
/// a seeded SplitMix64 generator that is part of the snapshot, so a given seed is reproducible here but
/// draws differ from River's; KSWIN is held to River's statistical behaviour, not its exact indices.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: `window_size` doubles plus `window_size + 2 · stat_size` scratch slots.
public struct KSWIN: SequentialDetector, Equatable {
    /// KSWIN's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Significance level of the test.
        public var alpha: Double
        /// Length of the sliding window.
        public var windowSize: Int
        /// Size of each compared sample; at most `window_size / 2`, so that enough older values are there to draw
        /// from.
        public var statSize: Int
        /// Seed of the random draws (River's default draws a fresh seed; a fixed one keeps runs reproducible).
        public var seed: Int

        /// River's defaults (and seed 1), or the given values.
        public init(alpha: Double = 0.005, windowSize: Int = 100, statSize: Int = 30, seed: Int = 1) {
            self.alpha = alpha
            self.windowSize = windowSize
            self.statSize = statSize
            self.seed = seed
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var window: RingBuffer
    private var generator: SplitMix64
    /// Scratch space, rebuilt on decoding: the candidate positions, then the two samples.
    private var scratch: Scratch

    private struct Scratch: Sendable, Equatable {
        var positions: [Int]
        var drawn: [Double]
        var recent: [Double]

        init(_ parameters: Parameters) {
            positions = Array(0..<(parameters.windowSize - parameters.statSize))
            drawn = Array(repeating: 0, count: parameters.statSize)
            recent = Array(repeating: 0, count: parameters.statSize)
        }

        /// Scratch contents carry no state between updates, so any two are equal.
        static func == (lhs: Self, rhs: Self) -> Bool { true }
    }

    private enum CodingKeys: String, CodingKey {
        case parameters
        case window
        case generator
    }

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.alpha >= 0 && parameters.alpha <= 1,
            "kswin",
            "alpha must be in [0, 1]"
        )
        try DriftDetectionError.require(parameters.statSize >= 1, "kswin", "stat_size must be at least 1")
        try DriftDetectionError.require(
            parameters.windowSize >= 2 * parameters.statSize,
            "kswin",
            "window_size must be at least twice stat_size, so that stat_size older values can be drawn"
        )
        self.parameters = parameters
        window = RingBuffer(capacity: parameters.windowSize)
        generator = SplitMix64(seed: UInt64(bitPattern: Int64(parameters.seed)))
        scratch = Scratch(parameters)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try container.decode(Parameters.self, forKey: .parameters)
        window = try container.decode(RingBuffer.self, forKey: .window)
        generator = try container.decode(SplitMix64.self, forKey: .generator)
        scratch = Scratch(parameters)
        guard window.capacity == parameters.windowSize, parameters.windowSize >= 2 * parameters.statSize else {
            throw DecodingError.dataCorruptedError(
                forKey: .window,
                in: container,
                debugDescription: "KSWIN window does not match its parameters"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(window, forKey: .window)
        try container.encode(generator, forKey: .generator)
    }

    public mutating func reset() {
        window.removeAll()
        generator = SplitMix64(seed: UInt64(bitPattern: Int64(parameters.seed)))
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        window.append(value)
        guard window.isFull else { return .none }
        let statSize = parameters.statSize
        let older = parameters.windowSize - statSize
        // A partial Fisher–Yates shuffle of the older positions draws statSize of them without replacement.
        for index in 0..<older {
            scratch.positions[index] = index
        }
        for index in 0..<statSize {
            let chosen = index + generator.next(below: older - index)
            scratch.positions.swapAt(index, chosen)
            scratch.drawn[index] = window[scratch.positions[index]]
            scratch.recent[index] = window[older + index]
        }
        scratch.drawn.withUnsafeMutableBufferPointer { TwoSampleKSTest.sort($0) }
        scratch.recent.withUnsafeMutableBufferPointer { TwoSampleKSTest.sort($0) }
        let statistic = scratch.drawn.withUnsafeBufferPointer { drawn in
            scratch.recent.withUnsafeBufferPointer { recent in
                TwoSampleKSTest.statistic(sorted: drawn, recent)
            }
        }
        let pValue = TwoSampleKSTest.exactPValue(statistic: statistic, size: statSize)
        guard pValue <= parameters.alpha && statistic > 0.1 else { return .none }
        reset()
        return .drift
    }
}

extension KSWIN: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "kswin",
        input: .numeric,
        reference: "River 0.23.0 river.drift.KSWIN (statistical agreement)",
        summary: "Kolmogorov-Smirnov test on a sliding window; sees changes of shape and spread, not only of mean.",
        defaults: Parameters(),
        parameters: [
            .double("alpha", \.alpha, "significance level of the test (keep below 0.01)"),
            .integer("window_size", \.windowSize, "length of the sliding window"),
            .integer("stat_size", \.statSize, "size of each compared sample (at most window_size / 2)"),
            .integer("seed", \.seed, "seed of the random draws"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try KSWIN(parameters)
    }
}
