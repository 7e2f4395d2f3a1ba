import DriftDetection
import Foundation
import Testing

/// A detector encoded mid-stream and decoded must continue exactly as if it had never stopped.
@Suite("Detector snapshots restore bit-identically")
struct DetectorSnapshotTests {
    /// Parameter sets that drift often on the fixture streams, so snapshots land next to drifts.
    private static let sensitiveParameters: [String: [String: String]] = [
        "adwin": ["delta": "0.1", "clock": "1"],
        "page_hinkley": ["threshold": "10"],
        "kswin": ["alpha": "0.01", "seed": "7"],
        "cusum": ["lambda_": "10"],
        "geometric_moving_average": ["lambda_": "0.3", "alpha": "0.95"],
        "rddm": ["max_concept_size": "1500", "min_concept_size": "400", "min_num_instances": "50"],
        "fhddm": ["sliding_window_size": "50", "short_window_size": "20", "confidence_level": "0.001"],
        "hddm_a": ["two_sided_test": "true"],
        "hddm_w": ["two_sided_test": "true"],
    ]

    @Test("encode, decode and continue gives the uninterrupted signals", arguments: DetectorCatalog.names)
    func snapshotContinues(detector name: String) throws {
        let input = try DetectorCatalog.descriptor(named: name).input
        let values = try #require(DetectorFixtures.streams[input == .binary ? "binary/sudden-1" : "numeric/sudden-1"])
        for parameters in [[:], Self.sensitiveParameters[name] ?? [:]] {
            var uninterrupted = try DetectorCatalog.makeDetector(named: name, parameters: parameters)
            let expected = SignalRecord.run(&uninterrupted, over: values)
            #expect(!expected.drifts.isEmpty || parameters.isEmpty, "\(name) \(parameters) should drift on the stream")

            // Split before and right after drifts, early, and in the middle.
            let around = expected.drifts.prefix(3).flatMap { [$0, $0 + 1, $0 + 2] }
            for split in Set([1, 57, values.count / 2] + around).sorted() where split < values.count {
                var detector = try DetectorCatalog.makeDetector(named: name, parameters: parameters)
                var record = SignalRecord()
                for index in 0..<split {
                    record.record(detector.update(values[index]), at: index)
                }
                let snapshot = try JSONEncoder().encode(detector)
                var restored = try JSONDecoder().decode(AnyDetector.self, from: snapshot)
                #expect(restored == detector, "\(name) decodes to a different state at \(split)")
                #expect(try Self.canonical(restored) == Self.canonical(detector))
                for index in split..<values.count {
                    record.record(restored.update(values[index]), at: index)
                }
                #expect(record == expected, "\(name) \(parameters) diverges after a snapshot at update \(split)")
            }
        }
    }

    private static func canonical(_ detector: AnyDetector) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(detector)
    }

    @Test("reset forgets the stream but keeps the parameters", arguments: DetectorCatalog.names)
    func resetStartsAfresh(detector name: String) throws {
        let input = try DetectorCatalog.descriptor(named: name).input
        let values = try #require(DetectorFixtures.streams[input == .binary ? "binary/gradual-2" : "numeric/gradual-2"])
        let parameters = Self.sensitiveParameters[name] ?? [:]
        var fresh = try DetectorCatalog.makeDetector(named: name, parameters: parameters)
        let expected = SignalRecord.run(&fresh, over: values)

        var used = try DetectorCatalog.makeDetector(named: name, parameters: parameters)
        _ = SignalRecord.run(&used, over: values.prefix(777))
        used.reset()
        #expect(SignalRecord.run(&used, over: values) == expected)
    }

    @Test("copies of a detector are independent", arguments: DetectorCatalog.names)
    func copiesAreValues(detector name: String) throws {
        let input = try DetectorCatalog.descriptor(named: name).input
        let values = try #require(DetectorFixtures.streams[input == .binary ? "binary/sudden-2" : "numeric/sudden-2"])
        var original = try DetectorCatalog.makeDetector(named: name, parameters: Self.sensitiveParameters[name] ?? [:])
        _ = SignalRecord.run(&original, over: values.prefix(1500))
        let frozen = original
        var copy = original
        let copyRecord = SignalRecord.run(&copy, over: values.dropFirst(1500))
        #expect(original == frozen, "updating a copy changed the original")
        #expect(copy != original)
        #expect(SignalRecord.run(&original, over: values.dropFirst(1500)) == copyRecord)
    }

    @Test("a snapshot of an unknown detector is rejected")
    func unknownSnapshot() {
        let json = Data(#"{"detector": "adwim", "state": {}}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AnyDetector.self, from: json)
        }
    }
}
