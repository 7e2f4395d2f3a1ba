import Kafka
import Testing

@Suite("Kafka client configuration")
struct KafkaConfigurationTests {
    @Test func unknownPropertyIsNamedInTheError() throws {
        var settings = KafkaClientSettings(bootstrapServers: ["localhost:9092"])
        settings.properties = ["foo.bar": "1"]
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: TestClients.logger)
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("'foo.bar'") == true)
        #expect(error?.message.contains("No such configuration property") == true)
    }

    @Test func invalidValueIsNamedInTheError() throws {
        var settings = KafkaClientSettings(bootstrapServers: ["localhost:9092"])
        settings.properties = ["linger.ms": "soon"]
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: TestClients.logger)
        }
        #expect(error?.message.contains("'linger.ms'") == true)
    }

    @Test(arguments: [[], [""], ["  "]])
    func missingBrokersAreRefused(brokers: [String]) throws {
        let configuration = KafkaConsumerConfiguration(
            client: KafkaClientSettings(bootstrapServers: brokers), groupID: "g"
        )
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer(configuration: configuration, logger: TestClients.logger)
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("bootstrap.servers") == true)
    }

    @Test func managedPropertiesCannotBeOverridden() throws {
        var settings = KafkaClientSettings(bootstrapServers: ["localhost:9092"])
        settings.properties = ["enable.auto.commit": "true"]
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer(
                configuration: KafkaConsumerConfiguration(client: settings, groupID: "g"), logger: TestClients.logger
            )
        }
        #expect(error?.message.contains("'enable.auto.commit'") == true)
    }

    @Test func passThroughPropertiesOverrideTypedSettings() throws {
        var settings = KafkaClientSettings(bootstrapServers: ["localhost:9092"])
        settings.properties = ["linger.ms": "50", "compression.type": "lz4", "acks": "all"]
        _ = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: TestClients.logger)
    }

    /// `acks` below `all` or a non-idempotent producer would acknowledge outputs the broker can still lose, and
    /// then commit the inputs that caused them.
    @Test(arguments: [["acks": "1"], ["acks": "0"], ["enable.idempotence": "false"]])
    func producerDeliveryGuaranteesCannotBeWeakened(_ properties: [String: String]) throws {
        var settings = KafkaClientSettings(bootstrapServers: ["localhost:9092"])
        settings.properties = properties
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: TestClients.logger)
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("'\(properties.keys.first!)'") == true)
    }

    /// A co-partitioned consumer keeps partition P of every topic on one member only with the range assignor.
    @Test func coPartitionedConsumerKeepsTheRangeAssignor() throws {
        var settings = KafkaClientSettings(bootstrapServers: ["localhost:9092"])
        settings.properties = ["partition.assignment.strategy": "cooperative-sticky"]
        var configuration = KafkaConsumerConfiguration(client: settings, groupID: "g")
        _ = try KafkaConsumer(configuration: configuration, logger: TestClients.logger)
        configuration.coPartitioned = true
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer(configuration: configuration, logger: TestClients.logger)
        }
        #expect(error?.message.contains("'partition.assignment.strategy'") == true)
    }
}
