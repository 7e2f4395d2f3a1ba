import DriftDetection

/// Pairs predictions with their outcomes by (model, id), whichever arrives first.
///
/// A prediction waits for its outcome and an outcome that arrives first waits for its prediction;
/// when the second side arrives, `add(_:now:)` returns the ``JoinedPair``, exactly once. A second prediction
/// or outcome with the same model and id is ignored and counted as a duplicate, also after the
/// pair was emitted: the store keeps a small marker of each emitted pair for the rest of its time
/// to live.
///
/// Time is the caller's: every call passes `now`, the stream's event time in milliseconds (for
/// instance the largest event time seen so far). The store never reads a clock. An entry expires
/// once `now` reaches its arrival time plus ``ttl``; since `now` only moves forward (a smaller
/// value than before is ignored), entries expire oldest first. At most ``maxPending`` entries are
/// held, markers of emitted pairs included; when full, the oldest entry is evicted to make room.
/// One model holds at most ``maxPendingPerModel`` of them: beyond its share, its new entries are not held (counted
/// as evicted, and in ``refusedOverModelShare``), so that one model's flood of unmatched events cannot push out
/// another model's pending joins. Expired and evicted entries are counted in ``counters`` by kind.
///
/// Every operation is O(1) amortised: a hash index points into a ring of entries ordered by arrival.
///
/// - Important: Memory per entry is about ``approximateBytesPerEntry`` bytes on 64-bit platforms, plus the
///   heap storage of a model name longer than 15 UTF-8 bytes and of long labels or versions. Ids are kept as
///   128-bit hashes, whatever their length; features are never stored.
///
/// The store is `Codable`: its snapshot holds the entries, the time and the counters. For the durable state
/// topic it also tracks what changed since ``takeChanges()`` was last called, so that only new and changed
/// entries are written and removed ones get a tombstone (see ARCHITECTURE.md, "Durable state").
public struct PendingJoinStore: Sendable {
    /// How long an entry waits for its other side, in milliseconds of event time.
    public let ttl: Int64
    /// The most entries held at once.
    public let maxPending: Int
    /// The most entries one model holds at once; ``maxPending`` unless set lower. A setting, not state: it is not
    /// part of a snapshot, set it again after decoding one.
    public var maxPendingPerModel: Int
    /// Entries not held because their model had its share (since the store was created; not part of a snapshot).
    public private(set) var refusedOverModelShare = 0
    /// Entries held per model, markers of emitted pairs included.
    private var heldByModel: [String: Int] = [:]
    /// What the store did so far, and how many events wait now.
    public private(set) var counters = JoinCounters()
    /// The store's time: the largest `now` passed so far.
    public private(set) var now = Int64.min

    private var queue = PendingQueue()
    private var index: [PendingEntry.Key: Int] = [:]
    /// Entries with a lower sequence number were handed out by ``takeChanges()``; later ones are new.
    private var persistedEnd = 0
    /// Sequence numbers of handed-out entries whose state changed since (a prediction or outcome joined).
    private var changedSequences: [Int] = []
    /// Keys of handed-out entries removed since (expired or evicted): they need a tombstone.
    private var removedKeys: [PendingEntry.Key] = []

    /// The number of entries held, markers of emitted pairs included.
    public var count: Int { queue.count }

    /// Creates an empty store.
    ///
    /// - Parameters:
    ///   - ttl: How long an entry waits for its other side, in milliseconds of event time; positive.
    ///   - maxPending: The most entries held at once; positive.
    public init(ttl: Int64, maxPending: Int) {
        precondition(ttl > 0, "ttl must be positive")
        precondition(maxPending > 0, "maxPending must be positive")
        self.ttl = ttl
        self.maxPending = maxPending
        maxPendingPerModel = maxPending
    }

