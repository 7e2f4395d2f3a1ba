import Synchronization

/// Collects the delivery results of a batch of messages and wakes one waiter when all have arrived.
final class BatchDelivery: Sendable {
    private struct State {
        var results: [Result<KafkaDeliveryReport, KafkaError>?]
        var remaining: Int
        var waiter: CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
    }

    /// Records the result of the message at `index`.
    func complete(_ index: Int, with result: Result<KafkaDeliveryReport, KafkaError>) {
        let finished:
            (
                CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>,
                [Result<KafkaDeliveryReport, KafkaError>]
            )? =
                state.withLock { state in
                    state.results[index] = result
                    state.remaining -= 1
                    guard state.remaining == 0, let waiter = state.waiter else { return nil }
                    state.waiter = nil
                    return (waiter, state.results.map { $0! })
                }
        if let (waiter, results) = finished { waiter.resume(returning: results) }
    }

    /// Waits until every message has a result and returns them in the batch's order.
    func results() async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            let ready: [Result<KafkaDeliveryReport, KafkaError>]? = state.withLock { state in
                guard state.remaining > 0 else { return state.results.map { $0! } }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
