/// How often the engine's state is checkpointed to the state topic: the `state` section (ARCHITECTURE.md, "Durable
/// state").
///
/// A checkpoint is written after `snapshot_events` input records or `snapshot_interval`, whichever comes first, and
/// on every revoke and graceful shutdown; input offsets are committed only with a checkpoint, so a crash re-reads
/// at most what came after the last one.
package struct StateConfiguration: Sendable, Equatable {
    /// Input records between checkpoints (`snapshot_events`); default 100000.
    package var snapshotEvents: Int
    /// The longest time between checkpoints while records arrive (`snapshot_interval`); default 10s.
    package var snapshotInterval: Duration

    package init(snapshotEvents: Int, snapshotInterval: Duration) {
        self.snapshotEvents = snapshotEvents
        self.snapshotInterval = snapshotInterval
    }

    /// The section's fields.
    static let fields = ["snapshot_events", "snapshot_interval"]

    /// What an absent `state` section means: a checkpoint every 100,000 records or 10 seconds.
    package static var defaults: Self { ConfigurationDefaults.state }
}

extension StateConfiguration {
    /// Reads the `state` section; absent fields take their defaults.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        snapshotEvents =
            reader.integer(fields, "snapshot_events", minimum: 1) ?? ConfigurationDefaults.state.snapshotEvents
        snapshotInterval = reader.duration(fields, "snapshot_interval") ?? ConfigurationDefaults.state.snapshotInterval
    }
}
