/// Deterministic CloudEvents ids: the same `dedup_key`, sequence and status always give the same id, so a
/// consumer can drop the duplicates that at-least-once delivery produces after a crash (README, "Events, alerts and
/// retrain triggers").
package enum EventID {
    /// The id of event number `sequence` of `dedupKey` with `status`: the 128-bit FNV-1a hash of
    /// `"<dedupKey>#<sequence>#<status>"`, shaped as an RFC 9562 version 8 UUID in lowercase hex.
    package static func make(dedupKey: String, sequence: Int, status: String) -> String {
        uuidText(FNV1a128.hash("\(dedupKey)#\(sequence)#\(status)"))
    }

    /// `xxxxxxxx-xxxx-8xxx-yxxx-xxxxxxxxxxxx` with the version (8) and variant (`10`) bits set.
    private static func uuidText(_ hash: UInt128) -> String {
        let versioned = hash & ~(UInt128(0xF) << 76) | UInt128(0x8) << 76
        let value = versioned & ~(UInt128(0x3) << 62) | UInt128(0x2) << 62
        let hex = String(value, radix: 16)
        let digits = Array(String(repeating: "0", count: 32 - hex.count) + hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
    }
}
