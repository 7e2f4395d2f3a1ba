/// RDDM, the reactive drift detection method (Barros et al., 2017): DDM that forgets old concepts.
///
/// Runs DDM's control chart on the error rate (with RDDM's thresholds) and keeps the last
/// `min_concept_size` values. After a drift — or once a concept is longer than `max_concept_size` updates
/// while no warning is raised, or a warning lasted `max_num_instances_warning` updates — the next update
/// first rebuilds the statistics from the kept values, so the new concept starts with recent evidence
/// instead of from nothing. It manages its own restarts; it is never reset after a drift. Agrees
/// exactly with Frouros 0.9.0's `RDDM`.
///
/// Parameters: ``Parameters``, with Frouros' names and defaults as `descriptor` declares them.
///
/// Memory: `min_concept_size` doubles.
public struct RDDM: SequentialDetector, Equatable {
    /// RDDM's parameters.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Warning level in standard deviations.
        public var warningLevel: Double
        /// Drift level in standard deviations.
        public var driftLevel: Double
        /// Updates after which the statistics are rebuilt from recent values.
        public var maxConceptSize: Int
        /// How many recent values are kept for a rebuild.
        public var minConceptSize: Int
        /// Warnings in a row after which a drift is signalled.
        public var maxNumInstancesWarning: Int
        /// Updates before a warning or drift may be signalled.
        public var minNumInstances: Int

        /// Frouros' defaults, or the given values.
        public init(
            warningLevel: Double = 1.773,
            driftLevel: Double = 2.258,
            maxConceptSize: Int = 40000,
            minConceptSize: Int = 7000,
            maxNumInstancesWarning: Int = 1400,
            minNumInstances: Int = 129
        ) {
            self.warningLevel = warningLevel
            self.driftLevel = driftLevel
            self.maxConceptSize = maxConceptSize
            self.minConceptSize = minConceptSize
            self.maxNumInstancesWarning = maxNumInstancesWarning
            self.minNumInstances = minNumInstances
        }
    }

    /// The parameters the detector runs with.
    public let parameters: Parameters
    private var kept: RingBuffer
    private var updates = 0
    private var errorRate = RunningMean()
    private var minimum: ErrorRateMinimum?
    private var warningsInARow = 0
    private var rebuildPending = false
    private var drift = false
    private var warning = false

    /// Creates a detector.
    /// - Throws: `DriftDetectionError` if a parameter is out of range.
    public init(_ parameters: Parameters = Parameters()) throws(DriftDetectionError) {
        try DriftDetectionError.require(parameters.warningLevel > 0, "rddm", "warning_level must be greater than 0")
        try DriftDetectionError.require(
            parameters.driftLevel > parameters.warningLevel,
            "rddm",
            "drift_level must be greater than warning_level"
        )
        try DriftDetectionError.require(parameters.minConceptSize >= 1, "rddm", "min_concept_size must be at least 1")
        try DriftDetectionError.require(parameters.minNumInstances >= 1, "rddm", "min_num_instances must be at least 1")
        self.parameters = parameters
        kept = RingBuffer(capacity: parameters.minConceptSize)
    }

    /// Forgets everything, including the kept values.
    public mutating func reset() {
        kept.removeAll()
        updates = 0
        errorRate = RunningMean()
        minimum = nil
        warningsInARow = 0
        rebuildPending = false
        drift = false
        warning = false
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        updates += 1
        if rebuildPending {
            rebuildFromKeptValues()
        }
        kept.append(value)
        errorRate.addDividing(value)
        guard updates >= parameters.minNumInstances else {
            drift = false
            warning = false
            return .none
        }
        let (rate, deviation) = rateAndDeviation()
        if minimum.map({ rate < $0.sum }) ?? true {
            minimum = ErrorRateMinimum(p: errorRate.mean, s: deviation)
        }
        guard let minimum else { return .none }
        if minimum.isExceeded(by: rate, level: parameters.driftLevel) {
            rebuildPending = true
            drift = true
            warning = false
            if warningsInARow == 0 {
                kept.keepNewest(1)
            }
        } else {
            if minimum.isExceeded(by: rate, level: parameters.warningLevel) {
                if warningsInARow >= parameters.maxNumInstancesWarning {
                    rebuildPending = true
                    drift = true
                    kept.keepNewest(1)
                } else {
                    warning = true
                    warningsInARow += 1
                    drift = false
                }
            } else {
                drift = false
                warning = false
                warningsInARow = 0
            }
            if updates >= parameters.maxConceptSize && !warning {
                rebuildPending = true
            }
        }
        return DriftSignal(drift: drift, warning: warning)
    }

    /// `p + s` and `s` for the current error rate, with `s` from the update count as Frouros computes it.
    private func rateAndDeviation() -> (Double, Double) {
        let p = errorRate.mean
        let deviation = (p * (1 - p) / Double(updates)).squareRoot()
        return (p + deviation, deviation)
    }

    /// Restarts the statistics from the kept values; after a drift, their minimum too.
    private mutating func rebuildFromKeptValues() {
        let afterDrift = drift
        errorRate = RunningMean()
        minimum = nil
        warningsInARow = 0
        updates = 0
        for position in 0..<kept.count {
            updates += 1
            errorRate.addDividing(kept[position])
            let (rate, deviation) = rateAndDeviation()
            if afterDrift && updates >= parameters.minNumInstances && (minimum.map { rate < $0.sum } ?? true) {
                minimum = ErrorRateMinimum(p: errorRate.mean, s: deviation)
            }
        }
        rebuildPending = false
        drift = false
    }
}

extension RDDM: CatalogedDetector {
    static let descriptor = DetectorDescriptor(
        name: "rddm",
        input: .binary,
        reference: "Frouros 0.9.0 RDDM",
        summary: "DDM that periodically forgets old concepts; stays sensitive on long streams.",
        defaults: Parameters(),
        parameters: [
            .double("warning_level", \.warningLevel, "warning level in standard deviations"),
            .double("drift_level", \.driftLevel, "drift level in standard deviations"),
            .integer("max_concept_size", \.maxConceptSize, "updates after which statistics are rebuilt"),
            .integer("min_concept_size", \.minConceptSize, "recent values kept for a rebuild"),
            .integer(
                "max_num_instances_warning", \.maxNumInstancesWarning, "warnings in a row that make a drift"
            ),
            .integer("min_num_instances", \.minNumInstances, "updates before a signal may be raised"),
        ]
    ) { parameters throws(DriftDetectionError) in
        try RDDM(parameters)
    }
}
