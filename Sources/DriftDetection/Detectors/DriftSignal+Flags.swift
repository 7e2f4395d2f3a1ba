extension DriftSignal {
    /// The signal for a reference library's pair of flags after an update: drift wins over warning.
    init(drift: Bool, warning: Bool) {
        self = drift ? .drift : (warning ? .warning : .none)
    }
}
