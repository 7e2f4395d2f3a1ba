import CRdKafka

extension KafkaErrorCode {
    /// The code of a librdkafka response.
    init(_ error: rd_kafka_resp_err_t) {
        self.init(rawValue: error.rawValue)
    }

    /// The code as librdkafka's C API takes it.
    var rdKafkaError: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

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

    /// The partition's leader is another broker (`NOT_LEADER_FOR_PARTITION`).
    public static let notLeaderForPartition = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
    /// The broker did not answer in time (`REQUEST_TIMED_OUT`).
    public static let requestTimedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
    /// The group coordinator is not available (`COORDINATOR_NOT_AVAILABLE`).
    public static let coordinatorNotAvailable = KafkaErrorCode(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
    /// The broker is not the group's coordinator (`NOT_COORDINATOR`).
    public static let notCoordinator = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
    /// Too few in-sync replicas to accept a write (`NOT_ENOUGH_REPLICAS`).
    public static let notEnoughReplicas = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)

    /// Success (`RD_KAFKA_RESP_ERR_NO_ERROR`).
    static let noError = KafkaErrorCode(RD_KAFKA_RESP_ERR_NO_ERROR)
    /// A fetch reached the end of a partition.
    static let partitionEOF = KafkaErrorCode(RD_KAFKA_RESP_ERR__PARTITION_EOF)
    /// The offset to fetch is not on the broker (`auto.offset.reset=error`).
    static let autoOffsetReset = KafkaErrorCode(RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET)
    /// A rebalance assigns partitions.
    static let assignPartitions = KafkaErrorCode(RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
    /// A rebalance revokes partitions.
    static let revokePartitions = KafkaErrorCode(RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
    /// A commit found no stored offsets to commit.
    static let noOffset = KafkaErrorCode(RD_KAFKA_RESP_ERR__NO_OFFSET)
    /// The producer's local queue is full.
    static let queueFull = KafkaErrorCode(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    /// A broker connection failed.
    static let transport = KafkaErrorCode(RD_KAFKA_RESP_ERR__TRANSPORT)
    /// A broker's address could not be resolved.
    static let resolve = KafkaErrorCode(RD_KAFKA_RESP_ERR__RESOLVE)
    /// CreateTopics found the topic already there.
    static let topicAlreadyExists = KafkaErrorCode(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
    /// A record is larger than the broker or the producer allows.
    static let messageSizeTooLarge = KafkaErrorCode(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
    /// A batch of records is larger than the broker allows.
    static let recordListTooLarge = KafkaErrorCode(RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE)

    public var description: String { String(cString: rd_kafka_err2name(rdKafkaError)) }

    /// librdkafka's description of the code (`rd_kafka_err2str`).
    var reason: String { String(cString: rd_kafka_err2str(rdKafkaError)) }

    /// Whether librdkafka treats the error as passing (the client retries or recovers by itself).
    var isTransient: Bool {
        switch rdKafkaError {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR__RETRY, RD_KAFKA_RESP_ERR__WAIT_COORD:
            true
        default:
            false
        }
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
