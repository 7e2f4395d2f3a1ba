/// What a sequential detector concluded after one update.
public enum DriftSignal: String, Codable, Sendable {
    /// Nothing to report.
    case none
    /// The statistic crossed the warning level: drift may be starting.
    case warning
    /// The statistic crossed the drift level. The detector has already started afresh.
    case drift
    /// The update raised both: the warning level and the drift level were crossed at once, as River's EDDM and
    /// HDDM_A and Frouros' RDDM report them. The detector has already started afresh.
    case warningAndDrift = "warning_and_drift"

    /// Whether the update signalled a drift.
    public var isDrift: Bool { self == .drift || self == .warningAndDrift }
    /// Whether the update signalled a warning (alone or with a drift).
    public var isWarning: Bool { self == .warning || self == .warningAndDrift }
}

/// The kind of stream a detector reads.
public enum DetectorInput: String, Codable, Sendable {
    /// 0 or 1 per update, typically a classifier's error bit.
    case binary
    /// Any real number, typically a regression error or a feature value.
    case numeric
}

/// A drift detector that reads one value at a time.
///
/// Conformers are value types whose whole state is `Codable`: encoding one mid-stream and
/// decoding it later continues with bit-identical results.
public protocol SequentialDetector: Codable, Sendable {
    /// Feeds one value and reports what the detector concluded after it.
    ///
    /// After a `.drift` the detector has reset itself, so the next update starts a new stream.
    mutating func update(_ value: Double) -> DriftSignal

    /// Forgets everything seen so far; the parameters stay.
    mutating func reset()
}
