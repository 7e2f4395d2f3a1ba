import DriftDetection
import Foundation

/// Durable state: each input partition's state is written as keyed records and restored from them, so that a
/// restart, a deploy or a rebalance continues where the state left off (see ARCHITECTURE.md, "Durable state").
extension MonitoringEngine {
    /// The partitions this engine holds state for.
    public var ownedPartitions: Set<Int32> { Set(partitions.keys) }

    /// The records that bring a partition's state on the state topic up to date, and the input positions it
    /// reflects; `nil` when the engine holds nothing for the partition.
    ///
    /// Only what changed since the previous checkpoint of the partition is written: the model versions that saw an
    /// event, the pending joins added, joined or removed (removed ones as tombstones), and the partition's own record.
    public mutating func checkpoint(partition: Int32) -> PartitionCheckpoint? {
        guard var owned = partitions.removeValue(forKey: partition) else { return nil }
        defer { partitions[partition] = owned }
        var records = owned.staleKeys.map { StateRecord(key: $0, value: nil) }
        owned.staleKeys.removeAll()
        let encoder = Self.snapshotEncoder
        for position in owned.versions.indices {
            let key = owned.versions.key(at: position)
            guard
                let snapshot = owned.versions[position].snapshotIfDirty(
                    key, settingsFingerprint: settingsFingerprints[key.model] ?? "")
            else { continue }
            // Encoding plain values cannot fail; if it ever did, the version stays dirty and is tried again at the
            // next checkpoint.
            guard let bytes = try? StateEncoder().encode(snapshot) else { continue }
            records.append(StateRecord(key: key.stateKey, value: bytes))
            owned.versions[position].isDirty = false
        }
        records += owned.takeUnwrittenFloors(encoder: encoder)
        let joins = owned.joins.takeChanges()
        records += joins.removed.map { StateRecord(key: PendingEntry.stateKey($0), value: nil) }
        records += joins.current.map { StateRecord(key: PendingEntry.stateKey($0.key), value: $0.stateValue) }
        let meta = PartitionSnapshot(
            formatVersion: PartitionSnapshot.formatVersion, latestEventTime: owned.latestEventTime,
            joinTime: owned.joins.now, joinCounters: owned.joins.counters, dataLossAlerts: owned.dataLossAlerts)
        if let data = try? encoder.encode(meta) {
            records.append(StateRecord(key: PartitionSnapshot.key, value: Array(data)))
        }
        return PartitionCheckpoint(records: records, positions: owned.positions)
    }

