import Foundation
import DriftwatchTestSupport
import Kafka
import Testing

/// librdkafka's mock cluster does not implement CreateTopics, so these tests cover what can fail before and
/// around the request; the dev broker's `topic` command creates topics for the other tests.
@Suite("Topic administration", .timeLimit(.minutes(1)))
struct KafkaAdminTests {
    @Test func invalidTopicIsRefusedBeforeAnyRequest() async throws {
        let admin = try KafkaAdmin(
            client: KafkaClientSettings(bootstrapServers: ["127.0.0.1:1"]), logger: TestClients.logger
        )
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([KafkaNewTopic(name: "bad", partitions: 0)], timeout: .seconds(1))
        }
        #expect(error?.message.contains("Topic 'bad' is invalid") == true)
    }

    @Test func unsupportedClusterGivesAClearError() async throws {
        let broker = try await DevBrokerProcess()
        let admin = try KafkaAdmin(client: TestClients.settings(broker), logger: TestClients.logger)
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics(
                [KafkaNewTopic(name: "compacted", partitions: 3, configs: ["cleanup.policy": "compact"])],
                timeout: .seconds(2)
            )
        }
        #expect(error?.message.contains("did not create compacted") == true)
        #expect(await broker.stop() == 0)
    }
}
