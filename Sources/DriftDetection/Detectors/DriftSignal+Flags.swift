extension DriftSignal {
    /// The signal for a reference library's pair of flags after an update: drift wins over warning.
    init(drift: Bool, warning: Bool) {
        self = drift ? .drift : (warning ? .warning : .none)
    }
}

extension DetectorError {
    /// Throws an `invalidParameter` error for `detector` unless `condition` holds.
    static func require(
        _ condition: Bool,
        _ detector: String,
        _ message: @autoclosure () -> String
    ) throws(DetectorError) {
        if !condition {
            throw DetectorError(.invalidParameter, "invalid parameters for detector '\(detector)': \(message())")
        }
    }
}