    /// Replaces a partition's state with the one restored from its records (the latest value per key, tombstones
    /// applied), positioned at `positions`.
    ///
    /// A record that cannot be read (corrupt, or written in a format this driftwatch does not read) is skipped and
    /// reported: a model version without a usable record starts afresh (with a new warm-up) at its next event. A
    /// version of a model that is no longer configured is dropped and its record deleted at the next checkpoint. A
    /// version whose configuration changed keeps its alert and retrain policies (so their ids continue) but starts
    /// its monitors afresh.
    ///
    /// - Returns: the records that could not be used.
    public mutating func restore(partition: Int32, records: [String: [UInt8]], positions: InputPositions)
        -> [StateRestoreFailure]
    {
        var owned = makePartition()
        owned.positions = positions
        var failures: [StateRestoreFailure] = []
        var entries: [PendingEntry] = []
        var meta: PartitionSnapshot?
        // Versions whose monitors restart under a changed configuration, and versions of models it no longer has:
        // their firing alerts resolve once the partition's event time is known.
        var unjudged: [VersionKey] = []
        var removed: [(VersionKey, VersionSnapshot.Policies)] = []
        let decoder = Self.snapshotDecoder
        for (key, value) in records {
            do throws(StateRestoreFailure) {
                if key == PartitionSnapshot.key {
                    meta = try Self.decodePartition(value, decoder: decoder)
                } else if key.hasPrefix("v/") {
                    switch try decodeVersion(key: key, value, decoder: decoder) {
                    case .restored(let versionKey, let state, let monitorsRestarted):
                        owned.versions.insert(state, for: versionKey)
                        if monitorsRestarted { unjudged.append(versionKey) }
                    case .modelRemoved(let versionKey, let policies):
                        removed.append((versionKey, policies))
                    }
                } else if key.hasPrefix(SequenceFloor.keyPrefix) {
                    let floor = try Self.decodeFloor(key: key, value, decoder: decoder)
                    owned.sequenceFloors[floor.versionKey] = floor
                } else if let entry = try PendingEntry.decode(stateKey: key, value: value) {
                    entries.append(entry)
                } else {
                    throw StateRestoreFailure(key: key, reason: "not a key this driftwatch writes")
                }
            } catch {
                failures.append(error)
            }
        }
        entries.sort { $0.arrival < $1.arrival }
        owned.latestEventTime = meta?.latestEventTime ?? entries.last?.arrival ?? 0
        // A version whose state predates `last_event_time` counts as seen at the partition's latest event time.
        for position in owned.versions.indices where owned.versions[position].lastEventTime == .min {
            owned.versions[position].lastEventTime = owned.latestEventTime
        }
        owned.dataLossAlerts = meta?.dataLossAlerts ?? AlertPolicy()
        for (key, policies) in removed {
            let resolved = owned.drop(
                key, alerts: policies.alerts, retrain: policies.retrain,
                lastEventTime: policies.lastEventTime ?? owned.latestEventTime, resolving: AlertEvent.modelRemoved)
            hold(resolved, from: partition)
        }
        for key in unjudged {
            guard let position = owned.versions.index(forKey: key) else { continue }
            let resolved = owned.versions[position].alerts.resolveFiring(
                of: SignalSubject(model: key.model, modelVersion: key.version), reason: AlertEvent.monitorsRestarted,
                since: owned.versions[position].lastEventTime, at: owned.latestEventTime)
            if !resolved.isEmpty {
                hold(resolved, from: partition)
                owned.versions[position].breachStarts = [:]
                owned.versions[position].isDirty = true
            }
        }
        owned.joins = PendingJoinStore(
            ttl: joinTTL, maxPending: maximumPending, now: meta?.joinTime ?? owned.latestEventTime,
            counters: meta?.joinCounters ?? JoinCounters(), entries: entries)
        owned.joins.maxPendingPerModel = maximumPendingPerModel
        partitions[partition] = owned
        recountPending()
        return failures.sorted { $0.key < $1.key }
    }

    /// Moves a partition's input positions past records that were lost before they were read, so that a checkpoint
    /// does not point back at offsets the broker no longer has.
    public mutating func skip(partition: Int32, predictionsTo predictions: Int64?, outcomesTo outcomes: Int64?) {
        if partitions.index(forKey: partition) == nil { partitions[partition] = makePartition() }
        if let predictions { partitions[partition]!.positions.predictions = predictions }
        if let outcomes { partitions[partition]!.positions.outcomes = outcomes }
    }

    /// The alerts firing in a partition's model versions, ordered by `dedup_key`, as last published: after a
    /// restore, the status page lists them and re-sending sinks keep them alive, as the previous owner did.
    public func firingAlerts(inPartition partition: Int32) -> [AlertEvent] {
        guard let owned = partitions[partition] else { return [] }
        return owned.versions.flatMap { key, state in
            state.alerts.firingAlerts(of: SignalSubject(model: key.model, modelVersion: key.version))
        }.sorted { $0.dedupKey < $1.dedupKey }
    }

    /// Drops the state of partitions the group gave to another member (after it was checkpointed).
    ///
    /// - Returns: the model versions dropped and the alerts that were firing in them.
    public mutating func release(partitions released: Set<Int32>) -> ReleasedState {
        var result = ReleasedState(versions: [], firingKeys: [])
        for partition in released {
            guard let owned = partitions.removeValue(forKey: partition) else { continue }
            for (key, state) in owned.versions {
                result.versions.append(SignalSubject(model: key.model, modelVersion: key.version))
                result.firingKeys += state.alerts.firingKeys
            }
            result.firingKeys += owned.dataLossAlerts.firingKeys
        }
        recountPending()
        result.firingKeys.sort()
        return result
    }

    // MARK: - Decoding

    private static func decodeFloor(key: String, _ value: [UInt8], decoder: JSONDecoder) throws(StateRestoreFailure)
        -> SequenceFloor
    {
        do {
            return try decoder.decode(SequenceFloor.self, from: Data(value))
        } catch {
            throw StateRestoreFailure(key: key, reason: "not a version's sequence numbers: \(error)")
        }
    }

