import Synchronization

/// The secrets this process holds, so that no log line, error, status page or metric shows them.
///
/// The configuration's `${env:…}` and `${file:…}` values are added when `driftwatch run` loads it; the log handler
/// (``RedactingLogHandler``), the status page, `/metrics` and the messages on standard error pass their text
/// through ``redact(_:)``. Values shorter than four characters are not recorded: replacing them everywhere would
/// garble every line without protecting anything.
package final class SecretValues: Sendable {
    /// The process's secrets.
    package static let process = SecretValues()

    /// What stands in for a secret.
    package static let placeholder = "[redacted]"

    private let values = Mutex<[String]>([])

    package init() {}

    /// Adds secrets; the longest are replaced first, so that one containing another is redacted whole.
    package func insert(_ secrets: some Sequence<String>) {
        values.withLock { values in
            values = Array(Set(values).union(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
        }
    }

    /// Whether any secret is recorded (redaction then costs nothing).
    package var isEmpty: Bool { values.withLock { $0.isEmpty } }

    /// `text` with every recorded secret replaced by ``placeholder``.
    package func redact(_ text: String) -> String {
        let values = values.withLock { $0 }
        guard !values.isEmpty else { return text }
        return values.reduce(text) { text, secret in
            text.contains(secret) ? text.replacing(secret, with: Self.placeholder) : text
        }
    }
}
