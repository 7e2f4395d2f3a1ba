import DriftwatchDemo
import DriftwatchService
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

extension EndToEnd {
    /// Input a hostile or sloppy producer writes, through `driftwatch run` over a dev broker.
    @Suite("Hostile input", .serialized, .timeLimit(.minutes(4)))
    struct HostileInputEndToEndTests {
        /// A dead letter larger than the producer's `message.max.bytes` (the record plus its reason) is written
        /// without the original's bytes instead of stopping the pipeline, which would read it again at every
        /// restart: a crash loop.
        @Test func oversizedDeadLettersLoseTheirBytesNotThePipeline() async throws {
            let harness = try await ProcessorHarness(
                scenario: DemoScenario(eventsPerModel: 2_000), kafkaProperties: ["message.max.bytes": "100000"])
            defer { harness.removeFiles() }
            let processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile)
            // Each fits the limit on its own; with the original headers and driftwatch's own it does not.
            let padding = [UInt8](repeating: UInt8(ascii: "x"), count: 60_000)
            let oversized = (0..<3).map { index in
                KafkaProducerMessage(
                    topic: harness.topics.predictions, partition: Int32(index), key: Array("fraud".utf8),
                    value: Array(#"{"id": "big-\#(index)", "model": "fraud", "pad": ""#.utf8) + padding,
                    headers: [KafkaHeader(key: "trace", value: padding)])
            }
            let ends = try await harness.produce(messages: oversized)
            #expect(
                try await harness.waitForLagZero(ends, timeout: .seconds(60)),
                "the input was not committed; log:\n\(harness.log.suffix(2_000))")
            let deadLetters = try await harness.read(harness.topics.deadLetters)
            #expect(deadLetters.count == 3)
            for letter in deadLetters {
                let headers = Dictionary(
                    letter.headers.map { ($0.key, String(decoding: $0.value ?? [], as: UTF8.self)) }
                ) { first, _ in first }
                #expect(letter.value == nil)
                #expect(headers["driftwatch.dropped"]?.hasSuffix("bytes of value, key and headers") == true)
                #expect(headers["driftwatch.source"]?.hasPrefix(harness.topics.predictions + "/") == true)
                #expect(headers["driftwatch.error"]?.isEmpty == false)
            }
            #expect(await processor.stop() == 0, "log:\n\(harness.log.suffix(2_000))")
            #expect(await harness.broker.stop() == 0)
        }
    }
}
