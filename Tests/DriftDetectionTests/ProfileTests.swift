import Foundation
import Testing

@testable import DriftDetection

@Suite("Reference profiles")
struct ProfileTests {
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
        return try JSONLinesProfileReader.buildProfile(from: Data(text.utf8), source: "train.jsonl", builder: builder)
    }

    /// A large reference keeps a KLL summary as its `distribution`; its ranks stay within 0.15% of the exact
    /// ones, as the README says.
    @Test(arguments: QuantileSketchTests.Shape.allCases)
    func largeReferenceDistributionKeepsRanksWithinAThousandthAndAHalf(_ shape: QuantileSketchTests.Shape) throws {
        var random = SplitMix64(seed: 11)
        let values = (0..<1_000_000).map { _ in shape.draw(&random) }
        let distribution = try NumericProfile(values: values).distribution
        let sorted = values.sorted()
        #expect(distribution.values.count < 10_000, "a summary, not the values")
        var worst = 0.0
        for percent in 1..<100 {
            let value = sorted[sorted.count * percent / 100]
            let exactRank = Double(QuantileSketchTests.upperBound(of: value, in: sorted)) / Double(sorted.count)
            let index = distribution.values.lastIndex { $0 <= value }
            let estimatedRank = index.map { distribution.cumulativeWeights[$0] / distribution.totalWeight } ?? 0
            worst = max(worst, abs(estimatedRank - exactRank))
        }
        #expect(worst < 0.0015, "largest rank error \(worst)")
    }

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
        #expect(object["format_version"] as? Int == 1)
        let features = try #require(object["features"] as? [String: Any])
        let amount = try #require(features["amount"] as? [String: Any])
        #expect(amount["missing_rate"] as? Double == 0)
        let numeric = try #require(amount["numeric"] as? [String: Any])
        #expect(numeric["bin_edges"] as? [Double] == [26.25, 40, 69.5])
        #expect(try JSONDecoder().decode(ReferenceProfile.self, from: data) == profile)

        let future = String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: "\"format_version\":1", with: "\"format_version\":2")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReferenceProfile.self, from: Data(future.utf8)) }
    }

    @Test func warmUpThroughTheBuilderEqualsTheFileReader() throws {
        let fromFile = try Self.build()
        var builder = try ProfileBuilder(model: "fraud", declaredTypes: ["zip": .categorical], binCount: 4)
        let decoder = JSONDecoder()
        for line in Self.lines.split(separator: "\n") {
            let record = try decoder.decode(PredictionRecord.self, from: Data(line.utf8))
            if record.model == "fraud" { builder.add(record) }
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
            ("{\"model\": \"fraud\", \"features\": {}}\nnot json\n", 1, "prediction"),
            ("\n{\"model\": \"fraud\", \"features\": {}, \"prediction\": {}}\n{\"model\": 3}", 3, "model"),
            ("{\"model\": \"fraud\", \"features\": [1], \"prediction\": {}}", 1, "features"),
            ("{\"model\": \"fraud\", \"features\": {}, \"prediction\": {}}\n{oops", 2, nil),
        ] as [(String, Int, String?)])
    func badLinesAreNamed(_ text: String, line: Int, field: String?) throws {
        let error = try #require(throws: DriftDetectionError.self) { try Self.build(text) }
        #expect(error.line == line)
        #expect(error.field == field)
        #expect(error.source == "train.jsonl")
    }

    @Test func noEventOfTheModelIsAnError() {
        #expect(throws: DriftDetectionError.self) {
            try Self.build("{\"model\": \"other\", \"features\": {}, \"prediction\": {}}")
        }
    }

    @Test func regressionLabelsAreNumeric() throws {
        let text = """
            {"model": "fraud", "features": {"x": 1}, "prediction": {"value": 2.5}, "label": 3}
            {"model": "fraud", "features": {"x": 2}, "prediction": {"value": 1.5}, "label": 1}
            """
        let profile = try Self.build(text)
        #expect(profile.prediction.value?.numeric?.range == ValueRange(min: 1.5, max: 2.5))
        #expect(profile.label?.type == .numeric)
    }
}
