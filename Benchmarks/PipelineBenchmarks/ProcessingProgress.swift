import Synchronization

/// How far a benchmark's consumer got: records handled, when the first batch arrived and when the expected
/// count was reached. Shared between the loop that consumes and the task that waits for it.
final class ProcessingProgress: Sendable {
    private struct State {
        var records = 0
        var firstBatch: ContinuousClock.Instant?
        var finished: ContinuousClock.Instant?
    }

    private let expected: Int
    private let state = Mutex(State())

    /// Progress towards `expected` records.
    init(expected: Int) {
        self.expected = expected
    }

    /// Marks the start of a batch; the first one starts the clock.
    func batchStarted() {
        state.withLock { state in
            if state.firstBatch == nil { state.firstBatch = .now }
        }
    }

    /// Counts a batch's records once they are handled; stops the clock at the expected count.
    func batchFinished(records: Int) {
        state.withLock { state in
            state.records += records
            if state.records >= expected, state.finished == nil { state.finished = .now }
        }
    }

    /// Records handled so far.
    var records: Int { state.withLock { $0.records } }

    /// Seconds from the first batch to the expected count, once reached.
    var seconds: Double? {
        state.withLock { state in
            guard let start = state.firstBatch, let end = state.finished else { return nil }
            let components = (end - start).components
            return Double(components.seconds) + Double(components.attoseconds) * 1e-18
        }
    }

    /// Waits until the expected count is reached or `timeout` passes; returns the seconds it took, if reached.
    func wait(timeout: Duration) async -> Double? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let seconds { return seconds }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return seconds
    }
}
