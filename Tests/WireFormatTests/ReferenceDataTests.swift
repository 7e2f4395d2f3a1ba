import DriftDetection
import DriftEngine
import Foundation
import Testing
import WireFormat

@Suite("Reference profiles from training data")
struct ReferenceDataTests {
    static let lines = """
        {"id": "1", "model": "fraud", "model_version": "3", "ts": "2026-11-22T10:00:00.123Z", \
        "features": {"amount": 12.5, "country": "KR", "age": null, "is_new": true, "zip": 94110}, \
        "prediction": {"label": "fraud", "score": 0.93}, "label": "legit"}
        {"id": "2", "model": "other", "features": {"x": 1}, "prediction": {"value": 3.5}}

        {"id": "3", "model": "fraud", "model_version": "3", \
        "features": {"amount": 99, "country": "US", "age": 31, "is_new": false, "zip": 94103}, \
        "prediction": {"label": "legit", "score": 0.12}, "label": "legit"}
        {"id": "4", "model": "fraud", "model_version": "3", \
        "features": {"amount": 40, "country": "KR", "age": 45, "zip": 94110}, \
        "prediction": {"label": "legit", "score": 0.2}}
        """

    static func build(_ text: String = lines, declared: [String: FeatureType] = ["zip": .categorical]) throws
        -> ReferenceProfile
    {
        let builder = try ProfileBuilder(model: "fraud", declaredTypes: declared, binCount: 4)
        return try ReferenceDataReader.buildProfile(from: Array(text.utf8), source: "train.jsonl", builder: builder)
    }

    /// A large reference keeps a KLL summary as its `distribution`; its ranks stay within 0.15% of the exact
    /// ones, as the README says.

    @Test func buildsFeatureTypesMissingRatesAndDistributions() throws {
        let profile = try Self.build()
        #expect(profile.model == "fraud")
        #expect(profile.modelVersion == "3")
        #expect(profile.events == 3)
        #expect(Set(profile.features.keys) == ["amount", "country", "age", "is_new", "zip"])

        let amount = try #require(profile.features["amount"])
        #expect(amount.type == .numeric)
        #expect(amount.valueKind == .number)
        #expect(amount.missing == 0)
        let numeric = try #require(amount.numeric)
        #expect(numeric.range == ValueRange(min: 12.5, max: 99))
        #expect(numeric.bins.edges == [26.25, 40, 69.5])
        #expect(numeric.binCounts == [1, 0, 1, 1])
        #expect(numeric.quantiles.count == 101)
        #expect(numeric.quantiles[50] == 40)
        #expect(numeric.distribution.values == [12.5, 40, 99])

        let age = try #require(profile.features["age"])
        #expect(age.missing == 1)
        #expect(abs(age.missingRate - 1.0 / 3) < 1e-15)

        let isNew = try #require(profile.features["is_new"])
        #expect(isNew.type == .categorical)
        #expect(isNew.missing == 1)  // absent from the last event
        #expect(isNew.categorical?.counts == ["true": 1, "false": 1])

        let zip = try #require(profile.features["zip"])
        #expect(zip.type == .categorical)
        #expect(zip.valueKind == .number)
        #expect(zip.categorical?.counts == ["94110": 2, "94103": 1])

        #expect(profile.prediction.label?.categorical?.counts == ["fraud": 1, "legit": 2])
        #expect(profile.prediction.score?.numeric?.count == 3)
        #expect(profile.prediction.value == nil)
        #expect(profile.label?.type == .categorical)
        #expect(profile.label?.missing == 1)
        #expect(profile.label?.categorical?.frequencies == ["legit": 1])
    }

