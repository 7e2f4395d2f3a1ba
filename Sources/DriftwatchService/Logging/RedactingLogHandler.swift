import Logging

/// A log handler that removes the process's secrets (``SecretValues``) from messages and metadata before passing
/// records on.
package struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let secrets: SecretValues

    /// Wraps `handler`; `secrets` defaults to the process's.
    package init(wrapping handler: any LogHandler, secrets: SecretValues = .process) {
        wrapped = handler
        self.secrets = secrets
    }

    package var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    package var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    package func log(event: LogEvent) {
        guard !secrets.isEmpty else { return wrapped.log(event: event) }
        var event = event
        event.message = "\(secrets.redact(event.message.description))"
        event.metadata = event.metadata?.mapValues(redact)
        wrapped.log(event: event)
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(secrets.redact(text))
        case .stringConvertible(let convertible): .string(secrets.redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let values): .dictionary(values.mapValues(redact))
        }
    }
}
