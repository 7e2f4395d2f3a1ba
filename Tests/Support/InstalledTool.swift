import Foundation

/// Programs the tests run beside driftwatch (Prometheus, Alertmanager, their command-line tools), found on `PATH`.
package enum InstalledTool {
    /// The full path of the program `name` on `PATH`, or `nil` when it is not installed.
    package static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The full path of the program `name`, or an error that says how to install it.
    package static func require(_ name: String) throws -> String {
        guard let path = path(name) else { throw Missing(name: name) }
        return path
    }

    /// A program that is not installed; `make deps` installs every program the tests use.
    package struct Missing: Error, CustomStringConvertible {
        package var name: String
        package var description: String { "\(name) is not installed: run `make deps`" }
    }

    /// Whether every program in `names` is installed.
    package static func installed(_ names: String...) -> Bool {
        names.allSatisfy { path($0) != nil }
    }

    /// A TCP port on the loopback interface that was free a moment ago, for a server that must be told its port.
    package static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