    @Test func encodesVersionedJSONAndReadsItBack() throws {
        let profile = try Self.build()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(profile)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format_version"] as? Int == 2)
        let features = try #require(object["features"] as? [String: Any])
        let amount = try #require(features["amount"] as? [String: Any])
        #expect(amount["missing_rate"] as? Double == 0)
        let numeric = try #require(amount["numeric"] as? [String: Any])
        #expect(numeric["bin_edges"] as? [Double] == [26.25, 40, 69.5])
        #expect(try JSONDecoder().decode(ReferenceProfile.self, from: data) == profile)

        // Version 1, the format before calibrations, still loads; a version from the future does not.
        let text = String(decoding: data, as: UTF8.self)
        let older = text.replacingOccurrences(of: "\"format_version\":2", with: "\"format_version\":1")
        #expect(try JSONDecoder().decode(ReferenceProfile.self, from: Data(older.utf8)) == profile)
        let future = text.replacingOccurrences(of: "\"format_version\":2", with: "\"format_version\":3")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReferenceProfile.self, from: Data(future.utf8)) }
    }

    /// A warm-up reference (the engine's decoder feeding the builder the first live events) equals the file's
    /// profile of the same events, but for the true labels that only training data has.
    @Test func warmUpThroughTheBuilderEqualsTheFileReader() throws {
        var fromFile = try Self.build()
        fromFile.label = nil
        var builder = try ProfileBuilder(model: "fraud", declaredTypes: ["zip": .categorical], binCount: 4)
        let decoder = EventDecoder(knownModels: ["fraud", "other"])
        for line in Self.lines.split(separator: "\n") {
            let event = try decoder.decodePrediction(Array(line.utf8), fallbackTime: 0)
            if event.model == "fraud" { builder.add(event) }
        }
        #expect(try builder.build() == fromFile)
    }

    @Test func integersAreNumericUnlessDeclaredCategorical() throws {
        let profile = try Self.build(declared: [:])
        #expect(profile.features["zip"]?.type == .numeric)
        #expect(profile.features["zip"]?.categorical == nil)
    }

    @Test(
        arguments: [
            (#"{"id": "a", "model": "fraud", "features": {}}"# + "\nnot json\n", 1, "prediction"),
            (
                "\n" + #"{"id": "a", "model": "fraud", "prediction": {"score": 0.5}}"# + "\n"
                    + #"{"id": "b", "model": 3}"#, 3, "model"
            ),
            (#"{"id": "a", "model": "fraud", "features": [1], "prediction": {}}"#, 1, "features"),
            (#"{"id": "a", "model": "fraud", "prediction": {"score": 0.5}}"# + "\n{oops", 2, nil),
        ] as [(String, Int, String?)])
    func badLinesAreNamed(_ text: String, line: Int, field: String?) throws {
        let error = try #require(throws: DriftDetectionError.self) { try Self.build(text) }
        #expect(error.line == line)
        #expect(error.field == field)
        #expect(error.source == "train.jsonl")
    }

    /// `profile build` reads lines with the rules `run` applies to the topics: what `run` would dead-letter stops
    /// the build with the same reason; a true outcome is read as an outcome event's `label` and `value` are.
    @Test(
        arguments: [
            (#"{"model": "fraud", "prediction": {"score": 0.5}}"#, false),
            (#"{"id": "a", "model": "fraud", "prediction": {"label": true}}"#, false),
            (#"{"id": "a", "model": "fraud", "prediction": {"score": 1.5}}"#, false),
            (#"{"id": "a", "model": "fraud", "prediction": {}}"#, false),
            (#"{"id": "a", "model": "fraud", "model_version": true, "prediction": {"score": 0.5}}"#, false),
            (#"{"id": "a", "model": "fraud", "ts": "yesterday", "prediction": {"score": 0.5}}"#, false),
            (#"{"id": "a", "model": "fraud", "prediction": {"score": 0.5}, "label": false}"#, true),
            (#"{"id": "a", "model": "fraud", "prediction": {"score": 0.5}, "value": "high"}"#, true),
        ])
    func linesAreReadWithTheTopicsRules(_ line: String, outcome: Bool) throws {
        let error = try #require(throws: DriftDetectionError.self) { try Self.build(line) }
        let decoder = EventDecoder(knownModels: ["fraud"])
        let topicError = try #require(throws: EventError.self) {
            if outcome {
                _ = try decoder.decodeOutcome(Array(line.utf8), fallbackTime: 0)
            } else {
                _ = try decoder.decodePrediction(Array(line.utf8), fallbackTime: 0)
            }
        }
        #expect(error.line == 1)
        #expect(error.field == topicError.field)
        #expect(error.message == topicError.message)
    }

    @Test func anIntegerModelVersionIsItsDecimalText() throws {
        let profile = try Self.build(
            #"{"id": "a", "model": "fraud", "model_version": 7, "prediction": {"score": 0.5}}"#)
        #expect(profile.modelVersion == "7")
    }

    @Test func noEventOfTheModelIsAnError() {
        #expect(throws: DriftDetectionError.self) {
            try Self.build(#"{"id": "a", "model": "other", "prediction": {"score": 0.5}}"#)
        }
    }

    @Test func regressionLabelsAreNumeric() throws {
        let text = """
            {"id": "a", "model": "fraud", "features": {"x": 1}, "prediction": {"value": 2.5}, "label": 3}
            {"id": "b", "model": "fraud", "features": {"x": 2}, "prediction": {"value": 1.5}, "value": 1.25}
            """
        let profile = try Self.build(text)
        #expect(profile.prediction.value?.numeric?.range == ValueRange(min: 1.5, max: 2.5))
        #expect(profile.label?.type == .numeric)
        #expect(profile.label?.numeric?.range == ValueRange(min: 1.25, max: 3))
    }
}
