import DriftEngine
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers alert events to HTTP sinks (Alertmanager, PagerDuty) beside the alerts topic, off the pipeline's path.
///
/// ``submit(_:)`` never blocks: each sink has its own bounded queue, delivered in order by one task, so a slow or
/// unreachable receiver delays only its own notifications. A request that fails with a connection error, a
/// timeout, 408, 429 or a 5xx status is retried with exponential backoff; a notification still undelivered after
/// the last attempt, refused with another 4xx, or submitted while its queue is full is counted and logged, and
/// the pipeline goes on. The alerts topic stays the record of every alert.
public final class AlertNotifier: Service, Sendable {
    /// Sends a request and returns the response's HTTP status; throws when there is no response.
    public typealias Transport = @Sendable (URLRequest) async throws -> Int

    /// Sends requests with Foundation's `URLSession`.
    public static let urlSession: Transport = { request in
        let (_, response) = try await sharedSession.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    private static let sharedSession = URLSession(configuration: .ephemeral)

    private struct Queue: Sendable {
        let sink: any AlertSink
        let stream: AsyncStream<AlertEvent>
        let continuation: AsyncStream<AlertEvent>.Continuation
        let delivered: Counter
        let failed: Counter
        let dropped: Counter
        let retries: Counter
    }

    private let queues: [Queue]
    private let attempts: HTTPAttempts
    private let logger: Logger
    /// Alerts firing now, by dedup key: what sinks with a resend interval are sent again.
    private let firing = Mutex<[String: AlertEvent]>([:])

    /// - Parameters:
    ///   - attempts: tries per notification, at least 1.
    ///   - backoff: the wait before the first retry, doubled for each further one (at most a minute).
    ///   - capacity: notifications each sink's queue holds; beyond it new ones are dropped and counted.
    ///   - transport: how requests are sent.
    public init(
        sinks: [any AlertSink], attempts: Int, backoff: Duration, capacity: Int = 10_000, logger: Logger,
        factory: any MetricsFactory = MetricsSystem.factory, transport: @escaping Transport = urlSession
    ) {
        queues = sinks.map { sink in
            let (stream, continuation) = AsyncStream<AlertEvent>.makeStream(bufferingPolicy: .bufferingOldest(capacity))
            func counter(_ result: String) -> Counter {
                Counter(
                    label: MetricName.sinkNotifications.rawValue,
                    dimensions: [("sink", sink.name), ("result", result)],
                    factory: factory
                )
            }
            return Queue(
                sink: sink, stream: stream, continuation: continuation, delivered: counter("delivered"),
                failed: counter("failed"), dropped: counter("dropped"),
                retries: Counter(
                    label: MetricName.sinkRetries.rawValue, dimensions: [("sink", sink.name)], factory: factory)
            )
        }
        self.attempts = HTTPAttempts(attempts: attempts, backoff: backoff, transport: transport)
        self.logger = logger
    }

    /// Queues an alert event for every sink; returns at once.
    public func submit(_ alert: AlertEvent) {
        firing.withLock { $0[alert.dedupKey] = alert.status == .firing ? alert : nil }
        for queue in queues {
            enqueue(alert, on: queue)
        }
    }

    /// Takes over alerts that were firing in a partition this instance restored: sinks that re-send firing alerts
    /// (Alertmanager) keep them alive from their next interval on, as the previous owner did; none is notified
    /// again now, since the previous owner notified it.
    public func adopt(firing alerts: [AlertEvent]) {
        firing.withLock { firing in
            for alert in alerts where alert.status == .firing { firing[alert.dedupKey] = alert }
        }
    }

    /// Stops re-sending alerts this instance no longer owns (their partition moved to another instance, which
    /// sends them from now on).
    public func forget(dedupKeys: [String]) {
        firing.withLock { firing in
            for key in dedupKeys { firing[key] = nil }
        }
    }

    /// Delivers until graceful shutdown, then delivers what is queued, each with a single attempt.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for queue in queues {
                    group.addTask { await self.deliverAll(from: queue) }
                    if let interval = queue.sink.resendInterval {
                        group.addTask { await self.resendFiring(on: queue, every: interval) }
                    }
                }
            }
        } onGracefulShutdown: {
            for queue in self.queues { queue.continuation.finish() }
        }
    }

    private func enqueue(_ alert: AlertEvent, on queue: Queue) {
        if case .dropped = queue.continuation.yield(alert) {
            queue.dropped.increment()
            logger.warning(
                "Alert notification dropped: the sink's queue is full",
                metadata: [LogKey.sink: "\(queue.sink.name)", LogKey.dedupKey: "\(alert.dedupKey)"]
            )
        }
    }

    private func deliverAll(from queue: Queue) async {
        for await alert in queue.stream {
            await deliver(alert, to: queue)
        }
    }

    /// Queues the firing alerts again every `interval`, until shutdown. The wait ends with a graceful shutdown:
    /// waiting out a minute's interval held the whole shutdown back, past `shutdown_timeout`.
    private func resendFiring(on queue: Queue, every interval: Duration) async {
        while !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            for alert in firing.withLock({ Array($0.values) }) {
                enqueue(alert, on: queue)
            }
        }
    }

    private func deliver(_ alert: AlertEvent, to queue: Queue) async {
        let outcome = await attempts.send(
            { try queue.sink.request(for: alert, now: Self.now()) }, isStopping: { Task.isShuttingDownGracefully },
            onRetry: queue.retries.increment)
        guard case .failed(let failure, _) = outcome else {
            queue.delivered.increment()
            return
        }
        queue.failed.increment()
        logger.warning(
            "Alert notification failed: \(failure). \(Self.failureAdvice)",
            metadata: [LogKey.sink: "\(queue.sink.name)", LogKey.dedupKey: "\(alert.dedupKey)"]
        )
    }

    private static let failureAdvice =
        "The alert is still on the alerts topic; check the sink's URL and that it is reachable."

    private static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
