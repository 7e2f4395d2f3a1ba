import Foundation

/// EDDM, the early drift detection method (Baena-García et al., 2006), on a stream of error bits.
///
/// Tracks the mean `p′` and standard deviation `s′` of the distance between consecutive errors and the
/// maximum of `p′ + 2s′`; warns when the ratio of the current value to the maximum falls below `alpha`
/// and signals drift below `beta`. Better than DDM at slow, gradual drift. Agrees exactly with River
/// 0.23.0's `river.drift.binary.EDDM`, including that the statistics only move on errors, so a warning
/// stays raised through the correct predictions that follow it, and that a drift that follows a warning reports both.
///
/// Parameters: ``Parameters``, with River's names and defaults as `descriptor` declares them.
///
/// Memory: constant, eight numbers.
public struct EDDM: SequentialDetector, Equatable {
    /// EDDM's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Updates, and then errors, before a warning or drift may be signalled.
        public var warmStart: Int
        /// Warning level of the ratio.
        public var alpha: Double
        /// Drift level of the ratio.
        public var beta: Double

        /// River's defaults, or the given values.
        public init(warmStart: Int = 30, alpha: Double = 0.95, beta: Double = 0.9) {
            self.warmStart = warmStart
            self.alpha = alpha
            self.beta = beta
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var state = State()

    /// Everything a reset forgets.
    private struct State: Codable, Sendable, Equatable {
        var distances = RunningVariance()
        var updates = 0
        var lastError = 0
        var errors = 0
        var maximum: Double = -1
        var warning = false
    }

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(parameters.warmStart >= 0, "eddm", "warm_start must not be negative")
        try DriftDetectionError.require(
            parameters.alpha >= parameters.beta,
            "eddm",
            "alpha must be greater or equal to beta"
        )
        self.parameters = parameters
    }

    public mutating func reset() {
        state = State()
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        state.updates += 1
        guard value == 1 else { return state.warning ? .warning : .none }
        state.errors += 1
        state.distances.add(Double(state.updates - state.lastError))
        state.lastError = state.updates
        if state.updates > parameters.warmStart {
            let level = state.distances.mean.mean + 2 * pow(state.distances.variance, 0.5)
            if level > state.maximum {
                state.maximum = level
            } else if state.errors > parameters.warmStart {
                let ratio = level / state.maximum
                if ratio < parameters.beta {
                    // River leaves the warning flag as it was: a drift that follows a warning also warns.
                    let warning = state.warning
                    reset()
                    return DriftSignal(drift: true, warning: warning)
                }
                state.warning = ratio < parameters.alpha
            }
        }
        return state.warning ? .warning : .none
    }
}

extension EDDM: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "eddm",
        input: .binary,
        reference: "River 0.23.0 river.drift.binary.EDDM",
        summary: "Distance between errors; catches slow, gradual concept drift earlier than DDM.",
        defaults: Parameters(),
        parameters: [
            .integer("warm_start", \.warmStart, "updates, then errors, before a signal may be raised"),
            .double("alpha", \.alpha, "warning level of the ratio to the maximum"),
            .double("beta", \.beta, "drift level of the ratio to the maximum (at most alpha)"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try EDDM(parameters)
    }
}
