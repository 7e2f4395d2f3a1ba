import Foundation

/// FHDDM, the fast Hoeffding drift detection method (Pesaranghader and Viktor, 2016).
///
/// Slides a window over the stream and signals drift when the window's mean has fallen more than
/// Hoeffding's ε below its maximum so far. Following River (and MOA), the value fed is compared as a
/// success rate: a drop of the mean is a drift, so feed 1 for a correct prediction to watch accuracy.
/// With `short_window_size`, a second, shorter window is tested the same way (stacking FHDDM). Agrees
/// exactly with River 0.23.0's `river.drift.binary.FHDDM`. No warnings.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: `sliding_window_size` doubles.
public struct FHDDM: SequentialDetector, Equatable {
    /// FHDDM's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Length of the window.
        public var slidingWindowSize: Int
        /// δ of Hoeffding's inequality.
        public var confidenceLevel: Double
        /// Length of the optional short window.
        public var shortWindowSize: Int?

        /// River's defaults, or the given values.
        public init(slidingWindowSize: Int = 100, confidenceLevel: Double = 0.000001, shortWindowSize: Int? = nil) {
            self.slidingWindowSize = slidingWindowSize
            self.confidenceLevel = confidenceLevel
            self.shortWindowSize = shortWindowSize
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private let epsilon: Double
    private let shortEpsilon: Double
    private var window: RingBuffer
    private var sum: Double = 0
    private var maximum: Double = 0
    private var shortMaximum: Double = 0

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(
            parameters.slidingWindowSize >= 1,
            "fhddm",
            "sliding_window_size must be at least 1"
        )
        try DriftDetectionError.require(
            parameters.confidenceLevel > 0 && parameters.confidenceLevel < 1,
            "fhddm",
            "confidence_level must be in (0, 1)"
        )
        if let short = parameters.shortWindowSize {
            try DriftDetectionError.require(
                short >= 1 && short <= parameters.slidingWindowSize,
                "fhddm",
                "short_window_size must be between 1 and sliding_window_size"
            )
        }
        self.parameters = parameters
        epsilon = Self.hoeffdingEpsilon(parameters.confidenceLevel, parameters.slidingWindowSize)
        shortEpsilon = parameters.shortWindowSize.map { Self.hoeffdingEpsilon(parameters.confidenceLevel, $0) } ?? 0
        window = RingBuffer(capacity: parameters.slidingWindowSize)
    }

    public mutating func reset() {
        window.removeAll()
        sum = 0
        maximum = 0
        shortMaximum = 0
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        window.append(value)
        sum += value
        guard window.isFull else { return .none }
        let size = parameters.slidingWindowSize
        let mean = sum / Double(size)
        maximum = max(maximum, mean)
        var drift = maximum - mean > epsilon
        if let short = parameters.shortWindowSize {
            var shortSum: Double = 0
            for position in (size - short)..<size {
                shortSum += window[position]
            }
            let shortMean = shortSum / Double(short)
            shortMaximum = max(shortMaximum, shortMean)
            drift = drift || shortMaximum - shortMean > shortEpsilon
        }
        sum -= window.removeFirst()
        guard drift else { return .none }
        reset()
        return .drift
    }

    private static func hoeffdingEpsilon(_ confidence: Double, _ size: Int) -> Double {
        (log(1 / confidence) / Double(2 * size)).squareRoot()
    }
}

extension FHDDM: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "fhddm",
        input: .binary,
        reference: "River 0.23.0 river.drift.binary.FHDDM",
        summary: "Sliding-window Hoeffding test on a success rate; fast with few false alarms (feed 1 = correct).",
        defaults: Parameters(),
        parameters: [
            .integer("sliding_window_size", \.slidingWindowSize, "length of the window"),
            .double("confidence_level", \.confidenceLevel, "delta of Hoeffding's inequality"),
            .optionalInteger(
                "short_window_size", \.shortWindowSize, "length of an extra short window, or none"
            ),
        ]
    ) { parameters throws(DriftDetectionError) in
        try FHDDM(parameters)
    }
}
