import Synchronization

/// Whether the processor is alive (`/healthz`) and can do its work (`/readyz`).
///
/// The pipeline reports its assignment, broker connections and a heartbeat each time its consume loop goes round
/// (at least every poll timeout, about 100 ms, when idle); the HTTP listener reads them. A loop that stops going
/// round (a wait on the broker, or a hang) first makes the instance not ready, after `stallTimeout`, and then not
/// alive, after `livenessTimeout`, which should exceed the longest wait librdkafka may legitimately take (its
/// delivery timeout) so that an orchestrator restarts only a process that is truly stuck.
public final class ProcessorHealth: Sendable {
    /// The answer to a probe.
    public struct Verdict: Sendable, Equatable {
        public var isOK: Bool
        /// One sentence saying why, e.g. `ready: 4 partitions assigned, 1 broker connected`.
        public var reason: String
    }

    private struct State {
        var assignedPartitions = 0
        /// `nil` until the Kafka client's first statistics.
        var connectedBrokers: Int?
        var lastHeartbeat: ContinuousClock.Instant
    }

    private let state: Mutex<State>
    private let stallTimeout: Duration
    private let livenessTimeout: Duration

    /// - Parameters:
    ///   - stallTimeout: how long the consume loop may stand still before `/readyz` answers 503.
    ///   - livenessTimeout: how long it may stand still before `/healthz` answers 503; at least `stallTimeout`.
    ///   - now: when the process started (it counts as the first heartbeat).
    public init(
        stallTimeout: Duration = .seconds(60), livenessTimeout: Duration = .seconds(360),
        now: ContinuousClock.Instant = .now
    ) {
        self.stallTimeout = stallTimeout
        self.livenessTimeout = max(livenessTimeout, stallTimeout)
        state = Mutex(State(lastHeartbeat: now))
    }

    /// Records how many partitions this instance owns now.
    public func recordAssignment(partitions: Int) {
        state.withLock { $0.assignedPartitions = partitions }
    }

    /// Records how many brokers the consumer is connected to (`nil`: not known yet).
    public func recordConnectedBrokers(_ brokers: Int?) {
        state.withLock { $0.connectedBrokers = brokers }
    }

    /// Records that the consume loop went round.
    public func recordHeartbeat(at now: ContinuousClock.Instant = .now) {
        state.withLock { $0.lastHeartbeat = now }
    }

    /// Alive unless the consume loop has stood still for longer than the liveness timeout.
    public func liveness(at now: ContinuousClock.Instant = .now) -> Verdict {
        let still = now - state.withLock { $0.lastHeartbeat }
        guard still <= livenessTimeout else {
            return Verdict(
                isOK: false,
                reason: "not alive: the consume loop has made no progress for \(Self.seconds(still)) "
                    + "(more than \(Self.seconds(livenessTimeout))); restart the process")
        }
        return Verdict(isOK: true, reason: "ok")
    }

    /// Ready when the consume loop goes round, at least one broker is connected and at least one partition is
    /// assigned.
    public func readiness(at now: ContinuousClock.Instant = .now) -> Verdict {
        let state = state.withLock { $0 }
        let still = now - state.lastHeartbeat
        guard still <= stallTimeout else {
            return Verdict(
                isOK: false,
                reason: "not ready: the consume loop has made no progress for \(Self.seconds(still)) (waiting on "
                    + "the broker, or stuck)")
        }
        guard let brokers = state.connectedBrokers else {
            return Verdict(isOK: false, reason: "not ready: no broker connection reported yet")
        }
        guard brokers > 0 else {
            return Verdict(isOK: false, reason: "not ready: no broker reachable; check kafka.brokers and the network")
        }
        guard state.assignedPartitions > 0 else {
            return Verdict(
                isOK: false,
                reason: "not ready: no partitions assigned (joining the group, or more instances than partitions)"
            )
        }
        return Verdict(
            isOK: true,
            reason: "ready: \(state.assignedPartitions) partitions assigned, \(brokers) brokers connected"
        )
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }
}
