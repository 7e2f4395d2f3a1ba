import Synchronization

/// A value behind a `Mutex`, in a class so that it can be shared by reference.
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// A copy of the current value.
    var value: Value { mutex.withLock { $0 } }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> sending Result {
        try mutex.withLock(body)
    }
}
