#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The positions of one model's features in a schema-ordered feature vector, resolved once per model: the
/// reference profile's features sorted by name, the order its windows keep them in.
///
/// The decoder finds a member name's position from its raw bytes (an FNV-1a hash into an open-addressing table,
/// then a byte comparison), so the hot path builds no `String` and no dictionary per feature.
package struct FeatureLayout: Sendable {
    /// The feature names, in vector order.
    package let names: [String]
    private let nameBytes: [[UInt8]]
    /// Open-addressing table of positions into `names`; -1 marks an empty slot.
    private let table: [Int32]

    /// A layout of `names`, which must be distinct.
    package init(names: [String]) {
        self.names = names
        nameBytes = names.map { Array($0.utf8) }
        var capacity = 8
        while capacity < names.count * 2 { capacity *= 2 }
        var table = [Int32](repeating: -1, count: capacity)
        for (position, bytes) in nameBytes.enumerated() {
            var slot = bytes.withUnsafeBytes { Self.hash($0) } & (capacity - 1)
            while table[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Int32(position)
        }
        self.table = table
    }

    /// The number of features.
    package var count: Int { names.count }

    /// The position of the feature spelled by `bytes` (unescaped UTF-8), `nil` when the layout does not have it.
    package func position(of bytes: UnsafeRawBufferPointer) -> Int? {
        let mask = table.count - 1
        var slot = Self.hash(bytes) & mask
        while true {
            let position = Int(table[slot])
            guard position >= 0 else { return nil }
            let matches = nameBytes[position].withUnsafeBytes { name in
                name.count == bytes.count
                    && (name.isEmpty || memcmp(name.baseAddress!, bytes.baseAddress!, name.count) == 0)
            }
            if matches { return position }
            slot = (slot + 1) & mask
        }
    }

    /// The position of the feature `name`, `nil` when the layout does not have it.
    package func position(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { position(of: UnsafeRawBufferPointer($0)) }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}
