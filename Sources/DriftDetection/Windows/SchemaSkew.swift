/// Schema-skew counters of one model's events in one window: features of the reference absent
/// from events, features the reference does not know, and values whose JSON kind differs from
/// the reference's.
public struct SchemaSkew: Codable, Equatable, Sendable {
    /// The default cap on distinct unexpected feature names counted by name.
    public static let defaultMaximumUnexpectedFeatures = 100

    /// The reference's feature names, in the order of the per-feature counters.
    public let expectedFeatures: [String]
    /// The JSON kind the reference saw for each expected feature (`nil`: only nulls).
    public let expectedKinds: [ValueKind?]
    /// The cap on distinct unexpected names.
    public let maximumUnexpectedFeatures: Int
    /// Events recorded.
    public private(set) var events = 0
    /// Per expected feature: events it was absent from.
    public private(set) var absent: [Int]
    /// Per expected feature: non-null values whose kind differed from the reference's.
    public private(set) var typeChanges: [Int]
    /// Count of events per unexpected feature name, for the first names up to the cap.
    public private(set) var unexpected: [String: Int] = [:]
    /// Unexpected features beyond the cap on names.
    public private(set) var unexpectedOverflow = 0
    private let indexByName: [String: Int]

    /// Creates empty counters.
    ///
    /// - Parameters:
    ///   - expectedFeatures: The reference's feature names.
    ///   - expectedKinds: The reference's kind for each name.
    ///   - maximumUnexpectedFeatures: The cap on distinct unexpected names.
    public init(
        expectedFeatures: [String],
        expectedKinds: [ValueKind?],
        maximumUnexpectedFeatures: Int = defaultMaximumUnexpectedFeatures
    ) {
        precondition(expectedFeatures.count == expectedKinds.count, "one kind per feature")
        self.expectedFeatures = expectedFeatures
        self.expectedKinds = expectedKinds
        self.maximumUnexpectedFeatures = maximumUnexpectedFeatures
        self.absent = [Int](repeating: 0, count: expectedFeatures.count)
        self.typeChanges = [Int](repeating: 0, count: expectedFeatures.count)
        self.indexByName = Dictionary(uniqueKeysWithValues: expectedFeatures.enumerated().map { ($1, $0) })
    }

    /// The position of `name` among the expected features.
    public func index(of name: String) -> Int? {
        indexByName[name]
    }

    /// Records one event's features.
    public mutating func record(_ features: [String: FeatureValue]) {
        let (values, unexpected) = layOut(features)
        record(ordered: values, unexpected: unexpected)
    }

    /// Records one event's features laid out in the order of ``expectedFeatures``.
    ///
    /// - Parameters:
    ///   - values: One entry per expected feature: its value, `nil` when the event does not have it.
    ///   - unexpected: The names of the event's other features, each once.
    public mutating func record(ordered values: [FeatureValue?], unexpected: [String]) {
        precondition(values.count == expectedFeatures.count, "one entry per expected feature")
        events += 1
        for index in values.indices {
            guard let value = values[index] else {
                absent[index] += 1
                continue
            }
            if let kind = value.kind, let expected = expectedKinds[index], kind != expected {
                typeChanges[index] += 1
            }
        }
        for name in unexpected {
            if let position = self.unexpected.index(forKey: name) {
                self.unexpected.values[position] += 1
            } else if self.unexpected.count < maximumUnexpectedFeatures {
                self.unexpected[name] = 1
            } else {
                unexpectedOverflow += 1
            }
        }
    }

    /// An event's features in the order of ``expectedFeatures`` (`nil` where absent), and the names of its other
    /// features.
    public func layOut(_ features: [String: FeatureValue]) -> (values: [FeatureValue?], unexpected: [String]) {
        let values = expectedFeatures.map { features[$0] }
        let present = values.reduce(0) { $1 == nil ? $0 : $0 + 1 }
        return (values, present < features.count ? features.keys.filter { indexByName[$0] == nil } : [])
    }

    /// Adds another window's counters to these.
    ///
    /// - Throws: ``DriftDetectionError`` when the two expect different features.
    public mutating func merge(_ other: SchemaSkew) throws {
        guard expectedFeatures == other.expectedFeatures, expectedKinds == other.expectedKinds else {
            throw DriftDetectionError(.incompatibleState, "schema counters of different references cannot be merged")
        }
        events += other.events
        for index in absent.indices {
            absent[index] += other.absent[index]
            typeChanges[index] += other.typeChanges[index]
        }
        unexpectedOverflow += other.unexpectedOverflow
        for (name, count) in other.unexpected {
            if unexpected[name] != nil || unexpected.count < maximumUnexpectedFeatures {
                unexpected[name, default: 0] += count
            } else {
                unexpectedOverflow += count
            }
        }
    }
}
