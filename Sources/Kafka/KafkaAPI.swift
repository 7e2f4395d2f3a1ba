/// A Kafka protocol API, by its API key, for fault injection.
public enum KafkaAPI: Int16, Sendable, CaseIterable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case initProducerID = 22

    /// The API's name as the Kafka protocol spells it, e.g. `Produce`, `OffsetCommit`.
    public var protocolName: String {
        switch self {
        case .produce: "Produce"
        case .fetch: "Fetch"
        case .listOffsets: "ListOffsets"
        case .metadata: "Metadata"
        case .offsetCommit: "OffsetCommit"
        case .offsetFetch: "OffsetFetch"
        case .findCoordinator: "FindCoordinator"
        case .joinGroup: "JoinGroup"
        case .heartbeat: "Heartbeat"
        case .leaveGroup: "LeaveGroup"
        case .syncGroup: "SyncGroup"
        case .initProducerID: "InitProducerId"
        }
    }

    /// The API with the given protocol name, ignoring case.
    public init?(protocolName: String) {
        guard let api = Self.allCases.first(where: { $0.protocolName.lowercased() == protocolName.lowercased() })
        else { return nil }
        self = api
    }
}
