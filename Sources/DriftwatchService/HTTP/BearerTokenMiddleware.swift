import Hummingbird

/// Requires `Authorization: Bearer <token>` on every path but the probes (`/healthz`, `/readyz`), which
/// orchestrators call without credentials.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The paths served without a token.
    static var openPaths: Set<String> { ["/healthz", "/readyz"] }

    private let expected: [UInt8]

    init(token: String) {
        expected = Array("Bearer \(token)".utf8)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.openPaths.contains(request.uri.path) || matches(request.headers[.authorization]) else {
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: #"Bearer realm="driftwatch""#, .contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(string: "unauthorized: send the http.token as 'Authorization: Bearer …'\n"))
            )
        }
        return try await next(request, context)
    }

    /// Compares in time independent of where the header differs, so that timing does not reveal the token.
    private func matches(_ header: String?) -> Bool {
        guard let header else { return false }
        let given = Array(header.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
