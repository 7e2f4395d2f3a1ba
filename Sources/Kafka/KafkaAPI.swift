import CRdKafka

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

/// A Kafka or librdkafka error code (`rd_kafka_resp_err_t`), e.g. `NOT_LEADER_FOR_PARTITION`.
public struct KafkaErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// librdkafka's numeric code.
    public let rawValue: Int32

    /// The code with librdkafka's numeric value.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The code with the given name as librdkafka lists it (`rd_kafka_get_err_descs`), e.g.
    /// `NOT_LEADER_FOR_PARTITION` or `REQUEST_TIMED_OUT`; ignoring case.
    public init?(name: String) {
        var descriptions: UnsafePointer<rd_kafka_err_desc>?
        var count = 0
        rd_kafka_get_err_descs(&descriptions, &count)
        guard let descriptions else { return nil }
        for index in 0..<count {
            guard let entryName = descriptions[index].name else { continue }
            if String(cString: entryName).caseInsensitiveCompare(name) {
                self.init(rawValue: descriptions[index].code.rawValue)
                return
            }
        }
        return nil
    }

    public static let notLeaderForPartition = KafkaErrorCode(
        rawValue: RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue)
    public static let requestTimedOut = KafkaErrorCode(rawValue: RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue)
    public static let coordinatorNotAvailable = KafkaErrorCode(
        rawValue: RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE.rawValue)
    public static let notCoordinator = KafkaErrorCode(rawValue: RD_KAFKA_RESP_ERR_NOT_COORDINATOR.rawValue)
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue)

    public var description: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: rawValue))) }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
