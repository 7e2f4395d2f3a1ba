import Foundation
import Hummingbird
import Synchronization

/// A local HTTP server receiving webhooks (Alertmanager's notifications): it accepts every `POST` and keeps the
/// bodies.
final class AlertReceiver: Sendable {
    /// The bodies received, by path.
    private final class Bodies: Sendable {
        let byPath = Mutex<[String: [[UInt8]]]>([:])
    }

    let port: Int
    private let bodies: Bodies
    private let server: Task<Void, any Error>

    private init(port: Int, bodies: Bodies, server: Task<Void, any Error>) {
        self.port = port
        self.bodies = bodies
        self.server = server
    }

    /// Starts listening on a free loopback port.
    static func start() async throws -> AlertReceiver {
        let bodies = Bodies()
        let router = Router()
        router.post("**") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            bodies.byPath.withLock { $0[request.uri.path, default: []].append(Array(buffer: body)) }
            return HTTPResponse.Status.ok
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let server = Task { try await application.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return AlertReceiver(port: port, bodies: bodies, server: server)
    }

    /// The JSON bodies posted to `path`, in arrival order.
    func posted(to path: String) -> [Any] {
        bodies.byPath.withLock { $0[path] ?? [] }.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) }
    }

    func stop() {
        server.cancel()
    }
}
