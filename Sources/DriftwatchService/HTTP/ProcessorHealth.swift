import Synchronization

/// Whether the processor can do its work, for `/readyz`: it owns partitions and reaches a broker.
///
/// The pipeline reports its assignment and broker connections; the HTTP listener reads them.
public final class ProcessorHealth: Sendable {
    /// The answer to a readiness probe.
    public struct Readiness: Sendable, Equatable {
        public var isReady: Bool
        /// One sentence saying why, e.g. `ready: 4 partitions assigned, 1 broker connected`.
        public var reason: String
    }

    private struct State {
        var assignedPartitions = 0
        /// `nil` until the Kafka client's first statistics.
        var connectedBrokers: Int?
    }

    private let state = Mutex(State())

    public init() {}

    /// Records how many partitions this instance owns now.
    public func recordAssignment(partitions: Int) {
        state.withLock { $0.assignedPartitions = partitions }
    }

    /// Records how many brokers the consumer is connected to (`nil`: not known yet).
    public func recordConnectedBrokers(_ brokers: Int?) {
        state.withLock { $0.connectedBrokers = brokers }
    }

    /// Ready when at least one partition is assigned and at least one broker is connected.
    public var readiness: Readiness {
        let state = state.withLock { $0 }
        guard let brokers = state.connectedBrokers else {
            return Readiness(isReady: false, reason: "not ready: no broker connection reported yet")
        }
        guard brokers > 0 else {
            return Readiness(
                isReady: false, reason: "not ready: no broker reachable; check kafka.brokers and the network")
        }
        guard state.assignedPartitions > 0 else {
            return Readiness(
                isReady: false,
                reason: "not ready: no partitions assigned (joining the group, or more instances than partitions)"
            )
        }
        return Readiness(
            isReady: true,
            reason: "ready: \(state.assignedPartitions) partitions assigned, \(brokers) brokers connected"
        )
    }
}