    /// Adds a prediction, returning the pair if its outcome was waiting.
    ///
    /// - Parameters:
    ///   - prediction: The prediction; only its id, model, version, output and time are kept.
    ///   - now: The stream's event time, in milliseconds since the epoch.
    /// - Returns: The joined pair, or `nil` when the prediction now waits or was a duplicate.
    public mutating func add(_ prediction: PredictionEvent, now: Int64) -> JoinedPair? {
        advance(to: now)
        let key = PendingEntry.Key(model: prediction.model, id: prediction.id)
        guard let sequence = index[key] else {
            let entry = PendingEntry(
                key: key, arrival: self.now,
                state: .prediction(
                    modelVersion: prediction.modelVersion, output: prediction.prediction,
                    eventTime: prediction.eventTime))
            if insert(entry) { counters.waitingPredictions += 1 } else { counters.evictedPredictions += 1 }
            return nil
        }
        guard case .outcome(let label, let value, let outcomeTime) = queue[sequence].state else {
            counters.duplicatePredictions += 1
            return nil
        }
        markJoined(sequence)
        counters.waitingOutcomes -= 1
        counters.joined += 1
        return JoinedPair(
            model: key.model, id: prediction.id, modelVersion: prediction.modelVersion,
            prediction: prediction.prediction,
            predictionTime: prediction.eventTime, outcomeLabel: label, outcomeValue: value, outcomeTime: outcomeTime)
    }

    /// Adds an outcome, returning the pair if its prediction was waiting.
    ///
    /// - Parameters:
    ///   - outcome: The outcome.
    ///   - now: The stream's event time, in milliseconds since the epoch.
    /// - Returns: The joined pair, or `nil` when the outcome now waits or was a duplicate.
    public mutating func add(_ outcome: OutcomeEvent, now: Int64) -> JoinedPair? {
        advance(to: now)
        let key = PendingEntry.Key(model: outcome.model, id: outcome.id)
        guard let sequence = index[key] else {
            let entry = PendingEntry(
                key: key, arrival: self.now,
                state: .outcome(label: outcome.label, value: outcome.value, eventTime: outcome.eventTime))
            if insert(entry) { counters.waitingOutcomes += 1 } else { counters.evictedOutcomes += 1 }
            return nil
        }
        guard case .prediction(let modelVersion, let output, let predictionTime) = queue[sequence].state else {
            counters.duplicateOutcomes += 1
            return nil
        }
        markJoined(sequence)
        counters.waitingPredictions -= 1
        counters.joined += 1
        return JoinedPair(
            model: key.model, id: outcome.id, modelVersion: modelVersion, prediction: output,
            predictionTime: predictionTime, outcomeLabel: outcome.label, outcomeValue: outcome.value,
            outcomeTime: outcome.eventTime)
    }

    /// Moves the store's time to `now` and expires the entries that have waited ``ttl`` or longer.
    ///
    /// Adding an event does this too; call it when time passes without events (an idle partition).
    public mutating func advance(to now: Int64) {
        self.now = max(self.now, now)
        while let first = queue.first, self.now - first.arrival >= ttl {
            removeFirst(expired: true)
        }
    }

    /// Evicts the oldest entry (counted as evicted); returns false when the store is empty. For a cap shared by
    /// several stores.
    @discardableResult
    public mutating func evictOldest() -> Bool {
        guard queue.count > 0 else { return false }
        removeFirst(expired: false)
        return true
    }

    /// The entries written, changed or removed since the last call, for the durable state topic: tombstones for
    /// removed entries first, then every new or changed entry as it is now. Afterwards nothing is pending.
    mutating func takeChanges() -> (removed: [PendingEntry.Key], current: [PendingEntry]) {
        let removed = removedKeys
        var current = changedSequences.filter { $0 >= queue.firstSequence }.map { queue[$0] }
        let end = queue.firstSequence + queue.count
        for sequence in max(persistedEnd, queue.firstSequence)..<end {
            current.append(queue[sequence])
        }
        persistedEnd = end
        changedSequences.removeAll(keepingCapacity: true)
        removedKeys.removeAll(keepingCapacity: true)
        return (removed, current)
    }

