import DriftDetection

/// A pending join as a state record: key `j/<model>/<id hash in hex>`, value a small binary encoding.
extension PendingEntry {
    /// The first byte of every encoded entry; a different one is a format this driftwatch cannot read.
    static let stateFormat: UInt8 = 1
    static let keyPrefix = "j/"

    /// The entry's key within its partition's state.
    static func stateKey(_ key: Key) -> String {
        keyPrefix + key.model + "/" + hexDigits(key.id)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// The 32 lowercase hex digits of an id hash. Hand-written: the generic `String(_:radix:)` on a `UInt128` was
    /// a tenth of the pipeline's time, since every prediction waiting for its outcome is checkpointed once.
    static func hexDigits(_ id: UInt128) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            var value = id
            for index in stride(from: 31, through: 0, by: -1) {
                buffer[index] = digits[Int(value & 0xF)]
                value >>= 4
            }
            return 32
        }
    }

    /// The entry as a state record value.
    var stateValue: [UInt8] {
        var writer = StateBytesWriter()
        writer.write(Self.stateFormat)
        writer.write(arrival)
        switch state {
        case .prediction(let modelVersion, let output, let eventTime):
            writer.write(UInt8(0))
            writer.write(eventTime)
            writer.write(modelVersion) { $0.write($1) }
            writer.write(output.label) { $0.write($1) }
            writer.write(output.score) { $0.write($1) }
            writer.write(output.value) { $0.write($1) }
        case .outcome(let label, let value, let eventTime):
            writer.write(UInt8(1))
            writer.write(eventTime)
            writer.write(label) { $0.write($1) }
            writer.write(value) { $0.write($1) }
        case .joined:
            writer.write(UInt8(2))
        }
        return writer.bytes
    }

    /// Decodes a state record; `nil` when the key is not a pending join's.
    ///
    /// - Throws: a description of what is wrong when the key is a pending join's but the value cannot be read.
    static func decode(stateKey: String, value: [UInt8]) throws(StateRestoreFailure) -> PendingEntry? {
        guard stateKey.hasPrefix(keyPrefix) else { return nil }
        let rest = stateKey.dropFirst(keyPrefix.count)
        guard let slash = rest.lastIndex(of: "/"), let id = UInt128(rest[rest.index(after: slash)...], radix: 16)
        else { throw StateRestoreFailure(key: stateKey, reason: "not a pending-join key") }
        guard let format = value.first, format == stateFormat else {
            throw StateRestoreFailure(
                key: stateKey,
                reason: "pending-join format \(value.first.map(String.init) ?? "none") is not readable "
                    + "(this driftwatch reads \(stateFormat))")
        }
        var reader = StateBytesReader(value)
        do throws(StateBytesReader.Malformed) {
            _ = try reader.readByte()
            let arrival = try reader.readInt64()
            let state: State
            switch try reader.readByte() {
            case 0:
                let eventTime = try reader.readInt64()
                let modelVersion = try reader.readOptional { reader throws(StateBytesReader.Malformed) in
                    try reader.readString()
                }
                let label = try reader.readOptional { reader throws(StateBytesReader.Malformed) in
                    try reader.readLabel()
                }
                let score = try reader.readOptional { reader throws(StateBytesReader.Malformed) in
                    try reader.readDouble()
                }
                let value = try reader.readOptional { reader throws(StateBytesReader.Malformed) in
                    try reader.readDouble()
                }
                state = .prediction(
                    modelVersion: modelVersion, output: PredictionOutput(label: label, score: score, value: value),
                    eventTime: eventTime)
            case 1:
                let eventTime = try reader.readInt64()
                let label = try reader.readOptional { reader throws(StateBytesReader.Malformed) in
                    try reader.readLabel()
                }
                let value = try reader.readOptional { reader throws(StateBytesReader.Malformed) in
                    try reader.readDouble()
                }
                state = .outcome(label: label, value: value, eventTime: eventTime)
            case 2:
                state = .joined
            default:
                throw StateBytesReader.Malformed()
            }
            guard reader.isAtEnd else { throw StateBytesReader.Malformed() }
            return PendingEntry(
                key: Key(model: String(rest[..<slash]), hashedID: id), arrival: arrival, state: state)
        } catch {
            throw StateRestoreFailure(key: stateKey, reason: "the pending join's bytes are corrupt")
        }
    }
}

extension StateBytesWriter {
    fileprivate mutating func write(_ label: ClassLabel) {
        write(label.isNumeric ? UInt8(1) : UInt8(0))
        write(label.text)
    }
}

extension StateBytesReader {
    fileprivate mutating func readLabel() throws(Malformed) -> ClassLabel {
        let isNumeric = try readByte()
        guard isNumeric <= 1 else { throw Malformed() }
        return ClassLabel(try readString(), isNumeric: isNumeric == 1)
    }
}
