/// One keyed record of the engine's durable state: a value, or a tombstone (`nil`) that deletes the key.
///
/// The engine writes and reads these; where they are kept (the compacted state topic) is the caller's business.
/// Keys are relative to one input partition: `v/<model>/<version>` for a model version's monitors and policies,
/// `j/<model>/<id hash>` for a pending join, `p` for the partition's own state (see ARCHITECTURE.md, "Durable
/// state").
public struct StateRecord: Sendable, Hashable {
    /// The key, unique within the partition's state.
    public var key: String
    /// The value; `nil` deletes the key.
    public var value: [UInt8]?

    /// Creates a record.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}

/// Why a state record could not be used; the part of the state it held starts afresh.
public struct StateRestoreFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The record's key.
    public var key: String
    /// What was wrong with it.
    public var reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "state record '\(key)': \(reason)" }
}
