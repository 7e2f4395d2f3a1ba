import Foundation
import Testing

@testable import DriftDetection

@Suite("Numeric feature window")
struct NumericWindowTests {
    static func makeWindow() throws -> NumericWindow {
        let reference = try NumericProfile(values: (0..<100).map(Double.init), binCount: 4)
        return reference.makeWindow()
    }

    @Test func countsEveryKindOfValue() throws {
        var window = try Self.makeWindow()
        let values: [FeatureValue] = [
            .number(10), .number(-5), .number(150), .number(.nan), .number(.infinity), .number(-.infinity),
            .null, .string("12"), .bool(true), .number(49.5),
        ]
        for value in values { window.record(value) }
        #expect(window.recorded == 10)
        #expect(window.moments.count == 4)
        #expect(window.nanCount == 1)
        #expect(window.positiveInfinityCount == 1)
        #expect(window.negativeInfinityCount == 1)
        #expect(window.quality.missing == 1)
        #expect(window.quality.typeMismatch == 2)
        #expect(window.quality.outOfRange == 2)
        #expect(window.quality.unseenCategory == 0)
        #expect(window.minimum == -5)
        #expect(window.maximum == 150)
        // Edges at the quartiles 24.75, 49.5, 74.25: 49.5 sits on an edge and goes right.
        #expect(window.binCounts == [2, 0, 1, 1])
        #expect(abs(window.moments.mean - 51.125) < 1e-12)
    }

    @Test func momentsAreStableAndMergeLikeTheConcatenatedStream() {
        var first = RunningMoments()
        var second = RunningMoments()
        var whole = RunningMoments()
        let offsets = (0..<10_000).map { Double($0 % 7) * 0.1 }
        for (index, offset) in offsets.enumerated() {
            let value = 1e9 + offset
            if index < 3_000 { first.add(value) } else { second.add(value) }
            whole.add(value)
        }
        first.merge(second)
        // Two passes over the small offsets give the exact moments.
        let exactMean = offsets.reduce(0, +) / Double(offsets.count)
        let exactVariance = offsets.map { ($0 - exactMean) * ($0 - exactMean) }.reduce(0, +) / Double(offsets.count)
        for moments in [whole, first] {
            #expect(moments.count == 10_000)
            #expect(abs(moments.mean - (1e9 + exactMean)) <= 1e-4)
            // A naive sum of squares would lose every digit at this offset.
            #expect(abs(moments.variance - exactVariance) <= 1e-6 * exactVariance, "\(moments.variance)")
        }
    }

    @Test func mergedPanesEqualOneWindowExceptForTheSketch() throws {
        var whole = try Self.makeWindow()
        var left = try Self.makeWindow()
        var right = try Self.makeWindow()
        for index in 0..<5_000 {
            let value = FeatureValue.number(Double((index * 37) % 120) - 10)
            whole.record(value)
            if index.isMultiple(of: 3) { left.record(value) } else { right.record(value) }
        }
        try left.merge(right)
        #expect(left.binCounts == whole.binCounts)
        #expect(left.quality == whole.quality)
        #expect(left.moments.count == whole.moments.count)
        #expect(left.minimum == whole.minimum && left.maximum == whole.maximum)
        #expect(left.sketch?.count == whole.sketch?.count)
    }

    @Test func mergingWindowsOfDifferentReferencesFails() throws {
        var window = try Self.makeWindow()
        let other = try NumericProfile(values: [1, 2, 3], binCount: 2).makeWindow()
        #expect(throws: DriftDetectionError.self) { try window.merge(other) }
    }

    @Test func memoryPerWindowStaysUnderFourKiB() throws {
        let reference = try NumericProfile(values: (0..<1_000).map { Double($0) / 10 })
        var window = reference.makeWindow()
        var random = SplitMix64(seed: 5)
        for _ in 0..<1_000_000 {
            window.record(number: Double.random(in: -10..<110, using: &random))
        }
        #expect(window.memoryBytes <= 4_096, "numeric window holds \(window.memoryBytes) bytes")
        let encoded = try JSONEncoder().encode(window)
        let decoded = try JSONDecoder().decode(NumericWindow.self, from: encoded)
        #expect(decoded == window)
    }

    @Test func binnedDistanceAgainstTheReferenceIsExact() throws {
        let referenceValues = (0..<1_000).map { Double($0 % 100) }
        let currentValues = (0..<800).map { Double(($0 * 7) % 130) }
        let reference = try NumericProfile(values: referenceValues)
        var window = reference.makeWindow()
        for value in currentValues { window.record(number: value) }
        for metric in [DistanceMetric.psi, .js, .chi2] {
            let fromWindow = try window.distance(metric, reference: reference)
            let direct = try DistanceCalculator.numeric(metric, reference: referenceValues, current: currentValues)
            #expect(fromWindow == direct)
        }
        let ks = try window.distance(.ks, reference: reference)
        let exactKS = try DistanceCalculator.numeric(.ks, reference: referenceValues, current: currentValues)
        #expect(abs(ks.value - exactKS.value) <= 2 * KLLSketch.rankErrorBound)
    }
}
