import InMemoryLogging
import Kafka
import Logging
import Testing

/// A broker that cannot be reached is an ordinary event: reported once per failure, as a warning, so that an
/// error-level line keeps meaning that something is really wrong.
@Suite("Connection failures in the log", .timeLimit(.minutes(1)))
struct ConnectionLogTests {
    @Test func anUnreachableBrokerIsOneWarningPerFailure() async throws {
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "driftwatch.tests.connection") { _ in logs }
        logger.logLevel = .info
        // Port 1 on the loopback interface refuses connections at once.
        var settings = KafkaClientSettings(bootstrapServers: ["127.0.0.1:1"])
        settings.properties["reconnect.backoff.ms"] = "100"
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: settings, groupID: "unreachable"), logger: logger)
        try consumer.subscribe(topics: ["anything"])
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline {
            _ = try await consumer.poll()
        }
        await consumer.close()

        let failures = logs.entries.filter { $0.message.description.contains("Connect to") }
        #expect(!failures.isEmpty, "librdkafka reported no connection failure: \(logs.entries.map(\.message))")
        #expect(logs.entries.allSatisfy { $0.level < .error }, "\(logs.entries.filter { $0.level >= .error })")
        // librdkafka reports each failure twice, as a log line and as an error event; only one is logged.
        let texts = failures.map { $0.message.description }
        let reported = texts.filter { $0.hasPrefix("Kafka client error:") }
        #expect(reported.isEmpty, "logged again as a client error: \(reported.prefix(2))")
    }
}
