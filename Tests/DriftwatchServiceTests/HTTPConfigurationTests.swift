import Testing

@testable import DriftwatchService

/// `http.listen` addresses.
struct HTTPConfigurationTests {
    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464),
        ("0.0.0.0:0", "0.0.0.0", 0),
        ("localhost:65535", "localhost", 65_535),
        ("[::1]:9464", "::1", 9464),
    ])
    func parses(_ listen: String, _ host: String, _ port: Int) {
        #expect(HTTPConfiguration(listen: listen) == HTTPConfiguration(host: host, port: port))
    }

    @Test(arguments: ["localhost", ":9464", "127.0.0.1:", "127.0.0.1:65536", "::1:9464", "host:-1", "host:http"])
    func rejects(_ listen: String) {
        #expect(HTTPConfiguration(listen: listen) == nil)
    }
}
