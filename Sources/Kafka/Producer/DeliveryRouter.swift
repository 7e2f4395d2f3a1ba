/// Routes librdkafka's delivery reports to the Swift code waiting for them, by message id.
final class DeliveryRouter: Sendable {
    typealias Callback = @Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void

    private struct State {
        var nextID: UInt = 1
        var pending: [UInt: Callback] = [:]
    }

    private let state = LockedValue(State())

    /// Registers a callback and returns the id to pass to librdkafka as the message's opaque.
    func register(_ callback: @escaping Callback) -> UInt {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = callback
            return id
        }
    }

    /// Forgets a callback whose message librdkafka did not accept.
    func cancel(_ id: UInt) {
        _ = state.withLock { $0.pending.removeValue(forKey: id) }
    }

    /// How many deliveries are outstanding.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Resolves the callbacks of every message in a delivery-report event.
    func deliver(_ event: RDKafkaEvent) {
        while let message = event.nextMessage() {
            guard let callback = state.withLock({ $0.pending.removeValue(forKey: message.opaque) }) else { continue }
            let topicPartition = message.topicPartition
            let error = message.error
            if error == .noError {
                callback(.success(KafkaDeliveryReport(topicPartition: topicPartition, offset: message.offset)))
            } else {
                callback(.failure(KafkaError(code: .delivery, error, context: "Delivery to \(topicPartition) failed")))
            }
        }
    }

    /// Fails every outstanding delivery, e.g. when the producer is closed before they were acknowledged.
    func failAll(with error: KafkaError) {
        let callbacks = state.withLock { state in
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        for callback in callbacks { callback(.failure(error)) }
    }
}
