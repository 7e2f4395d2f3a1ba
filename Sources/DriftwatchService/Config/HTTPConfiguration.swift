/// Where `/metrics`, `/healthz` and `/readyz` listen and who may read them: the `http` section.
package struct HTTPConfiguration: Sendable, Equatable {
    /// The address to bind, e.g. `127.0.0.1`, `0.0.0.0` or `::1`.
    package var host: String
    /// The port; 0 picks a free one (logged at start).
    package var port: Int
    /// When set, every endpoint but `/healthz` and `/readyz` requires `Authorization: Bearer <token>` (`token`).
    package var token: String?
    /// How long the consume loop may make no progress before `/readyz` answers 503 (`stall_timeout`).
    package var stallTimeout: Duration = .seconds(60)

    package init(host: String, port: Int, token: String? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// The section's fields.
    static let fields = ["listen", "token", "stall_timeout"]
}

extension HTTPConfiguration {
    /// Reads the `http` section; `listen` is `host:port`, with an IPv6 host in brackets (`[::1]:9464`).
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        self = ConfigurationDefaults.http
        guard let fields else { return }
        token = reader.string(fields, "token")
        stallTimeout = reader.duration(fields, "stall_timeout") ?? stallTimeout
        guard let listen = reader.string(fields, "listen") else { return }
        guard let address = Self(listen: listen) else {
            reader.report(
                "'\(listen)' is not host:port with a port from 0 to 65535, e.g. 127.0.0.1:9464, [::1]:9464, 0.0.0.0:0",
                at: fields["listen"],
                fields.path("listen")
            )
            return
        }
        (host, port) = (address.host, address.port)
    }

    /// Parses `host:port` or `[ipv6]:port`; `nil` when the host is empty or the port is not 0...65535.
    package init?(listen: String) {
        guard let colon = listen.lastIndex(of: ":") else { return nil }
        var host = listen[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil
        }
        let portText = listen[listen.index(after: colon)...]
        guard !host.isEmpty, portText.allSatisfy(\.isASCII), let port = Int(portText), (0...65_535).contains(port)
        else { return nil }
        self.host = String(host)
        self.port = port
    }
}
