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
        if let error = event.error {
            let text = "\(error)"
            let redacted = secrets.redact(text)
            if redacted != text { event.error = RedactedError(description: redacted) }
        }
        wrapped.log(event: event)
    }

    /// An error whose text quoted a secret, as logged instead of it.
    private struct RedactedError: Error, CustomStringConvertible {
        let description: String
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
