import DriftEngine
import Foundation
import Logging
import Synchronization

/// Writes each log record as one JSON object per line, for log shippers (Loki, Elasticsearch, Cloud Logging):
/// `{"time": "…", "level": "info", "logger": "driftwatch", "message": "…", "<metadata key>": "…"}`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable (String) -> Void

    /// A handler for the logger `label` writing to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider, output: Self.writeToStandardError)
    }

    /// A handler writing each line (without its newline) to `output`.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, output: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        let merged =
            metadata
            .merging(metadataProvider?.get() ?? [:]) { _, new in new }
            .merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged { fields[key] = "\(value)" }
        if let error = event.error { fields["error"] = "\(error)" }
        fields["time"] = RFC3339Time.string(fromMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["message"] = "\(event.message)"
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
            let line = String(data: data, encoding: .utf8)
        else { return }
        output(line)
    }

    private static let standardError = Mutex(())

    @Sendable private static func writeToStandardError(_ line: String) {
        standardError.withLock { _ in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
