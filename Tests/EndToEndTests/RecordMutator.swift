import DriftDetection
import DriftwatchDemo
import DriftwatchService
import Foundation
import Kafka

/// Turns valid prediction and outcome records into what a broken or hostile producer writes: flipped, cut and
/// inserted bytes, invalid UTF-8, wrong types, huge numbers and strings, deep nesting, thousands of features, clocks
/// off by centuries, unknown models, a new model version per record, empty and oversized records. Seeded, so that a
/// failure can be replayed.
struct RecordMutator {
    private var random: SplitMix64
    /// The size of the oversized records it writes (over `limits.max_message_bytes` of the test's configuration).
    let oversizedBytes: Int

    init(seed: UInt64, oversizedBytes: Int) {
        random = SplitMix64(seed: seed)
        self.oversizedBytes = oversizedBytes
    }

    /// One mutated copy of `record` on the same topic, keyed at random so that mutants spread over every partition.
    mutating func mutate(_ record: TrafficGenerator.Record, topic: String, index: Int) -> KafkaProducerMessage {
        let value: [UInt8]? = mutatedValue(record.value, index: index)
        return KafkaProducerMessage(
            topic: topic, key: Array("mutant-\(index)".utf8), value: value,
            timestampMilliseconds: record.eventTime)
    }

    private mutating func mutatedValue(_ original: [UInt8], index: Int) -> [UInt8]? {
        var bytes = original
        let text = String(decoding: original, as: UTF8.self)
        // Large mutants are rare, so that what a test reads back fits the dev broker's 5 MiB per partition.
        let kind =
            index % 500 == 0
            ? 13
            : index % 100 == 1
                ? 6
                : [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15][
                    Int.random(in: 0..<14, using: &random)]
        switch kind {
        case 0:
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 1:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        case 2:
            let insertion = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                [0x00, 0x0A, 0x22, 0x5C, 0x7B, 0x80, 0xC3, 0xED, 0xF8, 0xFF][Int.random(in: 0..<10, using: &random)]
            }.map(UInt8.init)
            bytes.insert(contentsOf: insertion, at: Int.random(in: 0...bytes.count, using: &random))
        case 3:
            let huge = ["1e308", "-1e308", "1e999", "-0", "1e-400", "123456789012345678901234567890", "NaN", "-"]
            bytes = Array(
                text.replacingOccurrences(
                    of: #"(?<=[:,\[]) ?-?[0-9][0-9.eE+-]*"#, with: huge[Int.random(in: 0..<huge.count, using: &random)],
                    options: .regularExpression
                ).utf8)
        case 4:
            let long = String(repeating: "é", count: Int.random(in: 100...1_000, using: &random))
            bytes = Array(text.replacingOccurrences(of: #""id":""#, with: #""id":"\#(long)"#).utf8)
        case 5:
            let depth = Int.random(in: 100...1_000, using: &random)
            bytes = Array(
                (#"{"nested":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                    + "," + text.dropFirst()).utf8)
        case 6:
            let names = (0..<Int.random(in: 900...3_000, using: &random)).map { #""x\#($0)":\#($0)"# }
            bytes = Array(
                text.replacingOccurrences(of: #""features":{"#, with: #""features":{\#(names.joined(separator: ",")),"#)
                    .utf8)
        case 7:
            let times = [
                "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "2999-01-01T00:00:00Z", "yesterday", "",
                "2026-13-45T99:99:99Z",
            ]
            bytes = Array(
                text.replacingOccurrences(
                    of: #""ts":"[^"]*""#, with: #""ts":"\#(times[Int.random(in: 0..<times.count, using: &random)])""#,
                    options: .regularExpression
                ).utf8)
        case 8:
            let fields = [#""features":"x""#, #""prediction":[]"#, #""label":{"a":1}"#, #""id":7"#, #""model":null"#]
            bytes = Array(
                ("{" + fields[Int.random(in: 0..<fields.count, using: &random)] + "," + text.dropFirst()).utf8)
        case 9:
            bytes = Array(text.replacingOccurrences(of: #""model":""#, with: #""model":"unknown-"#).utf8)
        case 10:
            // A valid prediction of a model version seen once: versions beyond the limit are evicted.
            bytes = Array(
                text.replacingOccurrences(
                    of: #""model_version":"[^"]*""#, with: #""model_version":"v\#(index)""#, options: .regularExpression
                ).utf8)
        case 11:
            return [[], Array("null".utf8), Array("[]".utf8), Array("{}".utf8), Array("\"{}\"".utf8)][
                Int.random(in: 0..<5, using: &random)]
        case 12:
            return nil
        case 13:
            // Over the configured max_message_bytes, under the producer's message.max.bytes.
            bytes =
                Array(#"{"pad":""#.utf8) + [UInt8](repeating: UInt8(ascii: "p"), count: oversizedBytes)
                + Array(#"","#.utf8)
                + bytes.dropFirst()
        case 14:
            bytes = Array(text.replacingOccurrences(of: #""id":"#, with: #""id":"dup","id":"#).utf8)
        default:
            let garbage = (0..<Int.random(in: 1...300, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            bytes = garbage
        }
        return bytes
    }
}
