import CRdKafka
import Foundation
import Logging

/// Writes records to Kafka and reports when the broker has acknowledged each one.
///
/// Idempotent by default (`enable.idempotence=true`): librdkafka's own retries neither duplicate nor reorder
/// records. Delivery reports are read on the producer's own thread and handed to the awaiting Swift code.
/// When librdkafka's local queue is full, sending waits for room: back-pressure rather than unbounded memory.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let router = DeliveryRouter()
    private let pollThread: RDKafkaPollThread
    private let worker: BlockingWorker
    private let isClosed = LockedValue(false)

    /// Creates a producer (`rd_kafka_new`) and starts its delivery-report thread.
    ///
    /// - Throws: `KafkaError.Code.configuration` naming a rejected property; `.clientCreation`.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient(
            kind: .producer, properties: configuration.rdKafkaProperties(), events: RD_KAFKA_EVENT_DR, logger: logger
        )
        self.client = client
        pollThread = RDKafkaPollThread(
            name: "driftwatch.kafka.producer", client: client,
            handler: { [router] event in
                if rd_kafka_event_type(event) == RD_KAFKA_EVENT_DR { router.deliver(event) }
            },
            onFatal: { [router] error in
                logger.critical("\(error)")
                router.failAll(with: error)
            }
        )
        worker = BlockingWorker(label: "driftwatch.kafka.producer.flush")
    }

    deinit {
        pollThread.stop()
        router.failAll(with: KafkaError(code: .closed, message: "The producer was released before delivery."))
    }

    /// Sends one record and waits until the broker acknowledges it.
    ///
    /// Cancelling the calling task does not take back a record already handed to librdkafka: the call returns when
    /// the record is acknowledged or its delivery times out (`deliveryTimeout`).
    /// - Throws: `KafkaError.Code.delivery` when the record could not be delivered.
    public func send(_ message: KafkaProducerMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await sendBatch([message])[0].get()
    }

    /// Sends records and waits until the broker has acknowledged or refused each one.
    ///
    /// - Returns: one result per record, in the order given.
    /// - Throws: `KafkaError.Code.closed` after `close()`; other failures are per record in the results.
    public func sendBatch(_ messages: [KafkaProducerMessage]) async throws(KafkaError)
        -> [Result<KafkaDeliveryReport, KafkaError>]
    {
        let batch = BatchDelivery(count: messages.count)
        for (index, message) in messages.enumerated() {
            do {
                try await enqueueWaitingForRoom(message) { batch.complete(index, with: $0) }
            } catch  where error.code != .closed {
                // Refused before it was sent (too large, unknown partition): that record's result.
                batch.complete(index, with: .failure(error))
            }
        }
        return await batch.results()
    }

    /// Hands a record to librdkafka and returns at once; `onDelivery` runs on the producer's thread when the
    /// broker acknowledges or refuses it. Waits while librdkafka's queue is full.
    ///
    /// - Throws: `KafkaError.Code.closed` after `close()`; `.request` when librdkafka rejects the record
    ///   (unknown partition, record too large ...).
    public func enqueueWaitingForRoom(
        _ message: KafkaProducerMessage,
        onDelivery: @escaping @Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void
    ) async throws(KafkaError) {
        while true {
            do {
                try enqueue(message, onDelivery: onDelivery)
                return
            } catch  where error.rdKafkaCode == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue {
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
    }

    /// Waits until every record handed to the producer is acknowledged or failed (`rd_kafka_flush`).
    ///
    /// - Throws: `KafkaError.Code.request` with `RD_KAFKA_RESP_ERR__TIMED_OUT` if records are still outstanding
    ///   after `timeout`.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await worker.run { [client, router] () throws(KafkaError) in
            let result = rd_kafka_flush(client.handle, Int32(clamping: timeout.milliseconds))
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(
                    code: .request, result,
                    context: "\(rd_kafka_outq_len(client.handle)) records were not delivered within \(timeout)"
                )
            }
            // librdkafka counts a record done before this producer's thread has read its report.
            while router.pendingCount > 0 { usleep(1000) }
        }
    }

    /// Flushes outstanding records, then stops the producer. Records not delivered by then are failed.
    public func close(timeout: Duration = .seconds(30)) async {
        guard
            isClosed.withLock({ closed in
                defer { closed = true }
                return !closed
            })
        else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            client.logger.error("Records still outstanding at shutdown: \(error)")
        }
        pollThread.stop()
        router.failAll(with: KafkaError(code: .closed, message: "The producer closed before delivery."))
    }

    /// The latest statistics JSON from librdkafka, when `statisticsInterval` is set.
    public var statistics: String? { client.latestStatistics }

    private func enqueue(
        _ message: KafkaProducerMessage,
        onDelivery: @escaping @Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void
    ) throws(KafkaError) {
        guard !isClosed.value else {
            throw KafkaError(code: .closed, message: "The producer is closed; create a new one.")
        }
        let id = router.register(onDelivery)
        if let error = produce(message, opaque: id) {
            router.cancel(id)
            throw error
        }
    }

    /// Calls `rd_kafka_produceva` with copies of the record's bytes.
    private func produce(_ message: KafkaProducerMessage, opaque: UInt) -> KafkaError? {
        let headers = message.headers.isEmpty ? nil : rd_kafka_headers_new(message.headers.count)
        for header in message.headers {
            if let value = header.value {
                value.withUnsafeBytes { _ = rd_kafka_header_add(headers, header.key, -1, $0.baseAddress, $0.count) }
            } else {
                _ = rd_kafka_header_add(headers, header.key, -1, nil, 0)
            }
        }
        var fields: [rd_kafka_vu_t] = []
        func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
            var field = rd_kafka_vu_t()
            field.vtype = type
            fill(&field)
            fields.append(field)
        }
        let error: OpaquePointer? = message.topic.withCString { topic in
            withOptionalBytes(message.key) { key in
                withOptionalBytes(message.value) { value in
                    add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                    add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = message.partition ?? RD_KAFKA_PARTITION_UA }
                    add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                    add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque) }
                    if let key {
                        add(RD_KAFKA_VTYPE_KEY) {
                            $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key.baseAddress), size: key.count)
                        }
                    }
                    if let value {
                        add(RD_KAFKA_VTYPE_VALUE) {
                            $0.u.mem = .init(
                                ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count)
                        }
                    }
                    if let timestamp = message.timestampMilliseconds {
                        add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp }
                    }
                    if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
                    return rd_kafka_produceva(client.handle, fields, fields.count)
                }
            }
        }
        guard let error else { return nil }
        if let headers { rd_kafka_headers_destroy(headers) }
        return KafkaError(code: .request, consuming: error, context: "Cannot send a record to \(message.topic)")
    }
}

/// Calls `body` with a pointer to the bytes, or with `nil` when there are none; empty bytes get a valid pointer.
private func withOptionalBytes<Result>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { buffer in
        if buffer.baseAddress != nil { return body(buffer) }
        return withUnsafeBytes(of: UInt8(0)) { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
    }
}
