import Foundation

/// A reloaded configuration: a new engine continues the old one's state (see ARCHITECTURE.md, "Reloading the
/// configuration").
extension MonitoringEngine {
    /// What taking over another engine's state changed.
    public struct Takeover: Sendable {
        /// Versions of models the new configuration no longer has: dropped, with the alerts that were firing in
        /// them (their `resolved` events are in ``outputs``).
        public var removed = ReleasedState(versions: [], firingKeys: [])
        /// Versions whose monitors start afresh because what shapes them changed (reference, windows, tests,
        /// detector); their alert and retrain policies continue.
        public var restarted: [SignalSubject] = []
        /// Versions whose monitors continue under the new settings (the same or other levels).
        public var kept: [SignalSubject] = []
        /// The `resolved` events of the removed versions' firing alerts (reason ``AlertEvent/modelRemoved``).
        public var outputs: [Output] = []
    }

    /// Continues `old`'s work under this engine's configuration: every partition's positions, pending joins and
    /// data-loss alerts are kept, and so is each version's state, as a restore from the state topic would keep
    /// it: monitors whose shape is unchanged (``settingsFingerprints``) continue with the new levels, others
    /// start afresh; alert and retrain policies continue under the new settings. Call it on a new engine, before
    /// it sees an event.
    ///
    /// The join settings (`join.ttl`, `join.max_pending`) of the pending joins stay those they were made with.
    public mutating func takeOver(_ old: MonitoringEngine) -> Takeover {
        var takeover = Takeover()
        publishedProfiles = old.publishedProfiles.filter {
            if case .published = configuration(of: $0.key.model)?.settings.reference { return true }
            return false
        }
        counters = old.counters
        keepsEvaluations = old.keepsEvaluations
        let (encoder, decoder) = (Self.snapshotEncoder, Self.snapshotDecoder)
        for (partition, var owned) in old.partitions {
            var versions: [VersionKey: VersionState] = [:]
            for (key, var state) in owned.versions.sorted(by: {
                ($0.key.model, $0.key.version) < ($1.key.model, $1.key.version)
            }) {
                let subject = SignalSubject(model: key.model, modelVersion: key.version)
                guard let (settings, policies) = configuration(of: key.model) else {
                    takeover.removed.versions.append(subject)
                    takeover.removed.firingKeys += state.alerts.firingKeys
                    takeover.outputs += state.alerts.resolveFiring(
                        of: subject, reason: AlertEvent.modelRemoved, since: state.lastEventTime,
                        at: owned.latestEventTime
                    ).map(Output.alert)
                    owned.staleKeys.append(key.stateKey)
                    continue
                }
                if old.settingsFingerprints[key.model] == settingsFingerprints[key.model],
                    let monitor = try? Self.reencode(state.monitor, settings: settings, encoder, decoder)
                {
                    state.monitor = monitor
                    takeover.kept.append(subject)
                } else if let fresh = try? makeState(key) {
                    state.monitor = fresh.monitor
                    takeover.restarted.append(subject)
                }
                state.configure(policies)
                state.isDirty = true
                versions[key] = state
            }
            owned.versions = versions
            owned.joins.maxPendingPerModel = maximumPendingPerModel
            // `retire_after` may have changed: the next event scans the versions and sets the next check.
            owned.nextRetirementCheck = .min
            partitions[partition] = owned
        }
        recountPending()
        takeover.removed.firingKeys.sort()
        return takeover
    }

    /// A monitor decoded from its own snapshot with other settings of the same shape.
    private static func reencode(
        _ monitor: ModelMonitor, settings: MonitorSettings, _ encoder: JSONEncoder, _ decoder: JSONDecoder
    ) throws -> ModelMonitor {
        let data = try encoder.encode(VersionSnapshot.Monitors(monitor: monitor))
        decoder.userInfo[ModelMonitor.settingsKey] = settings
        return try decoder.decode(VersionSnapshot.Monitors.self, from: data).monitor
    }
}
