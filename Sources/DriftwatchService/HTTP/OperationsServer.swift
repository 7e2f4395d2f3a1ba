import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The HTTP listener operators and orchestrators talk to: `/metrics` (Prometheus text format), `/healthz`
/// (the consume loop is alive), `/readyz` (it makes progress, owns partitions and reaches a broker), the status
/// page at `/`, and with `http.token` the approvals and rejections the status page posts to `/retrain/decisions`.
package enum OperationsServer {
    /// Builds the listener as a service to run beside the pipeline.
    ///
    /// - Parameters:
    ///   - host, port: where to listen; port 0 picks a free port.
    ///   - token: when set, every path but `/healthz` and `/readyz` requires `Authorization: Bearer <token>`.
    ///   - registry: the metrics `/metrics` exports.
    ///   - retrain: takes the decisions posted to `/retrain/decisions`, which needs `token`: without one, nobody
    ///     could be told from anybody, and the page shows the command instead.
    ///   - onListening: called with the bound port once the listener accepts connections (it is also logged).
    package static func makeApplication(
        host: String, port: Int, token: String? = nil, registry: PrometheusCollectorRegistry,
        health: ProcessorHealth, board: StatusBoard, logger: Logger, retrain: RetrainDispatcher? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let router = Router()
        let decidesHere = token != nil && retrain != nil
        if let token { router.add(middleware: BearerTokenMiddleware(token: token)) }
        router.get("/metrics") { _, _ in
            let secrets = SecretValues.process
            let body =
                secrets.isEmpty
                ? ByteBuffer(bytes: registry.emitToBuffer())
                : ByteBuffer(string: secrets.redact(String(decoding: registry.emitToBuffer(), as: UTF8.self)))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: body)
            )
        }
        router.get("/healthz") { _, _ in
            let liveness = health.liveness()
            return text(liveness.reason + "\n", status: liveness.isOK ? .ok : .serviceUnavailable)
        }
        router.get("/readyz") { _, _ in
            let readiness = health.readiness()
            return text(readiness.reason + "\n", status: readiness.isOK ? .ok : .serviceUnavailable)
        }
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string: SecretValues.process.redact(
                            StatusPage.html(
                                for: board.snapshot(), retrain: board.retrainSnapshot(), decidesHere: decidesHere))))
            )
        }
        router.post(RouterPath(StatusPage.decisionsPath)) { request, _ in
            guard let retrain, decidesHere else {
                return text(
                    "Deciding on retrain triggers here needs http.token (and a model with retrain mode "
                        + "approval_required); use `driftwatch retrain approve|reject`.\n", status: .forbidden)
            }
            // A browser says where a form came from: a page of another site (say one an operator visits while the
            // status page sits behind a proxy that adds the token) must not decide. curl sends no such header.
            // `Sec-Fetch-Site` (Fetch Metadata): same-origin, same-site, cross-site or none.
            let site = request.headers.first { $0.name.canonicalName == "sec-fetch-site" }?.value
            if let site, site != "same-origin", site != "none" {
                return text(
                    "Decisions are taken from the status page itself or from a client, not from other sites.\n",
                    status: .forbidden)
            }
            let body = try await request.body.collect(upTo: 16_384)
            guard let form = try? URLEncodedFormDecoder().decode(DecisionForm.self, from: String(buffer: body)),
                !form.triggerID.isEmpty, form.decision == "approve" || form.decision == "reject"
            else {
                return text(
                    "Post a form with trigger_id, decision (approve or reject), and optionally by and reason.\n",
                    status: .badRequest)
            }
            let by = form.by.flatMap { $0.isEmpty ? nil : $0 } ?? "the status page"
            switch await retrain.decide(
                form.triggerID, approved: form.decision == "approve", by: by, reason: form.reason ?? "")
            {
            case .done(let sentence): return text(sentence + "\n", status: .ok)
            case .refused(let sentence): return text(sentence + "\n", status: .conflict)
            case .failed(let sentence): return text(sentence + "\n", status: .serviceUnavailable)
            }
        }
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "driftwatch"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info(
                    "HTTP listening: /metrics, /healthz, /readyz, status page at /",
                    metadata: [LogKey.address: "\(host):\(bound)"]
                )
                await onListening(bound)
            },
            logger: logger
        )
        return Listener(application: application, address: "\(host):\(port)")
    }

    /// Runs the application, turning a failure to listen into advice on `http.listen`.
    private struct Listener<Wrapped: ApplicationProtocol>: Service {
        let application: Wrapped
        let address: String

        func run() async throws {
            do {
                try await application.run()
            } catch {
                throw ListenerError(
                    description: "the HTTP listener at \(address) (http.listen) failed: \(error). Choose a free port "
                        + "in http.listen (0 picks one), or stop what uses this one."
                )
            }
        }
    }

    private struct ListenerError: Error, CustomStringConvertible {
        let description: String
    }

    private static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}

/// What the status page's approval forms post (`application/x-www-form-urlencoded`).
struct DecisionForm: Decodable {
    var triggerID: String
    /// `approve` or `reject`.
    var decision: String
    var by: String?
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case triggerID = "trigger_id"
        case decision, by, reason
    }
}
