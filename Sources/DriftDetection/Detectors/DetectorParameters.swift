/// The resolved, typed parameters of one detector: every parameter of its catalog entry, given or default.
public struct DetectorParameters: Sendable, Equatable {
    private var values: [String: DetectorParameter.Value]
    private let detector: String

    init(detector: String, values: [String: DetectorParameter.Value]) {
        self.detector = detector
        self.values = values
    }

    /// The real-valued parameter `name`.
    func double(_ name: String) -> Double {
        guard case .double(let value) = values[name] else { mismatch(name, "a double") }
        return value
    }

    /// The whole-number parameter `name`.
    func integer(_ name: String) -> Int {
        guard case .integer(let value) = values[name] else { mismatch(name, "an integer") }
        return value
    }

    /// The yes/no parameter `name`.
    func boolean(_ name: String) -> Bool {
        guard case .boolean(let value) = values[name] else { mismatch(name, "a boolean") }
        return value
    }

    /// The word-valued parameter `name`.
    func word(_ name: String) -> String {
        guard case .word(let value) = values[name] else { mismatch(name, "a word") }
        return value
    }

    /// The optional whole-number parameter `name`.
    func optionalInteger(_ name: String) -> Int? {
        switch values[name] {
        case .integer(let value): value
        case .absent?: nil
        default: mismatch(name, "an optional integer")
        }
    }

    private func mismatch(_ name: String, _ expected: String) -> Never {
        preconditionFailure("catalog entry '\(detector)' reads parameter '\(name)' as \(expected)")
    }
}
