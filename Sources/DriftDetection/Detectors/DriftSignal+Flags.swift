extension DriftSignal {
    /// The signal for a reference library's pair of flags after an update.
    init(drift: Bool, warning: Bool) {
        switch (drift, warning) {
        case (true, true): self = .warningAndDrift
        case (true, false): self = .drift
        case (false, true): self = .warning
        case (false, false): self = .none
        }
    }
}
