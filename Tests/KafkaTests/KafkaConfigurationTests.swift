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
        settings.properties = ["enable.idempotence": "false", "compression.type": "lz4"]
        _ = try KafkaProducer(configuration: KafkaProducerConfiguration(client: settings), logger: TestClients.logger)
    }
}
