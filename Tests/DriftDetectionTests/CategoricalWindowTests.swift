import Foundation
import Testing

@testable import DriftDetection

@Suite("Categorical feature window")
struct CategoricalWindowTests {
    @Test func countsLabelsUnseenCategoriesAndOverflow() {
        var window = CategoricalWindow(referenceCategories: ["KR", "US", "3", "true"], maximumNewCategories: 2)
        let values: [FeatureValue] = [
            .string("KR"), .string("KR"), .number(3), .bool(true), .number(2.5), .null,
            .string("DE"), .string("FR"), .string("JP"), .string("JP"), .string("DE"), .string("US"),
        ]
        for value in values { window.record(value) }
        #expect(window.counts == ["KR": 2, "3": 1, "true": 1, "DE": 2, "FR": 1, "US": 1])
        #expect(window.overflowCount == 2)
        #expect(window.newCategoryCount == 2)
        #expect(window.quality.unseenCategory == 5)
        #expect(window.quality.missing == 1)
        #expect(window.quality.typeMismatch == 1)
        #expect(window.quality.outOfRange == 0)
        #expect(window.observed == 10)
    }

    @Test func referenceCategoriesAreCountedEvenWhenTheCapIsReached() {
        var window = CategoricalWindow(referenceCategories: ["a"], maximumNewCategories: 1)
        for label in ["x", "y", "z", "a"] { window.record(label: label) }
        #expect(window.counts == ["x": 1, "a": 1])
        #expect(window.overflowCount == 2)
    }

    @Test func mergeKeepsTheCap() throws {
        var left = CategoricalWindow(referenceCategories: ["a"], maximumNewCategories: 2)
        var right = left
        for label in ["a", "x", "y"] { left.record(label: label) }
        for label in ["a", "z", "x"] { right.record(label: label) }
        try left.merge(right)
        #expect(left.counts == ["a": 2, "x": 2, "y": 1])
        #expect(left.overflowCount == 1)
        #expect(left.quality.unseenCategory == 4)
    }

    @Test func distanceUsesTheUnionOfCategoriesAndTheOverflowBucket() throws {
        let reference = CategoricalProfile(counts: ["a": 50, "b": 50])
        var window = reference.makeWindow(maximumNewCategories: 1)
        for label in ["a", "a", "b", "c", "d", "e"] { window.record(label: label) }
        let result = try window.distance(.chi2, reference: reference)
        let expected = try ChiSquareTest.test(referenceCounts: [50, 50, 0, 0], currentCounts: [2, 1, 1, 2])
        #expect(result == expected)
        #expect(throws: DriftDetectionError.self) { try window.distance(.ks, reference: reference) }
    }
}
