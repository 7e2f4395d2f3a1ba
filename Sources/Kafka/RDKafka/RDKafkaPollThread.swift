import CRdKafka
import Foundation

/// A dedicated thread that polls a client's main queue (`rd_kafka_queue_poll`) and hands each event to a handler.
///
/// The handler runs on this thread, never on Swift's cooperative pool; it must be quick and must not block.
final class RDKafkaPollThread: Sendable {
    private let isRunning = LockedValue(true)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts polling `client`'s main queue at once.
    ///
    /// - Parameters:
    ///   - handler: called for every event other than log, error and statistics events, which `client` handles.
    ///     The event is destroyed after the handler returns.
    ///   - onFatal: called once if the client reports a fatal error.
    init(
        name: String,
        client: RDKafkaClient,
        handler: @escaping @Sendable (RDKafkaEvent) -> Void,
        onFatal: @escaping @Sendable (KafkaError) -> Void
    ) {
        let queue = RDKafkaQueue(rd_kafka_queue_get_main(client.handle)!)
        let thread = Thread { [isRunning, finished] in
            while isRunning.value {
                queue.poll(timeoutMilliseconds: 100) { event in
                    let (handled, fatal) = client.handleCommonEvent(event)
                    if let fatal { onFatal(fatal) }
                    if !handled { handler(event) }
                }
            }
            queue.destroy()
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread and waits until it has finished its last poll. Calling it twice does nothing.
    func stop() {
        let wasRunning = isRunning.withLock { running in
            defer { running = false }
            return running
        }
        if wasRunning { finished.wait() }
    }
}
