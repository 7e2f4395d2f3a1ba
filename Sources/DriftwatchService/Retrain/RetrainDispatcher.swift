import Foundation
import Kafka
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import WireFormat

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Closes the retrain loop of `driftwatch run`: follows the retrain topic, sends every automatic or approved trigger
/// to each retrain sink once, records each delivery on the topic, and shows pending approvals on the status page
/// (see ARCHITECTURE.md, "Closing the loop").
///
/// The topic is the record: a trigger, its approval or rejection and each sink's receipt are records on it, read
/// back from the start when driftwatch starts, so that approvals survive restarts and a restart mid-delivery
/// delivers what has no receipt yet. A trigger is delivered by the instance that owns the predictions partition it
/// came from, so that the members of a consumer group do not all send it. Each request carries the trigger's id as
/// its idempotency key (Airflow's `dag_run_id`): a trigger sent again across a crash between the request and its
/// receipt starts no second run at a receiver that honours it.
package final class RetrainDispatcher: Service, Sendable {
    /// Triggers first read more than this long after they were written, with no receipt, are not sent: adding a
    /// sink to a long-running deployment must not start a retrain for every trigger of the topic's history.
    package static let maximumAge: Duration = .seconds(24 * 3600)

    private let reader: RetrainTopicReader
    private let producer: KafkaProducer
    private let sinks: [any RetrainSink]
    private let attempts: HTTPAttempts
    private let ownership: PartitionOwnership
    private let board: StatusBoard?
    private let instance: String
    private let logger: Logger
    private let ledger = Mutex(RetrainLedger())
    /// Whether the topic was read up to where it ended at start: receipts written before a restart are known, so
    /// deliveries may begin.
    private let caughtUp = Atomic(false)
    /// Per delivery (`trigger id/sink`), when it may be tried again after failing.
    private let retryAt = Mutex<[String: ContinuousClock.Instant]>([:])
    /// Per delivery not yet made, the wall-clock time (milliseconds) this process first found it due.
    private let firstDueAt = Mutex<[String: Int64]>([:])
    private let counters: [String: (delivered: Counter, failed: Counter, skipped: Counter)]
    private let pendingGauge: Gauge

    /// - Parameters:
    ///   - ownership: the predictions partitions this instance owns now.
    ///   - attempts, backoff: tries per delivery and the wait before the first retry, doubled for each further one;
    ///     a delivery that still failed is tried again a minute later (ten after a refusal).
    package init(
        reader: RetrainTopicReader, producer: KafkaProducer, sinks: [any RetrainSink], attempts: Int,
        backoff: Duration, ownership: PartitionOwnership, board: StatusBoard?, instance: String, logger: Logger,
        factory: any MetricsFactory = MetricsSystem.factory,
        transport: @escaping AlertNotifier.Transport = AlertNotifier.urlSession
    ) {
        self.reader = reader
        self.producer = producer
        self.sinks = sinks
        self.attempts = HTTPAttempts(attempts: attempts, backoff: backoff, transport: transport)
        self.ownership = ownership
        self.board = board
        self.instance = instance
        self.logger = logger
        counters = Dictionary(
            uniqueKeysWithValues: sinks.map { sink in
                func counter(_ result: String) -> Counter {
                    Counter(
                        label: MetricName.retrainDeliveries.rawValue,
                        dimensions: [("sink", sink.name), ("result", result)], factory: factory)
                }
                return (sink.name, (counter("delivered"), counter("failed"), counter("skipped")))
            })
        pendingGauge = Gauge(label: MetricName.retrainPendingApprovals.rawValue, factory: factory)
    }

    /// Follows the topic and delivers until graceful shutdown.
    package func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.follow() }
                if !self.sinks.isEmpty { group.addTask { await self.deliverDue() } }
            }
        } onGracefulShutdown: {
        }
        await reader.close()
        await producer.close()
    }

    /// Reads the topic into the ledger; waits and starts again while it cannot (the topic may not exist yet).
    private func follow() async {
        while !Self.isStopping {
            do {
                var catchUp = WholeTopicReader.CatchUp(ends: try await reader.topic.start())
                while !Self.isStopping {
                    if catchUp.isComplete { caughtUp.store(true, ordering: .releasing) }
                    let batch = try await reader.topic.read()
                    catchUp.advance(by: batch)
                    guard !batch.messages.isEmpty else { continue }
                    let (pending, decided) = ledger.withLock { ledger in
                        reader.apply(batch, to: &ledger)
                        return (ledger.pendingApprovals, ledger.decided)
                    }
                    pendingGauge.record(pending.count)
                    board?.recordRetrain(pending: pending, decided: decided.map(\.decision))
                }
            } catch {
                logger.warning("Cannot read the retrain topic; trying again in 10 s: \(error)")
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(10)) }
            }
        }
    }

    /// Delivers what is due, every quarter second, until shutdown: each sink's deliveries in order, the sinks side
    /// by side, so that a sink that does not answer delays only its own.
    private func deliverDue() async {
        while !Self.isStopping {
            guard caughtUp.load(ordering: .acquiring) else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(250)) }
                continue
            }
            let due = ledger.withLock { $0.due(sinks: sinks.map(\.name)) }
            await withDiscardingTaskGroup { group in
                for sink in sinks {
                    let deliveries = due.filter { $0.sink == sink.name }
                    guard !deliveries.isEmpty else { continue }
                    group.addTask { await self.deliver(deliveries, to: sink) }
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(250)) }
        }
    }

    /// Delivers one sink's due deliveries in order: those this instance owns and that are not waiting to be tried
    /// again.
    private func deliver(_ deliveries: [RetrainLedger.Delivery], to sink: any RetrainSink) async {
        let now = ContinuousClock.now
        let wallClock = Self.wallClock()
        for delivery in deliveries where !Self.isStopping {
            let key = "\(delivery.trigger.id)/\(sink.name)"
            guard retryAt.withLock({ $0[key].map { $0 <= now } ?? true }),
                ownership.owns(delivery.trigger.partitions.first)
            else { continue }
            // Old when first found due, not after failing for a day: a sink's long outage skips nothing.
            let firstDue = firstDueAt.withLock { firstDue in
                if let known = firstDue[key] { return known }
                firstDue[key] = wallClock
                return wallClock
            }
            if firstDue - delivery.lastActivity > Self.maximumAge.components.seconds * 1000 {
                counters[sink.name]?.skipped.increment()
                logger.warning(
                    "A retrain trigger first read more than a day after it was written, without a receipt, is not sent",
                    metadata: [LogKey.sink: "\(sink.name)", LogKey.triggerID: "\(delivery.trigger.id)"])
                ledger.withLock { $0.markDelivered(delivery.trigger.id, to: sink.name) }
                firstDueAt.withLock { $0[key] = nil }
                continue
            }
            await deliver(delivery, to: sink, key: key)
        }
    }

    private func deliver(_ delivery: RetrainLedger.Delivery, to sink: any RetrainSink, key: String) async {
        let trigger = delivery.trigger
        // A rebalance may give the partition to another instance meanwhile: it delivers from then on.
        let owned = { self.ownership.owns(trigger.partitions.first) }
        let outcome = await attempts.send(
            { try sink.request(for: trigger, approval: delivery.approval) }, isDelivered: sink.isDelivered,
            isStopping: { Self.isStopping || !owned() })
        guard case .failed(let failure, let refused) = outcome else {
            await recordReceipt(of: trigger, sink: sink)
            return
        }
        guard owned() else { return }
        counters[sink.name]?.failed.increment()
        retryAt.withLock { $0[key] = ContinuousClock.now + (refused ? .seconds(600) : .seconds(60)) }
        let metadata: Logger.Metadata = [
            LogKey.sink: "\(sink.name)", LogKey.triggerID: "\(trigger.id)",
            "model": "\(trigger.model)", "model_version": "\(trigger.modelVersion)",
        ]
        if refused {
            logger.error(
                """
                The retrain sink refused a trigger (\(failure)); trying again in 10 minutes. Check the sink's URL, \
                credentials and body template
                """, metadata: metadata)
        } else {
            logger.warning(
                "A retrain trigger could not be delivered (\(failure)); trying again in a minute", metadata: metadata)
        }
    }

    /// Marks the delivery done and writes its receipt; a receipt that cannot be written leaves the delivery done
    /// for this process (a restart may send it again, under the same idempotency key).
    private func recordReceipt(of trigger: RetrainTriggerRecord, sink: any RetrainSink) async {
        counters[sink.name]?.delivered.increment()
        ledger.withLock { $0.markDelivered(trigger.id, to: sink.name) }
        retryAt.withLock { $0["\(trigger.id)/\(sink.name)"] = nil }
        firstDueAt.withLock { $0["\(trigger.id)/\(sink.name)"] = nil }
        logger.info(
            "Retrain trigger delivered",
            metadata: [LogKey.sink: "\(sink.name)", LogKey.triggerID: "\(trigger.id)", "model": "\(trigger.model)"])
        let receipt = RetrainDelivery(
            triggerID: trigger.id, model: trigger.model, modelVersion: trigger.modelVersion, sink: sink.name)
        do {
            _ = try await producer.send(
                KafkaProducerMessage(
                    topic: reader.topic.topic, key: Array(trigger.model.utf8),
                    value: Array(receipt.cloudEventJSON(instance: instance, now: Self.wallClock()).utf8)))
        } catch {
            logger.warning("Could not write a retrain receipt; a restart may deliver the trigger again: \(error)")
        }
    }

    /// What became of a decision asked for on the status page.
    package enum DecisionResult: Sendable, Equatable {
        /// Published on the topic (or made already, the same way): the sentence says what follows.
        case done(String)
        /// Not published, as the sentence says why.
        case refused(String)
        /// The topic could not be written.
        case failed(String)
    }

    /// Approves or rejects a trigger that waits for approval, as `driftwatch retrain approve|reject` does: checked
    /// against the topic as read so far, then published there, from where every instance applies it.
    package func decide(_ triggerID: String, approved: Bool, by: String, reason: String) async -> DecisionResult {
        guard caughtUp.load(ordering: .acquiring) else {
            return .failed("driftwatch is still reading the retrain topic; try again in a moment")
        }
        let trigger: RetrainTriggerRecord
        switch ledger.withLock({ $0.check(triggerID, approving: approved) }) {
        case .publish(let waiting): trigger = waiting
        case .alreadyMade(let sentence): return .done(sentence)
        case .refused(let sentence): return .refused(sentence)
        }
        let decision = RetrainDecision(on: trigger, approved: approved, by: by, reason: reason)
        do {
            _ = try await producer.send(decision.record(topic: reader.topic.topic, instance: instance))
        } catch {
            logger.warning("Could not publish a decision made on the status page: \(error)")
            return .failed("driftwatch cannot publish the decision to '\(reader.topic.topic)': \(error)")
        }
        logger.info(
            "A retrain trigger was \(approved ? "approved" : "rejected") on the status page",
            metadata: [LogKey.triggerID: "\(trigger.id)", "by": "\(by)"])
        return .done(decision.outcome)
    }

    /// Whether to stop: a graceful shutdown, or the group cancelling its services because another one failed (the
    /// HTTP listener could not bind), when the sleeps below return at once and a loop would never end.
    private static var isStopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    private static func wallClock() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
