/// A fixed-capacity first-in-first-out buffer of values that overwrites its oldest value when full.
///
/// Storage is allocated once, at the capacity, so appending never allocates. It encodes only its
/// values, oldest first.
struct RingBuffer: Sendable, Equatable {
    private var storage: [Double]
    private var head = 0
    private(set) var count = 0

    /// The most values the buffer holds.
    var capacity: Int { storage.count }
    /// Whether the buffer holds `capacity` values.
    var isFull: Bool { count == storage.count }

    /// Creates an empty buffer.
    init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        storage = Array(repeating: 0, count: capacity)
    }

    /// The value at `position`, 0 being the oldest.
    subscript(position: Int) -> Double {
        storage[physicalIndex(position)]
    }

    /// Appends a value, returning the oldest one if the buffer was full and it was overwritten.
    @discardableResult
    mutating func append(_ value: Double) -> Double? {
        if isFull {
            let evicted = storage[head]
            storage[head] = value
            head = head + 1 == storage.count ? 0 : head + 1
            return evicted
        }
        storage[physicalIndex(count)] = value
        count += 1
        return nil
    }

    /// Removes and returns the oldest value.
    mutating func removeFirst() -> Double {
        precondition(count > 0, "removeFirst on an empty buffer")
        let value = storage[head]
        head = head + 1 == storage.count ? 0 : head + 1
        count -= 1
        return value
    }

    /// Drops all but the newest `keeping` values.
    mutating func keepNewest(_ keeping: Int) {
        let dropped = count - min(keeping, count)
        head = physicalIndex(dropped)
        count -= dropped
    }

    /// Removes every value; the storage is kept.
    mutating func removeAll() {
        head = 0
        count = 0
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.capacity == rhs.capacity && lhs.count == rhs.count && (0..<lhs.count).allSatisfy { lhs[$0] == rhs[$0] }
    }

    private func physicalIndex(_ position: Int) -> Int {
        let index = head + position
        return index >= storage.count ? index - storage.count : index
    }
}

extension RingBuffer: Codable {
    private enum CodingKeys: String, CodingKey {
        case capacity
        case values
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let capacity = try container.decode(Int.self, forKey: .capacity)
        let values = try container.decode([Double].self, forKey: .values)
        guard capacity > 0, values.count <= capacity else {
            throw DecodingError.dataCorruptedError(
                forKey: .values,
                in: container,
                debugDescription: "a ring buffer of capacity \(capacity) cannot hold \(values.count) values"
            )
        }
        storage = values + repeatElement(0, count: capacity - values.count)
        count = values.count
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(capacity, forKey: .capacity)
        try container.encode((0..<count).map { self[$0] }, forKey: .values)
    }
}
