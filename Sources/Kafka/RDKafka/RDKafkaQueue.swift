/// A librdkafka queue handle (`rd_kafka_queue_t`), which librdkafka lets any thread use.
struct RDKafkaQueue: @unchecked Sendable {  // @unchecked: librdkafka queues are thread-safe.
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }
}
