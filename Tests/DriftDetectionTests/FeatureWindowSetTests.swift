import Foundation
import Testing

@testable import DriftDetection

@Suite("Data quality and schema skew on crafted events")
struct FeatureWindowSetTests {
    /// amount: numeric 0…100; country: categorical KR/US; zip: integer-coded categorical; note: only nulls.
    static func makeProfile() throws -> ReferenceProfile {
        var builder = try ProfileBuilder(model: "fraud", declaredTypes: ["zip": .categorical])
        for index in 0...100 {
            builder.add(
                PredictionEvent(
                    id: "\(index)", model: "fraud", eventTime: 0,
                    features: [
                        "amount": .number(Double(index)),
                        "country": .string(index.isMultiple(of: 2) ? "KR" : "US"),
                        "zip": .number(Double(94_100 + index % 3)),
                        "note": .null,
                    ],
                    prediction: .init(label: "legit", score: 0.1)
                ))
        }
        return try builder.build()
    }

    @Test func everyCounterOnCraftedEvents() throws {
        let profile = try Self.makeProfile()
        var windows = FeatureWindowSet(profile: profile)
        let events: [[String: FeatureValue]] = [
            // Clean event.
            ["amount": .number(50), "country": .string("KR"), "zip": .number(94_100), "note": .null],
            // Missing value, out of range, unseen category, integer-coded zip as a string (type change).
            ["amount": .null, "country": .string("DE"), "zip": .string("94101"), "note": .null],
            ["amount": .number(250), "country": .string("KR"), "zip": .number(94_102), "note": .null],
            // Absent features, an unexpected one, type mismatches.
            ["amount": .string("12"), "zip": .number(94_100.5), "extra": .bool(true)],
            [
                "amount": .number(-1), "country": .bool(true), "zip": .number(94_100), "note": .string("hi"),
                "extra": .null,
            ],
        ]
        for event in events { windows.record(event) }

        let amount = try #require(windows.quality(of: "amount"))
        #expect(amount.missing == 1)
        #expect(amount.typeMismatch == 1)
        #expect(amount.outOfRange == 2)
        #expect(amount.unseenCategory == 0)

        let country = try #require(windows.quality(of: "country"))
        #expect(country.missing == 1)  // absent from the fourth event
        #expect(country.typeMismatch == 0)  // a boolean is a label
        #expect(country.unseenCategory == 2)  // "DE" and "true"
        #expect(country.outOfRange == 0)

        let zip = try #require(windows.quality(of: "zip"))
        #expect(zip.typeMismatch == 1)  // 94100.5 is not an integer label
        #expect(zip.unseenCategory == 0)  // "94101" as a string is the same label
        #expect(windows.categoricalWindow("zip")?.counts == ["94100": 2, "94101": 1, "94102": 1])

        #expect(windows.quality(of: "note") == nil)

        let schema = windows.schema
        #expect(schema.events == 5)
        #expect(schema.expectedFeatures == ["amount", "country", "note", "zip"])
        #expect(schema.absent == [0, 1, 1, 0])
        // amount: "12" is a string; country: true is a bool; note had no kind; zip: "94101" is a string.
        #expect(schema.typeChanges == [1, 1, 0, 1])
        #expect(schema.unexpected == ["extra": 2])
        #expect(schema.unexpectedOverflow == 0)
    }

    @Test func unexpectedFeatureNamesAreCapped() throws {
        var schema = SchemaSkew(expectedFeatures: ["a"], expectedKinds: [.number], maximumUnexpectedFeatures: 2)
        schema.record(["a": .number(1), "x": .null, "y": .null])
        schema.record(["z": .null, "x": .null])
        #expect(schema.unexpected.count == 2)
        #expect(schema.unexpected.values.reduce(0, +) + schema.unexpectedOverflow == 4)
        #expect(schema.unexpectedOverflow == 1)
        #expect(schema.absent == [1])
    }

    @Test func mergedSetsAddUpAndRoundTripThroughJSON() throws {
        let profile = try Self.makeProfile()
        var left = FeatureWindowSet(profile: profile)
        var right = left
        var whole = left
        for index in 0..<200 {
            let event: [String: FeatureValue] = [
                "amount": .number(Double(index % 150)), "country": .string(index % 5 == 0 ? "JP" : "KR"),
                "zip": .number(94_100),
            ]
            whole.record(event)
            if index < 120 { left.record(event) } else { right.record(event) }
        }
        try left.merge(right)
        #expect(left.schema == whole.schema)
        #expect(left.quality(of: "amount") == whole.quality(of: "amount"))
        #expect(left.categoricalWindow("country") == whole.categoricalWindow("country"))
        #expect(left.numericWindow("amount")?.binCounts == whole.numericWindow("amount")?.binCounts)
        let decoded = try JSONDecoder().decode(FeatureWindowSet.self, from: JSONEncoder().encode(left))
        #expect(decoded == left)
        let psi = try left.distance(.psi, feature: "amount", reference: profile)
        #expect(psi.value > 0)
        #expect(throws: DriftDetectionError.self) { try left.distance(.psi, feature: "note", reference: profile) }
    }
}