    /// Creates a store holding restored entries, oldest first, with its time and counters; nothing is pending for
    /// ``takeChanges()``. Entries beyond `maxPending` (a smaller cap than when they were written) are evicted.
    init(ttl: Int64, maxPending: Int, now: Int64, counters: JoinCounters, entries: [PendingEntry]) {
        self.init(ttl: ttl, maxPending: maxPending)
        self.now = now
        self.counters = counters
        self.counters.waitingPredictions = 0
        self.counters.waitingOutcomes = 0
        let overflow = max(0, entries.count - maxPending)
        for entry in entries.prefix(overflow) {
            removedKeys.append(entry.key)
            if case .prediction = entry.state { self.counters.evictedPredictions += 1 }
            if case .outcome = entry.state { self.counters.evictedOutcomes += 1 }
        }
        for entry in entries.dropFirst(overflow) where index[entry.key] == nil {
            index[entry.key] = queue.append(entry, limit: maxPending)
            heldByModel[entry.key.model, default: 0] += 1
            switch entry.state {
            case .prediction: self.counters.waitingPredictions += 1
            case .outcome: self.counters.waitingOutcomes += 1
            case .joined: break
            }
        }
        persistedEnd = queue.firstSequence + queue.count
    }

    private mutating func markJoined(_ sequence: Int) {
        queue[sequence].state = .joined
        if sequence < persistedEnd { changedSequences.append(sequence) }
    }

    /// Queues an entry, evicting the oldest one first when the store is full; returns false, holding nothing, when
    /// the entry's model already holds its share.
    private mutating func insert(_ entry: PendingEntry) -> Bool {
        guard maxPendingPerModel >= maxPending || heldByModel[entry.key.model, default: 0] < maxPendingPerModel else {
            refusedOverModelShare += 1
            return false
        }
        if queue.count == maxPending {
            removeFirst(expired: false)
        }
        index[entry.key] = queue.append(entry, limit: maxPending)
        heldByModel[entry.key.model, default: 0] += 1
        return true
    }

    /// Drops the oldest entry, counting it as expired or evicted.
    private mutating func removeFirst(expired: Bool) {
        let sequence = queue.firstSequence
        let entry = queue.removeFirst()
        index[entry.key] = nil
        heldByModel[entry.key.model, default: 1] -= 1
        if sequence < persistedEnd { removedKeys.append(entry.key) }
        switch entry.state {
        case .prediction:
            counters.waitingPredictions -= 1
            if expired { counters.expiredPredictions += 1 } else { counters.evictedPredictions += 1 }
        case .outcome:
            counters.waitingOutcomes -= 1
            if expired { counters.expiredOutcomes += 1 } else { counters.evictedOutcomes += 1 }
        case .joined:
            break
        }
    }

    /// The approximate bytes one entry costs: its ring slot plus its index slot at the index's
    /// maximum load factor of 3/4, not counting strings too long to be stored inline.
    static var approximateBytesPerEntry: Int {
        MemoryLayout<PendingEntry>.stride
            + (MemoryLayout<PendingEntry.Key>.stride + MemoryLayout<Int>.stride) * 4 / 3
    }
}

extension PendingJoinStore: Equatable, Codable {
    private enum CodingKeys: String, CodingKey {
        case ttl
        case maxPending = "max_pending"
        case now
        case counters
        case entries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ttl = try container.decode(Int64.self, forKey: .ttl)
        maxPending = try container.decode(Int.self, forKey: .maxPending)
        maxPendingPerModel = maxPending
        now = try container.decode(Int64.self, forKey: .now)
        counters = try container.decode(JoinCounters.self, forKey: .counters)
        queue = try container.decode(PendingQueue.self, forKey: .entries)
        guard ttl > 0, maxPending > 0, queue.count <= maxPending else {
            throw DecodingError.dataCorruptedError(
                forKey: .entries, in: container,
                debugDescription: "a join store snapshot needs a positive ttl and max_pending and at most "
                    + "max_pending entries")
        }
        for sequence in queue.firstSequence..<queue.firstSequence + queue.count {
            index[queue[sequence].key] = sequence
            heldByModel[queue[sequence].key.model, default: 0] += 1
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ttl, forKey: .ttl)
        try container.encode(maxPending, forKey: .maxPending)
        try container.encode(now, forKey: .now)
        try container.encode(counters, forKey: .counters)
        try container.encode(queue, forKey: .entries)
    }

    /// Two stores are equal when they hold the same entries in the same order, with the same
    /// settings, time and counters.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.ttl == rhs.ttl && lhs.maxPending == rhs.maxPending && lhs.now == rhs.now
            && lhs.counters == rhs.counters && lhs.queue == rhs.queue
    }
}
