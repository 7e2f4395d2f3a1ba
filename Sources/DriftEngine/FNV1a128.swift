/// The 128-bit FNV-1a hash: deterministic across processes and platforms (Swift's `Hasher` is seeded per process),
/// for ids that must be stable and for compact keys.
enum FNV1a128 {
    private static let offsetBasis: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
    private static let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013b

    /// The hash of the string's UTF-8 bytes.
    static func hash(_ text: String) -> UInt128 {
        hash(bytes: text.utf8)
    }

    /// The hash of bytes.
    static func hash(bytes: some Sequence<UInt8>) -> UInt128 {
        var hash = offsetBasis
        for byte in bytes {
            hash ^= UInt128(byte)
            hash = hash &* prime
        }
        return hash
    }
}