    private static func decodePartition(_ value: [UInt8], decoder: JSONDecoder) throws(StateRestoreFailure)
        -> PartitionSnapshot
    {
        let key = PartitionSnapshot.key
        let format = try formatVersion(value, key: key, decoder: decoder)
        guard format == PartitionSnapshot.formatVersion else {
            throw unreadableFormat(format, expected: "\(PartitionSnapshot.formatVersion)", key: key)
        }
        do {
            return try decoder.decode(PartitionSnapshot.self, from: Data(value))
        } catch {
            throw StateRestoreFailure(key: key, reason: "the partition's state is corrupt: \(error)")
        }
    }

    /// What a model version's record restores to.
    private enum DecodedVersion {
        /// The version's state; its monitors started afresh when the configuration changed what shapes them.
        case restored(VersionKey, VersionState, monitorsRestarted: Bool)
        /// A version of a model the configuration no longer has: its policies, whose firing alerts resolve.
        case modelRemoved(VersionKey, VersionSnapshot.Policies)
    }

    /// Holds the `resolved` events a restore made (firing alerts whose signals are gone or unjudged) for
    /// ``takeRestoreOutputs()``.
    private mutating func hold(_ resolved: [AlertEvent], from partition: Int32) {
        guard !resolved.isEmpty else { return }
        restoreOutputs.outputs += resolved.map(Output.alert)
        restoreOutputs.partitions.insert(partition)
    }

    /// The `resolved` events restores produced since the last call (firing alerts of versions whose monitors
    /// restarted, or whose model is gone), and the partitions whose state they changed: publish them, then
    /// checkpoint those partitions.
    public mutating func takeRestoreOutputs() -> (outputs: [Output], partitions: Set<Int32>) {
        defer { restoreOutputs = ([], []) }
        return restoreOutputs
    }

    private mutating func decodeVersion(key: String, _ value: [UInt8], decoder: JSONDecoder) throws(StateRestoreFailure)
        -> DecodedVersion
    {
        var record = try VersionRecord(key: key, value, jsonDecoder: decoder)
        let header: VersionSnapshot.Header
        let policies: VersionSnapshot.Policies
        do {
            header = try record.decode(VersionSnapshot.Header.self)
            policies = try record.decode(VersionSnapshot.Policies.self)
        } catch {
            throw StateRestoreFailure(key: key, reason: "the model version's state is corrupt: \(error)")
        }
        let versionKey = VersionKey(model: header.model, version: header.modelVersion)
        guard let (settings, configured) = configuration(of: header.model) else {
            return .modelRemoved(versionKey, policies)
        }
        var state: VersionState
        let monitorsRestarted: Bool
        if header.settingsFingerprint == settingsFingerprints[header.model]
            || header.settingsFingerprint == fingerprintsWithLevels[header.model]
        {
            monitorsRestarted = false
            record.settings = settings
            do {
                let monitor = try record.decode(VersionSnapshot.Monitors.self).monitor
                state = VersionState(monitor: monitor, alerts: policies.alerts, retrain: policies.retrain)
            } catch {
                throw StateRestoreFailure(key: key, reason: "the model version's monitors are corrupt: \(error)")
            }
        } else {
            monitorsRestarted = true
            do {
                state = try makeState(versionKey)
            } catch {
                throw StateRestoreFailure(key: key, reason: "\(error)")
            }
            state.alerts = policies.alerts
            state.retrain = policies.retrain
        }
        state.breachStarts = policies.breachStarts
        state.lastOffsets = policies.lastOffsets
        state.lastEventTime = policies.lastEventTime ?? .min
        state.configure(configured)
        state.isDirty = false
        if let published = publishedProfiles[versionKey], (try? state.monitor.adopt(published)) == true {
            state.isDirty = true
        }
        return .restored(versionKey, state, monitorsRestarted: monitorsRestarted)
    }

    private struct FormatProbe: Decodable {
        var formatVersion: Int?
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }

    /// The `format_version` of a JSON state record.
    static func formatVersion(_ value: [UInt8], key: String, decoder: JSONDecoder) throws(StateRestoreFailure)
        -> Int
    {
        guard let probe = try? decoder.decode(FormatProbe.self, from: Data(value)) else {
            throw StateRestoreFailure(key: key, reason: "not a JSON object (corrupt)")
        }
        guard let format = probe.formatVersion else {
            throw StateRestoreFailure(key: key, reason: "no format_version (written by an older driftwatch)")
        }
        return format
    }

