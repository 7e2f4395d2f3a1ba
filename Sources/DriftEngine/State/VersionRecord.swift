import DriftDetection
import Foundation

/// A model version's record from the state topic, in either format this driftwatch reads: binary
/// (`format_version` 2, what it writes) or JSON (`format_version` 1, written before), so that state written by the
/// previous release restores after an upgrade.
struct VersionRecord {
    private enum Content {
        case binary(StateDecoder)
        case json(Data, JSONDecoder)
    }

    private var content: Content
    /// The model's configured settings, which the monitors are decoded with (a snapshot does not repeat them).
    var settings: MonitorSettings?

    /// Reads the record of `key`, refusing one in a format this driftwatch does not read.
    init(key: String, _ value: [UInt8], jsonDecoder: JSONDecoder) throws(StateRestoreFailure) {
        let format: Int
        if StateDecoder.isBinary(value) {
            do {
                let decoder = try StateDecoder(value)
                format = try decoder.decode(FormatHeader.self).formatVersion
                content = .binary(decoder)
            } catch {
                throw StateRestoreFailure(key: key, reason: "the model version's state is corrupt: \(error)")
            }
        } else {
            format = try MonitoringEngine.formatVersion(value, key: key, decoder: jsonDecoder)
            content = .json(Data(value), jsonDecoder)
        }
        let expected = StateDecoder.isBinary(value) ? VersionSnapshot.formatVersion : 1
        guard format == expected else {
            throw MonitoringEngine.unreadableFormat(
                format, expected: "1 and \(VersionSnapshot.formatVersion)", key: key)
        }
    }

    /// Decodes one part of the snapshot (its header, policies or monitors).
    func decode<Part: Decodable>(_ type: Part.Type) throws -> Part {
        switch content {
        case .binary(var decoder):
            decoder.userInfo[ModelMonitor.settingsKey] = settings
            return try decoder.decode(type)
        case .json(let data, let decoder):
            decoder.userInfo[ModelMonitor.settingsKey] = settings
            return try decoder.decode(type, from: data)
        }
    }

    private struct FormatHeader: Decodable {
        var formatVersion: Int
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }
}
