/// The names under which a `KafkaConsumer` counts offset resets, in the application's metric naming.
public struct KafkaConsumerMetricNames: Sendable, Hashable {
    /// The counter of offset resets: jumps over records lost before they were read.
    public var offsetResets: String
    /// The counter of the records those jumps skipped.
    public var skippedMessages: String

    /// Names the counters.
    public init(offsetResets: String, skippedMessages: String) {
        self.offsetResets = offsetResets
        self.skippedMessages = skippedMessages
    }
}
