/// A partition's model versions: their states by key, and the keys of each model's versions, so that a new version
/// finds its model's others without a scan of the whole partition (which may hold hundreds of thousands).
///
/// States are read and changed where the table stores them, by position (see ``subscript(_:)``).
struct VersionTable: Sendable, Sequence {
    typealias Index = [VersionKey: VersionState].Index

    private var states: [VersionKey: VersionState] = [:]
    private var keysByModel: [String: Set<VersionKey>] = [:]

    /// The number of versions held.
    var count: Int { states.count }
    var isEmpty: Bool { states.isEmpty }
    /// The keys of every version held.
    var keys: [VersionKey: VersionState].Keys { states.keys }
    /// The states of every version held.
    var values: [VersionKey: VersionState].Values { states.values }

    /// The state of the version with `key`, for reading.
    subscript(key: VersionKey) -> VersionState? { states[key] }

    /// The positions of every version, valid until the next insertion or removal.
    var indices: [VersionKey: VersionState].Indices { states.indices }

    /// The position of the version with `key`, if the table holds it.
    func index(forKey key: VersionKey) -> Index? { states.index(forKey: key) }

    /// The key of the version at `position`.
    func key(at position: Index) -> VersionKey { states.keys[position] }

    /// The state at `position`, read and changed in place: a `get` would copy the whole state (a retain per window)
    /// on every read, and a change through it would copy every window.
    subscript(position: Index) -> VersionState {
        _read { yield states.values[position] }
        _modify { yield &states.values[position] }
    }

    /// The keys of `model`'s versions.
    func keys(of model: String) -> Set<VersionKey> { keysByModel[model] ?? [] }

    /// Stores `state` under `key`, replacing what was there, and returns its position.
    @discardableResult
    mutating func insert(_ state: VersionState, for key: VersionKey) -> Index {
        states[key] = state
        keysByModel[key.model, default: []].insert(key)
        return states.index(forKey: key)!
    }

    /// Removes the version with `key` and returns its state, if the table held it.
    @discardableResult
    mutating func remove(_ key: VersionKey) -> VersionState? {
        guard let state = states.removeValue(forKey: key) else { return nil }
        keysByModel[key.model]?.remove(key)
        if keysByModel[key.model]?.isEmpty == true { keysByModel[key.model] = nil }
        return state
    }

    func makeIterator() -> [VersionKey: VersionState].Iterator { states.makeIterator() }
}
