import DriftDetection
import Foundation
import Testing

@testable import DriftEngine

/// The binary form of model versions' state: what `StateEncoder` writes, `StateDecoder` reads back unchanged, and
/// bytes it did not write are refused with an error rather than a crash.
@Suite("Binary state coder")
struct StateCoderTests {
    enum Slot: Codable, Equatable {
        case numeric(Int)
        case categorical(index: Int, name: String)
        case none
    }

    struct Sample: Codable, Equatable {
        var bins: [Double]
        var counts: [Int]
        var nested: [[Double]]
        var byName: [String: Int]
        var offsets: [Int32: Int64]
        var slots: [Slot]
        var optional: Double?
        var absent: String?
        var small: Int8
        var large: UInt64
        var flag: Bool
        var ratio: Float
    }

    static let sample = Sample(
        bins: [-.infinity, 0.5, 1e-300, .greatestFiniteMagnitude, .infinity], counts: [0, -3, .max, .min],
        nested: [[], [1, 2]], byName: ["KR": 3, "US": 0], offsets: [0: 17, 3: -1],
        slots: [.numeric(2), .categorical(index: 1, name: "country"), .none], optional: 2.5, absent: nil, small: -128,
        large: .max, flag: true, ratio: 0.25)

    @Test func valuesRoundTripUnchanged() throws {
        let bytes = try StateEncoder().encode(Self.sample)
        #expect(bytes.starts(with: StateEncoder.magic))
        #expect(try StateDecoder(bytes).decode(Sample.self) == Self.sample)
    }

    @Test func notANumberSurvives() throws {
        let bytes = try StateEncoder().encode([Double.nan, 1])
        let decoded = try StateDecoder(bytes).decode([Double].self)
        #expect(decoded.count == 2 && decoded[0].isNaN && decoded[1] == 1)
    }

    @Test func bytesItDidNotWriteAreRefused() throws {
        let bytes = try StateEncoder().encode(Self.sample)
        #expect(throws: StateDecoder.Malformed.self) { try StateDecoder(Array(bytes.dropLast(3))) }
        #expect(throws: StateDecoder.Malformed.self) { try StateDecoder(Array("{\"a\":1}".utf8)) }
        #expect(throws: StateDecoder.Malformed.self) { try StateDecoder(StateEncoder.magic + [99]) }
        // An array that claims more elements than the bytes hold.
        let huge =
            StateEncoder.magic + [StateValueTag.doubles.rawValue]
            + withUnsafeBytes(of: Int64.max.littleEndian, Array.init)
        #expect(throws: StateDecoder.Malformed.self) { try StateDecoder(huge) }
        #expect(throws: StateDecoder.Malformed.self) { try StateDecoder(bytes + [0]) }
    }

    @Test func aMismatchedTypeIsADecodingError() throws {
        let bytes = try StateEncoder().encode(["a": "text"])
        #expect(throws: DecodingError.self) { try StateDecoder(bytes).decode([String: Int].self) }
        #expect(throws: DecodingError.self) { try StateDecoder(try StateEncoder().encode(300)).decode(Int8.self) }
    }
}

/// Model versions written by the previous release (JSON, `format_version` 1) restore after an upgrade.
@Suite("State written as JSON")
struct JSONStateUpgradeTests {
    @Test func aVersionWrittenAsJSONRestores() throws {
        var engine = MonitoringEngine.fraudTestEngine(warmup: 500, window: 200)
        var events = EngineTestEvents(seed: 3)
        _ = engine.feed(900, from: &events)
        let written = engine.checkpoint(partition: 0)
        let checkpoint = try #require(written)
        let records = checkpoint.latestRecords
        let key = VersionKey(model: "fraud", version: "1")
        let binary = try #require(records[key.stateKey])
        var snapshot = try engine.versionSnapshot(binary, model: "fraud")
        snapshot.header.formatVersion = 1
        var json = records
        json[key.stateKey] = Array(try MonitoringEngine.snapshotEncoder.encode(snapshot))
        #expect(json[key.stateKey]?.first == UInt8(ascii: "{"))

        var fromBinary = MonitoringEngine.fraudTestEngine(warmup: 500, window: 200)
        var fromJSON = MonitoringEngine.fraudTestEngine(warmup: 500, window: 200)
        #expect(fromBinary.restore(partition: 0, records: records, positions: checkpoint.positions).isEmpty)
        #expect(fromJSON.restore(partition: 0, records: json, positions: checkpoint.positions).isEmpty)
        // Both continue alike: the same alerts for the same further events, drifted ones among them.
        var more = events
        let alertsFromBinary = fromBinary.feed(1_000, from: &events, amountShift: 60)
        let alertsFromJSON = fromJSON.feed(1_000, from: &more, amountShift: 60)
        #expect(!alertsFromBinary.isEmpty)
        #expect(alertsFromBinary.map(\.id) == alertsFromJSON.map(\.id))
    }
}
