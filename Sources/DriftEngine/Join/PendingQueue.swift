/// The pending-join store's entries, oldest first, in a growable ring addressed by sequence number.
///
/// Entries leave only at the front (expiry or eviction); an entry's sequence number stays valid
/// while it is queued, so the store's index can point at it in O(1).
struct PendingQueue: Sendable {
    private var storage: [PendingEntry] = []
    private var head = 0
    /// The number of queued entries.
    private(set) var count = 0
    /// The sequence number of the oldest entry (of the next one, when empty).
    private(set) var firstSequence = 0

    /// The oldest entry.
    var first: PendingEntry? { count == 0 ? nil : storage[head] }

    /// The entry with sequence number `sequence`, which must be queued.
    subscript(sequence: Int) -> PendingEntry {
        get { storage[physicalIndex(sequence - firstSequence)] }
        set { storage[physicalIndex(sequence - firstSequence)] = newValue }
    }

    /// Appends an entry, growing the ring up to `limit` slots, and returns its sequence number.
    mutating func append(_ entry: PendingEntry, limit: Int) -> Int {
        if count == storage.count {
            grow(to: min(max(16, storage.count * 2), max(limit, count + 1)))
        }
        storage[physicalIndex(count)] = entry
        count += 1
        return firstSequence + count - 1
    }

    /// Removes and returns the oldest entry; the queue must not be empty.
    mutating func removeFirst() -> PendingEntry {
        let entry = storage[head]
        storage[head] = .vacant
        head = head + 1 == storage.count ? 0 : head + 1
        count -= 1
        firstSequence += 1
        return entry
    }

    /// Re-lays the entries out from slot 0 in a ring of `capacity` slots.
    private mutating func grow(to capacity: Int) {
        var grown = [PendingEntry]()
        grown.reserveCapacity(capacity)
        grown.append(contentsOf: entries)
        grown.append(contentsOf: repeatElement(.vacant, count: capacity - count))
        storage = grown
        head = 0
    }

    private func physicalIndex(_ position: Int) -> Int {
        let index = head + position
        return index >= storage.count ? index - storage.count : index
    }
}

extension PendingQueue: Equatable, Codable {
    /// The entries, oldest first.
    var entries: [PendingEntry] {
        (0..<count).map { storage[physicalIndex($0)] }
    }

    /// Creates a queue holding `entries`, oldest first.
    init(_ entries: [PendingEntry]) {
        storage = entries
        count = entries.count
    }

    init(from decoder: any Decoder) throws {
        self.init(try [PendingEntry](from: decoder))
    }

    func encode(to encoder: any Encoder) throws {
        try entries.encode(to: encoder)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries == rhs.entries
    }
}
