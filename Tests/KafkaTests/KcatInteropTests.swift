import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

/// Records written by kcat (an independent librdkafka client) read by driftwatch, and the other way round.
@Suite("kcat interoperability", .serialized, .timeLimit(.minutes(2)))
struct KcatInteropTests {
    @Test func kcatRecordsKeepKeysHeadersAndPayloads() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "from-kcat", partitions: 1)
        let input = "k1\tplain value\nk2\tvälue with ünïcode and \"quotes\"\nk3\t\n"
        let produced = try await ChildProcess.run(
            "kcat",
            [
                "-P", "-b", broker.bootstrapServers, "-t", topic, "-K", "\t", "-Z",
                "-H", "trace=abc-123", "-H", "source=kcat",
            ],
            input: input
        )
        #expect(produced.status == 0)

        let consumer = try TestClients.consumer(broker, group: "kcat-\(UUID())", topic: topic)
        let received = try await TestClients.consume(consumer, count: 3, timeout: .seconds(30))
        await consumer.close()

        try #require(received.count == 3)
        #expect(received.map { $0.key.map { String(decoding: $0, as: UTF8.self) } } == ["k1", "k2", "k3"])
        #expect(received[0].text == "plain value")
        #expect(received[1].text == "välue with ünïcode and \"quotes\"")
        #expect(received[2].value == nil, "kcat -Z sends an empty value as a tombstone")
        #expect(
            received[0].headers == [
                KafkaHeader(key: "trace", text: "abc-123"), KafkaHeader(key: "source", text: "kcat"),
            ])
        #expect(await broker.stop() == 0)
    }

    @Test func driftwatchRecordsReadByKcat() async throws {
        let broker = try await DevBrokerProcess()
        let topic = try await broker.createTopic(prefix: "to-kcat", partitions: 1)
        let producer = try TestClients.producer(broker)
        let messages = [
            KafkaProducerMessage(
                topic: topic, key: Array("fraud".utf8), value: Array(#"{"id":"1","score":0.93,"ü":"ö"}"#.utf8),
                headers: [KafkaHeader(key: "driftwatch.error", text: "bad json"), KafkaHeader(key: "n", text: "2")]
            ),
            KafkaProducerMessage(topic: topic, key: Array("churn".utf8), value: nil),
        ]
        try await TestClients.produce(messages, with: producer)
        await producer.close()

        let output = try await ChildProcess.run(
            "kcat", ["-C", "-b", broker.bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-J"]
        )
        #expect(output.status == 0)
        let records = try output.standardOutput.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        try #require(records.count == 2)
        #expect(records[0]["key"] as? String == "fraud")
        #expect(records[0]["payload"] as? String == #"{"id":"1","score":0.93,"ü":"ö"}"#)
        #expect(Self.headers(records[0]) == ["driftwatch.error", "bad json", "n", "2"])
        #expect(records[1]["key"] as? String == "churn")
        #expect(records[1]["payload"] is NSNull, "a nil value is a tombstone")
        #expect(await broker.stop() == 0)
    }

    /// kcat prints headers as a flat array of names and values.
    private static func headers(_ record: [String: Any]) -> [String] {
        (record["headers"] as? [Any])?.compactMap { $0 as? String } ?? []
    }
}
