import Foundation
import Hummingbird
import Synchronization

/// A local HTTP server receiving webhooks (Alertmanager's notifications, retrain sinks): it keeps every request's
/// body and the status it answered. It answers 200, or the status a test sets (``answer(_:)``); under
/// `/api/v1/dags/…/dagRuns` it behaves as Airflow does, refusing a `dag_run_id` it has accepted before with 409.
final class AlertReceiver: Sendable {
    /// A request as received, with the status it was answered with.
    struct Request: Sendable {
        var path: String
        var body: [UInt8]
        var status: Int

        /// The body as JSON.
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    private final class State: Sendable {
        let requests = Mutex<[Request]>([])
        /// The status every request gets; `nil` for the normal answers.
        let forcedStatus = Mutex<Int?>(nil)
        let dagRuns = Mutex<Set<String>>([])
    }

    let port: Int
    private let state: State
    private let server: Task<Void, any Error>

    private init(port: Int, state: State, server: Task<Void, any Error>) {
        self.port = port
        self.state = state
        self.server = server
    }

    /// Starts listening on a free loopback port.
    static func start() async throws -> AlertReceiver {
        let state = State()
        let router = Router()
        router.post("**") { request, _ in
            let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let path = request.uri.path
            var status = state.forcedStatus.withLock { $0 } ?? 200
            if status == 200, path.hasPrefix("/api/v1/dags/"), path.hasSuffix("/dagRuns") {
                let runID =
                    (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["dag_run_id"] as? String
                    ?? ""
                status = state.dagRuns.withLock { $0.insert(runID).inserted } ? 200 : 409
            }
            state.requests.withLock { $0.append(Request(path: path, body: body, status: status)) }
            return HTTPResponse.Status(code: status)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let server = Task { try await application.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return AlertReceiver(port: port, state: state, server: server)
    }

    /// Answers every request with `status` from now on; `nil` returns to the normal answers.
    func answer(_ status: Int?) {
        state.forcedStatus.withLock { $0 = status }
    }

    /// Every request to `path`, in arrival order.
    func requests(to path: String) -> [Request] {
        state.requests.withLock { $0 }.filter { $0.path == path }
    }

    /// The JSON bodies posted to `path`, in arrival order.
    func posted(to path: String) -> [Any] {
        requests(to: path).compactMap { try? JSONSerialization.jsonObject(with: Data($0.body)) }
    }

    func stop() {
        server.cancel()
    }
}
