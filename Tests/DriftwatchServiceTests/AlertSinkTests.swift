import DriftEngine
import Foundation
import Logging
import Metrics
import MetricsTestKit
import ServiceLifecycle
import Synchronization
import Testing

@testable import DriftwatchService

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What the HTTP sinks send, and how the notifier copes with a receiver that is down.
struct AlertSinkTests {
    /// A firing data-drift alert on `fraud/amount` and its resolution.
    static let episode: (firing: AlertEvent, resolved: AlertEvent) = {
        var policy = AlertPolicy()
        var evaluation = SignalEvaluation(
            kind: .dataDrift, model: "fraud", modelVersion: "3", feature: "amount", detector: "psi", value: 0.31,
            threshold: 0.25, severity: .critical, isSequential: false,
            window: SignalWindow(start: 1_700_000_000_000, end: 1_700_000_060_000, events: 5000)
        )
        let firing = policy.evaluate(evaluation)!
        evaluation.severity = nil
        evaluation.value = 0.02
        evaluation.window = SignalWindow(start: 1_700_000_060_000, end: 1_700_000_120_000, events: 5000)
        return (firing, policy.evaluate(evaluation)!)
    }()

    /// Polls until `condition` holds, at most 1,500 times 20 ms. Counting polls rather than reading a clock keeps
    /// the wait fair when parallel tests hold every thread for a while: the notifier runs between polls.
    static func wait(until condition: () -> Bool) async throws {
        for _ in 0..<1_500 where !condition() {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func body(_ request: URLRequest) throws -> Any {
        try JSONSerialization.jsonObject(with: try #require(request.httpBody))
    }

    @Test func alertmanagerGetsLabelsAnnotationsAndAnExpiryAhead() throws {
        let sink = AlertmanagerSink(url: URL(string: "http://alertmanager:9093")!, generatorURL: "http://dw:9464/")
        let now: Int64 = 1_700_000_100_000
        let request = try sink.request(for: Self.episode.firing, now: now)
        #expect(request.url?.absoluteString == "http://alertmanager:9093/api/v2/alerts")
        #expect(request.httpMethod == "POST")
        let alert = try #require((try Self.body(request) as? [[String: Any]])?.first)
        #expect(
            alert["labels"] as? [String: String] == [
                "alertname": "DriftwatchDataDrift", "dedup_key": "fraud/3/data_drift/amount", "model": "fraud",
                "model_version": "3", "kind": "data_drift", "feature": "amount", "detector": "psi",
                "severity": "critical",
            ])
        #expect((alert["annotations"] as? [String: String])?["summary"] == Self.episode.firing.summary)
        #expect(alert["startsAt"] as? String == RFC3339Time.string(fromMilliseconds: Self.episode.firing.startedAt))
        #expect(alert["endsAt"] as? String == RFC3339Time.string(fromMilliseconds: now + 300_000))
        #expect(alert["generatorURL"] as? String == "http://dw:9464/")

        let resolved = try sink.request(for: Self.episode.resolved, now: now)
        let resolvedAlert = try #require((try Self.body(resolved) as? [[String: Any]])?.first)
        #expect(resolvedAlert["endsAt"] as? String == RFC3339Time.string(fromMilliseconds: now))
    }

    @Test func onlyRetriableStatusesAreRetried() async throws {
        let metrics = TestMetrics()
        let statuses = LockedStatuses([503, 429, 202, 400])
        let notifier = AlertNotifier(
            sinks: [AlertmanagerSink(url: URL(string: "http://alertmanager:9093")!)], attempts: 5,
            backoff: .milliseconds(1), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            factory: metrics, transport: { _ in statuses.next() }
        )
        notifier.submit(Self.episode.firing)
        notifier.submit(Self.episode.resolved)
        let run = Task { try await notifier.run() }
        defer { run.cancel() }
        let name = MetricName.sinkNotifications.rawValue
        func count(_ result: String) -> Int64 {
            (try? metrics.expectCounter(name, [("sink", "alertmanager"), ("result", result)]))?.totalValue ?? 0
        }
        try await Self.wait { count("delivered") + count("failed") >= 2 }
        // 503 and 429 are retried until 202 delivers the first; 400 fails the second at once.
        #expect(count("delivered") == 1)
        #expect(count("failed") == 1)
        #expect(try metrics.expectCounter(MetricName.sinkRetries.rawValue, [("sink", "alertmanager")]).totalValue == 2)
    }

    /// A graceful shutdown does not wait out the interval between re-sends of firing alerts (a minute for
    /// Alertmanager), which held it past `shutdown_timeout`.
    @Test func gracefulShutdownEndsTheWaitBetweenResends() async throws {
        let notifier = AlertNotifier(
            sinks: [AlertmanagerSink(url: URL(string: "http://alertmanager:9093")!)], attempts: 1,
            backoff: .milliseconds(1), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            factory: TestMetrics(), transport: { _ in 202 }
        )
        let group = ServiceGroup(
            configuration: .init(services: [notifier], logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
        let run = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await run.value
        #expect(ContinuousClock.now - start < .seconds(30), "the shutdown waited for the next re-send")
    }

    /// A sink that re-sends firing alerts every 100 ms; each request's body is the alert's id and status.
    struct FastResendingSink: AlertSink {
        let name = "fast"
        let resendInterval: Duration? = .milliseconds(100)

        func request(for alert: AlertEvent, now: Int64) throws -> URLRequest {
            var request = URLRequest(url: URL(string: "http://receiver/alerts")!)
            request.httpMethod = "POST"
            request.httpBody = Data("\(alert.id) \(alert.status.rawValue)".utf8)
            return request
        }
    }

    /// An instance that restored a partition keeps its firing alerts alive at the receivers, as the previous owner
    /// did, without notifying them again at once; a resolved alert is not taken over.
    @Test func adoptedFiringAlertsAreResentOnTheInterval() async throws {
        let bodies = LockedBodies()
        let notifier = AlertNotifier(
            sinks: [FastResendingSink()], attempts: 1, backoff: .milliseconds(1),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, factory: TestMetrics(),
            transport: { request in
                bodies.append(String(decoding: request.httpBody ?? Data(), as: UTF8.self))
                return 200
            })
        notifier.adopt(firing: [Self.episode.firing, Self.episode.resolved])
        let run = Task { try await notifier.run() }
        defer { run.cancel() }
        try await Self.wait { bodies.all.count >= 2 }
        #expect(bodies.all.prefix(2) == ["\(Self.episode.firing.id) firing", "\(Self.episode.firing.id) firing"])
    }

    @Test func pagerDutyTriggersAndResolvesByDedupKey() throws {
        let sink = PagerDutySink(
            url: PagerDutyConfiguration.defaultURL, routingKey: "R0UTING", instance: "dw-0")
        let trigger = try #require(try Self.body(sink.request(for: Self.episode.firing, now: 0)) as? [String: Any])
        #expect(trigger["routing_key"] as? String == "R0UTING")
        #expect(trigger["event_action"] as? String == "trigger")
        #expect(trigger["dedup_key"] as? String == "fraud/3/data_drift/amount")
        let payload = try #require(trigger["payload"] as? [String: Any])
        #expect(payload["severity"] as? String == "critical")
        #expect(payload["source"] as? String == "driftwatch/dw-0")
        #expect(payload["component"] as? String == "fraud")
        #expect(payload["group"] as? String == "data_drift")
        #expect(payload["class"] as? String == "psi")
        #expect(payload["summary"] as? String == Self.episode.firing.summary)

        let resolve = try #require(try Self.body(sink.request(for: Self.episode.resolved, now: 0)) as? [String: Any])
        #expect(resolve["event_action"] as? String == "resolve")
        #expect(resolve["dedup_key"] as? String == "fraud/3/data_drift/amount")
        #expect(resolve["payload"] == nil)
    }

    @Test func unreachableReceiverIsRetriedCountedAndNeverBlocksSubmit() async throws {
        let metrics = TestMetrics()
        let sink = AlertmanagerSink(url: URL(string: "http://alertmanager:9093")!)
        let notifier = AlertNotifier(
            sinks: [sink], attempts: 3, backoff: .milliseconds(1), capacity: 4,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, factory: metrics,
            transport: { _ in throw URLError(.cannotConnectToHost) }
        )
        let clock = ContinuousClock()
        let submitting = clock.measure {
            for _ in 0..<10 { notifier.submit(Self.episode.firing) }
        }
        #expect(submitting < .seconds(1))
        let run = Task { try await notifier.run() }
        defer { run.cancel() }
        func count(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
            (try? metrics.expectCounter(label, dimensions))?.totalValue ?? 0
        }
        let name = MetricName.sinkNotifications.rawValue
        try await Self.wait { count(name, [("sink", "alertmanager"), ("result", "failed")]) >= 4 }
        // Four fitted in the queue and failed after two retries each; six found it full and were dropped.
        #expect(count(name, [("sink", "alertmanager"), ("result", "failed")]) == 4)
        #expect(count(name, [("sink", "alertmanager"), ("result", "dropped")]) == 6)
        #expect(count(name, [("sink", "alertmanager"), ("result", "delivered")]) == 0)
        #expect(count(MetricName.sinkRetries.rawValue, [("sink", "alertmanager")]) == 8)
    }
}

/// HTTP statuses a fake transport answers with, in order.
private final class LockedStatuses: Sendable {
    private let remaining: Mutex<[Int]>

    init(_ statuses: [Int]) {
        remaining = Mutex(statuses)
    }

    func next() -> Int {
        remaining.withLock { $0.isEmpty ? 500 : $0.removeFirst() }
    }
}

private final class LockedBodies: Sendable {
    private let bodies = Mutex<[String]>([])

    func append(_ body: String) {
        bodies.withLock { $0.append(body) }
    }

    var all: [String] { bodies.withLock { $0 } }
}
