import DriftEngine
import Foundation

/// The last complete checkpoint of one input partition, rebuilt from its records on the state topic, read in
/// order (the consistent-prefix rule of ARCHITECTURE.md, "Durable state").
///
/// Every record a checkpoint writes carries its generation (header `driftwatch.generation`); the checkpoint ends
/// with a marker record (key `<partition>/checkpoint`) holding that generation and the input positions. A record
/// belongs to the restored state when its generation is at most the last marker's, so a checkpoint cut short by a
/// crash, whose records have a later generation and no marker, is left out; its keys are listed in
/// ``rewrites`` with their restored value (or none) to be written again before anything else, so that compaction
/// cannot later keep the cut-short value. Records without a generation header count as generation 0.
struct ChangelogRestore {
    /// The checkpoint marker's value (`format_version` 1, JSON).
    struct Marker: Codable, Equatable {
        static let formatVersion = 1

        var formatVersion: Int
        var generation: UInt64
        var positions: InputPositions
        var instance: String

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version"
            case generation, positions, instance
        }
    }

    /// The partition's state key prefix: `<partition>/`.
    let prefix: String
    let markerKey: String

    /// The latest value of each key among records known to belong to the restored state.
    private(set) var committed: [String: [UInt8]] = [:]
    /// Records whose generation is later than any marker read so far, in order.
    private var uncommitted: [(key: String, value: [UInt8]?, generation: UInt64)] = []
    private(set) var marker: Marker?
    /// The highest generation seen on any record; the next checkpoint writes a higher one.
    private(set) var highestGeneration: UInt64 = 0
    /// Markers that could not be read.
    private(set) var failures: [StateRestoreFailure] = []
    /// How many records and bytes of this partition were read.
    private(set) var recordCount = 0
    private(set) var byteCount = 0

    init(partition: Int32) {
        prefix = "\(partition)/"
        markerKey = "\(partition)/checkpoint"
    }

    /// Reads one record of the state topic; records of other partitions (sharing a state partition) are skipped.
    mutating func read(key: String, value: [UInt8]?, generation: UInt64) {
        guard key.hasPrefix(prefix) else { return }
        recordCount += 1
        byteCount += key.utf8.count + (value?.count ?? 0)
        highestGeneration = max(highestGeneration, generation)
        if key == markerKey {
            readMarker(value)
            return
        }
        let stateKey = String(key.dropFirst(prefix.count))
        if generation <= (marker?.generation ?? 0) {
            apply(stateKey, value)
        } else {
            uncommitted.append((stateKey, value, generation))
        }
    }

    private mutating func readMarker(_ value: [UInt8]?) {
        guard let value else { return }
        guard let read = try? JSONDecoder().decode(Marker.self, from: Data(value)),
            read.formatVersion == Marker.formatVersion
        else {
            failures.append(
                StateRestoreFailure(
                    key: "checkpoint", reason: "the checkpoint marker is corrupt or of another format version"))
            return
        }
        highestGeneration = max(highestGeneration, read.generation)
        marker = read
        var remaining: [(key: String, value: [UInt8]?, generation: UInt64)] = []
        for record in uncommitted {
            if record.generation <= read.generation {
                apply(record.key, record.value)
            } else {
                remaining.append(record)
            }
        }
        uncommitted = remaining
    }

    private mutating func apply(_ key: String, _ value: [UInt8]?) {
        committed[key] = value
    }

    /// The restored records: nothing unless a marker was read (without one, nothing says which input the state
    /// reflects).
    var restoredRecords: [String: [UInt8]] { marker == nil ? [:] : committed }

    /// Keys to write again before the next checkpoint's records, with the value to write (`nil`: a tombstone):
    /// those of a cut-short checkpoint, and without a marker every key read.
    var rewrites: [String: [UInt8]?] {
        var keys = Set(uncommitted.map(\.key))
        if marker == nil { keys.formUnion(committed.keys) }
        return Dictionary(uniqueKeysWithValues: keys.map { ($0, marker == nil ? nil : committed[$0]) })
    }
}
