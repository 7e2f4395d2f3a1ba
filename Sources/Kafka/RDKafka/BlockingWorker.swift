import Dispatch

/// Runs blocking librdkafka calls one at a time on a dedicated serial queue, off Swift's cooperative pool.
struct BlockingWorker: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the worker and returns its result to the calling task.
    ///
    /// `body` always runs to completion, even if the calling task is cancelled meanwhile: every blocking call it
    /// makes is bounded by a timeout, so cancellation is observed by the caller right after.
    func run<Result: Sendable>(
        _ body: @escaping @Sendable () throws(KafkaError) -> Result
    ) async throws(KafkaError) -> Result {
        let outcome: Swift.Result<Result, KafkaError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try outcome.get()
    }

    /// Runs `body` on the worker and waits for it, from a context that may block (deinit, shutdown paths).
    func runAndWait(_ body: @Sendable () -> Void) {
        queue.sync(execute: body)
    }
}
