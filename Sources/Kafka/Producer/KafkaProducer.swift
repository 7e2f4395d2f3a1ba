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
            kind: .producer, properties: configuration.rdKafkaProperties(), events: .deliveryReport, logger: logger
        )
        self.client = client
        pollThread = RDKafkaPollThread(
            name: "driftwatch.kafka.producer", client: client,
            handler: { [router] event in
                if event.kind == .deliveryReport { router.deliver(event) }
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
            } catch  where error.rdKafkaCode == KafkaErrorCode.queueFull.rawValue {
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
            try client.flush(timeout: timeout)
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
        do {
            try client.produce(message, opaque: id)
        } catch {
            router.cancel(id)
            throw error
        }
    }
}
