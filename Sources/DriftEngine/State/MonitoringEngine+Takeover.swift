import Foundation

/// A reloaded configuration: a new engine continues the old one's state (see ARCHITECTURE.md, "Reloading the
/// configuration").
extension MonitoringEngine {
    /// What taking over another engine's state changed.
    public struct Takeover: Sendable {
        /// Versions dropped, with the alerts that were firing in them (their `resolved` events are in
        /// ``outputs``): those of models the new configuration no longer has, and those in ``failed``.
        public var removed = ReleasedState(versions: [], firingKeys: [])
        /// Versions whose monitors start afresh because what shapes them changed (reference, windows, tests,
        /// detector); their alert and retrain policies continue, their firing alerts resolved (reason
        /// ``AlertEvent/monitorsRestarted``, in ``outputs``).
        public var restarted: [SignalSubject] = []
        /// Versions whose monitors continue under the new settings (the same or other levels).
        public var kept: [SignalSubject] = []
        /// Versions whose monitors cannot be made under the new settings, with the reason: dropped like removed
        /// ones (their firing alerts resolve with the reason); their next event starts them again, or is rejected
        /// with the same reason.
        public var failed: [(subject: SignalSubject, reason: String)] = []
        /// Published profiles that the new settings' tests cannot use, with the reason: their versions warm up.
        public var unusableProfiles: [(subject: SignalSubject, reason: String)] = []
        /// The `resolved` events of the removed, failed and restarted versions' firing alerts (reason
        /// ``AlertEvent/modelRemoved``, why the monitors cannot be made, or ``AlertEvent/monitorsRestarted``).
        public var outputs: [Output] = []
    }

    /// Continues `old`'s work under this engine's configuration: every partition's positions, pending joins and
    /// data-loss alerts are kept, and so is each version's state, as a restore from the state topic would keep
    /// it: monitors whose shape is unchanged (``settingsFingerprints``) continue with the new levels, others
    /// start afresh; alert and retrain policies continue under the new settings. Call it on a new engine, before
    /// it sees an event.
    ///
    /// The join settings (`join.ttl`, `join.max_pending`) of the pending joins stay those they were made with.
    ///
    /// - Parameter heartbeat: called after each model version and each profile calibrated anew, which may take
    ///   milliseconds to seconds.
    public mutating func takeOver(_ old: MonitoringEngine, heartbeat: () -> Void = {}) -> Takeover {
        var takeover = Takeover()
        takeProfiles(of: old, &takeover, heartbeat: heartbeat)
        counters = old.counters
        keepsEvaluations = old.keepsEvaluations
        for (partition, var owned) in old.partitions {
            var versions = VersionTable()
            for (key, var state) in owned.versions.sorted(by: {
                ($0.key.model, $0.key.version) < ($1.key.model, $1.key.version)
            }) {
                let subject = SignalSubject(model: key.model, modelVersion: key.version)
                /// Drops the version's state; its firing alerts resolve with `reason`.
                func release(reason: String) {
                    takeover.removed.versions.append(subject)
                    takeover.removed.firingKeys += state.alerts.firingKeys
                    takeover.outputs += owned.drop(key, state: state, resolving: reason).map(Output.alert)
                }
                guard let (settings, policies) = configuration(of: key.model) else {
                    release(reason: AlertEvent.modelRemoved)
                    continue
                }
                if old.settingsFingerprints[key.model] == settingsFingerprints[key.model],
                    let monitor = try? Self.reencode(state.monitor, settings: settings)
                {
                    state.monitor = monitor
                    takeover.kept.append(subject)
                } else {
                    do {
                        state.monitor = try makeState(key).monitor
                        takeover.restarted.append(subject)
                        takeover.outputs += state.alerts.resolveFiring(
                            of: subject, reason: AlertEvent.monitorsRestarted, since: state.lastEventTime,
                            at: owned.latestEventTime
                        ).map(Output.alert)
                        state.breachStarts = [:]
                    } catch {
                        let reason = "its monitors cannot be made under the reloaded configuration: \(error)"
                        takeover.failed.append((subject, reason))
                        release(reason: reason)
                        continue
                    }
                }
                state.configure(policies)
                state.isDirty = true
                versions.insert(state, for: key)
                heartbeat()
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

    /// Takes the profiles `old` received, calibrated for this engine's models that compare with published
    /// profiles: those calibrated for settings of the same shape as before are taken as they are.
    private mutating func takeProfiles(of old: MonitoringEngine, _ takeover: inout Takeover, heartbeat: () -> Void) {
        receivedProfiles = old.receivedProfiles
        for (model, received) in receivedProfiles {
            guard let settings = configuration(of: model)?.settings, case .published = settings.reference else {
                continue
            }
            let isSameShape = old.settingsFingerprints[model] == settingsFingerprints[model]
            for published in received {
                let key = VersionKey(model: model, version: published.modelVersion)
                if isSameShape, let calibrated = old.publishedProfiles[key] {
                    publishedProfiles[key] = calibrated
                    continue
                }
                do {
                    publishedProfiles[key] = try published.calibrated(for: settings)
                } catch {
                    takeover.unusableProfiles.append(
                        (SignalSubject(model: model, modelVersion: published.modelVersion), "\(error)"))
                }
                heartbeat()
            }
        }
    }

    /// A monitor decoded from its own snapshot with other settings of the same shape.
    private static func reencode(_ monitor: ModelMonitor, settings: MonitorSettings) throws -> ModelMonitor {
        var decoder = try StateDecoder(try StateEncoder().encode(VersionSnapshot.Monitors(monitor: monitor)))
        decoder.userInfo[ModelMonitor.settingsKey] = settings
        return try decoder.decode(VersionSnapshot.Monitors.self).monitor
    }
}