    static func unreadableFormat(_ format: Int, expected: String, key: String) -> StateRestoreFailure {
        StateRestoreFailure(
            key: key, reason: "format_version \(format) is not readable by this driftwatch (it reads \(expected))")
    }

    // MARK: - Encoding

    private static let nonFinite = (positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// Encodes state with infinities and NaN as strings (detectors start with infinite minimums).
    static var snapshotEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan
        )
        return encoder
    }

    static var snapshotDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan
        )
        return decoder
    }

    /// A digest of everything in a model's settings that shapes its monitors' state: not the levels at which a
    /// statistic breaches (`warn`, `alert`, `warn_p`, `alert_p`, `min_effect`, `false_alarm_rate`, `warn_rate`,
    /// the multiple-testing correction, the dataset drift share, the data-quality rates), which only judge a closed
    /// window; monitors restored or reconfigured with other levels keep their windows.
    static func fingerprint(_ settings: MonitorSettings) -> String {
        var shaped = settings
        let unjudged = { (test: inout DistanceTestSettings) in
            (test.warn, test.alert, test.warnP, test.alertP, test.minEffect) = (nil, nil, nil, nil, 0)
            // A calibration does not depend on the rates it is read at.
            test.calibrated?.falseAlarmRate = CalibratedLevels.defaultFalseAlarmRate
            test.calibrated?.warnRate = CalibratedLevels.defaultWarnRate
        }
        for name in shaped.features.keys { unjudged(&shaped.features[name]!) }
        for keyPath in [\MonitorSettings.defaultFeatureTest, \.prediction, \.label]
        where shaped[keyPath: keyPath] != nil {
            unjudged(&shaped[keyPath: keyPath]!)
        }
        (shaped.multipleTesting, shaped.datasetDriftShare) = (nil, nil)
        shaped.quality = QualitySettings(
            missingRate: nil, typeMismatchRate: nil, outOfRangeRate: nil, unseenCategoryRate: nil)
        return fingerprintWithLevels(shaped)
    }

    /// A digest of everything in a model's settings, levels included: the fingerprint of state written before
    /// levels were left out, still accepted on restore.
    ///
    /// A profile reference enters by its shape (features, types, bin edges, categories and counts), not by its
    /// JSON: encoding a whole profile costs tens of milliseconds, which a thousand models would pay at start.
    static func fingerprintWithLevels(_ settings: MonitorSettings) -> String {
        var shaped = settings
        var digest = StateBytesWriter()
        if case .profile(let profile) = settings.reference {
            shaped.reference = .warmup(events: 0)
            digest.write(profile.events)
            for (name, feature) in profile.features.sorted(by: { $0.key < $1.key }) {
                digest.write(name)
                digest.write(feature)
            }
            for feature in [
                profile.prediction.label, profile.prediction.score, profile.prediction.value, profile.label,
            ] {
                digest.write(feature) { $0.write($1) }
            }
        }
        let encoder = snapshotEncoder
        encoder.outputFormatting = .sortedKeys
        let bytes = Array((try? encoder.encode(shaped)) ?? Data()) + digest.bytes
        return String(FNV1a128.hash(bytes: bytes), radix: 16)
    }
}

extension StateBytesWriter {
    /// A feature profile's shape, for ``MonitoringEngine/fingerprint(_:)``.
    fileprivate mutating func write(_ feature: FeatureProfile) {
        write(feature.type.rawValue)
        write(Int64(feature.events))
        write(Int64(feature.missing))
        if let numeric = feature.numeric {
            write(Int64(numeric.count))
            for edge in numeric.bins.edges { write(edge) }
            for count in numeric.binCounts { write(Int64(count)) }
            write(Int64(numeric.distribution.observations))
        }
        if let categorical = feature.categorical {
            for (category, count) in categorical.counts.sorted(by: { $0.key < $1.key }) {
                write(category)
                write(Int64(count))
            }
            write(Int64(categorical.overflowCount))
        }
    }

    fileprivate mutating func write(_ value: Int) {
        write(Int64(value))
    }
}
