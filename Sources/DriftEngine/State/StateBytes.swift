/// A little-endian byte writer and reader for the pending-join records of the durable state.
///
/// Hand-written rather than Codable because a partition can hold a million pending joins: JSON would triple their
/// size on the state topic and dominate the time to restore them.
struct StateBytesWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func write(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) {
        write(Int64(bitPattern: value.bitPattern))
    }

    mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(Int64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// `value` in 7-bit groups, least significant first, the high bit set on all but the last: one byte below 128.
    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A signed `value` as a varint of its zigzag form, so that small negative numbers stay short.
    mutating func writeZigzag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// `value`'s UTF-8 bytes after their count as a varint.
    mutating func writeCompact(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A presence byte, then the value when there is one.
    mutating func write<Value>(_ value: Value?, _ body: (inout Self, Value) -> Void) {
        guard let value else { return write(UInt8(0)) }
        write(UInt8(1))
        body(&self, value)
    }
}

/// Reads what ``StateBytesWriter`` wrote; every read checks the remaining length.
struct StateBytesReader {
    /// The bytes ended early or held an impossible value.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    /// The bytes not read yet.
    var remaining: Int { bytes.count - position }

    mutating func readByte() throws(Malformed) -> UInt8 {
        guard position < bytes.count else { throw Malformed() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readInt64() throws(Malformed) -> Int64 {
        guard bytes.count - position >= 8 else { throw Malformed() }
        var value: UInt64 = 0
        for shift in 0..<8 {
            value |= UInt64(bytes[position + shift]) << (8 * UInt64(shift))
        }
        position += 8
        return Int64(bitPattern: value)
    }

    /// What ``StateBytesWriter/writeVarint(_:)`` wrote.
    mutating func readVarint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: UInt64(0), to: 64, by: 7) {
            let byte = try readByte()
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
        }
        throw Malformed()
    }

    /// What ``StateBytesWriter/writeZigzag(_:)`` wrote.
    mutating func readZigzag() throws(Malformed) -> Int64 {
        let encoded = try readVarint()
        return Int64(bitPattern: encoded >> 1) ^ -Int64(bitPattern: encoded & 1)
    }

    mutating func readDouble() throws(Malformed) -> Double {
        Double(bitPattern: UInt64(bitPattern: try readInt64()))
    }

    mutating func readString() throws(Malformed) -> String {
        let count = try readInt64()
        guard count >= 0, count <= bytes.count - position else { throw Malformed() }
        defer { position += Int(count) }
        return String(decoding: bytes[position..<position + Int(count)], as: UTF8.self)
    }

    /// What ``StateBytesWriter/writeCompact(_:)`` wrote.
    mutating func readCompactString() throws(Malformed) -> String {
        let count = try readVarint()
        guard count <= UInt64(bytes.count - position) else { throw Malformed() }
        defer { position += Int(count) }
        return String(decoding: bytes[position..<position + Int(count)], as: UTF8.self)
    }

    mutating func readOptional<Value>(_ body: (inout Self) throws(Malformed) -> Value) throws(Malformed) -> Value? {
        switch try readByte() {
        case 0: return nil
        case 1: return try body(&self)
        default: throw Malformed()
        }
    }
}
