/// Configuration of a `KafkaConsumer`.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where to start when a partition has no committed offset, or its committed offset is gone.
    public enum OffsetReset: String, Sendable {
        /// The oldest message the broker still has.
        case earliest
        /// Only messages produced from now on.
        case latest
    }

    /// Brokers, client id, statistics and pass-through properties.
    public var client: KafkaClientSettings
    /// The consumer group (`group.id`).
    public var groupID: String
    /// Where to start without a usable committed offset. Default `.earliest`.
    ///
    /// A committed offset the broker no longer has (data deleted by retention before it was read) is reported
    /// as a `KafkaConsumerEvent.offsetReset` before consumption resumes here: data loss is never silent.
    public var offsetReset: OffsetReset = .earliest
    /// How long the group waits for a silent member before rebalancing (`session.timeout.ms`). Default 45 s.
    public var sessionTimeout: Duration = .seconds(45)
    /// How long between polls before the member is considered stuck (`max.poll.interval.ms`). Default 5 min.
    public var maxPollInterval: Duration = .seconds(300)

    /// Creates a configuration for one group member.
    /// Whether newly assigned partitions wait for ``KafkaConsumer/completeAssignment(startingAt:)``: the
    /// application restores what it needs and chooses where each partition starts before any of its records are
    /// fetched. Default `false`: partitions start at once, at their committed offsets.
    public var defersAssignment = false
    /// Whether partition `P` of every subscribed topic must go to the same member, as for topics keyed alike whose
    /// partitions belong together (`partition.assignment.strategy=range`, which `client.properties` then may not
    /// change). Default `false`: librdkafka's default assignors, or whatever `client.properties` sets.
    public var coPartitioned = false

    public init(client: KafkaClientSettings, groupID: String) {
        self.client = client
        self.groupID = groupID
    }

    /// Every property given to librdkafka: offsets are stored and committed only by the caller, and offset
    /// resets are handled by the consumer so that each one is reported.
    func rdKafkaProperties() throws(KafkaError) -> [(key: String, value: String)] {
        guard !groupID.isEmpty else {
            throw KafkaError(code: .configuration, message: "The consumer group id (group.id) is empty: set one.")
        }
        return try client.rdKafkaProperties(
            typed: [
                ("group.id", groupID),
                ("session.timeout.ms", String(sessionTimeout.milliseconds)),
                ("max.poll.interval.ms", String(maxPollInterval.milliseconds)),
            ],
            managed: [
                ("enable.auto.commit", "false"),
                ("enable.auto.offset.store", "false"),
                ("auto.offset.reset", "error"),
            ] + (coPartitioned ? [("partition.assignment.strategy", "range")] : [])
        )
    }
}
