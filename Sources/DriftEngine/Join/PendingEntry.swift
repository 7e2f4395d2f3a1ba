import DriftDetection

/// One event waiting in the pending-join store, holding only what the join emits (no features).
struct PendingEntry: Equatable, Sendable, Codable {
    /// What identifies a pair: predictions and outcomes join by model and id.
    ///
    /// The id is kept as its 128-bit FNV-1a hash, 16 bytes inline, instead of the string, which takes heap storage
    /// beyond 15 bytes (64 bytes for a UUID). Two distinct live ids collide with a probability of about
    /// n² / 2¹²⁹ for n entries: never, in practice.
    struct Key: Hashable, Sendable, Codable {
        var model: String
        var id: UInt128

        init(model: String, id: String) {
            self.model = model
            self.id = FNV1a128.hash(id)
        }

        /// A key whose id is already hashed (restored from the state topic).
        init(model: String, hashedID: UInt128) {
            self.model = model
            self.id = hashedID
        }
    }

    /// The side of the pair that arrived first and waits for the other.
    enum State: Equatable, Sendable, Codable {
        /// A prediction waits for its outcome.
        case prediction(modelVersion: String?, output: PredictionOutput, eventTime: Int64)
        /// An outcome waits for its prediction.
        case outcome(label: ClassLabel?, value: Double?, eventTime: Int64)
        /// The pair was emitted; the entry remains until it expires so that duplicates are recognised.
        case joined
    }

    /// Placeholder for vacant queue slots; holds no heap storage.
    static let vacant = PendingEntry(key: Key(model: "", id: ""), arrival: 0, state: .joined)

    var key: Key
    /// The store's time when the entry was added; it expires `ttl` later.
    var arrival: Int64
    var state: State
}
