import CRdKafka

/// A librdkafka queue handle (`rd_kafka_queue_t`), which librdkafka lets any thread use.
struct RDKafkaQueue: @unchecked Sendable {  // @unchecked: librdkafka queues are thread-safe.
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    /// Waits up to `timeoutMilliseconds` for the next event (`rd_kafka_queue_poll`) and hands it to `body`; the
    /// event is destroyed when `body` returns.
    ///
    /// - Returns: what `body` returned; `nil` when no event arrived in time.
    @discardableResult
    func poll<Result, Failure: Error>(
        timeoutMilliseconds: Int32, _ body: (RDKafkaEvent) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard let event = rd_kafka_queue_poll(handle, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_event_destroy(event) }
        return try body(RDKafkaEvent(event))
    }

    /// Releases the handle (`rd_kafka_queue_destroy`); the queue must not be used afterwards.
    func destroy() {
        rd_kafka_queue_destroy(handle)
    }
}
