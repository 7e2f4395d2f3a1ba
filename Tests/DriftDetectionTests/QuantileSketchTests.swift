import Foundation
import Testing

@testable import DriftDetection

@Suite("KLL quantile sketch")
struct QuantileSketchTests {
    enum Shape: String, CaseIterable, Sendable {
        case uniform, normal, lognormal, bimodal

        func draw(_ random: inout SplitMix64) -> Double {
            switch self {
            case .uniform: return random.nextUnitDouble()
            case .normal: return random.nextGaussian()
            case .lognormal: return exp(random.nextGaussian())
            case .bimodal:
                return random.nextUnitDouble() < 0.3 ? random.nextGaussian() * 0.5 - 3 : random.nextGaussian() + 4
            }
        }
    }

    /// The largest |estimated rank − exact rank| over the percentiles of `values`.
    static func maximumRankError(of sketch: KLLSketch, sorted values: [Double]) -> Double {
        var worst = 0.0
        for percent in 1..<100 {
            let value = values[values.count * percent / 100]
            let exactRank = Double(upperBound(of: value, in: values)) / Double(values.count)
            worst = max(worst, abs(sketch.rank(of: value) - exactRank))
        }
        return worst
    }

    static func upperBound(of value: Double, in sorted: [Double]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    @Test(arguments: Shape.allCases)
    func rankErrorWithinBoundOnOneMillionValues(_ shape: Shape) throws {
        var random = SplitMix64(seed: 42)
        var sketch = KLLSketch()
        var values: [Double] = []
        values.reserveCapacity(1_000_000)
        for _ in 0..<1_000_000 {
            let value = shape.draw(&random)
            values.append(value)
            sketch.insert(value)
        }
        values.sort()
        #expect(sketch.count == 1_000_000)
        #expect(sketch.minimum == values.first)
        #expect(sketch.maximum == values.last)
        let error = Self.maximumRankError(of: sketch, sorted: values)
        #expect(error <= KLLSketch.rankErrorBound, "max rank error \(error)")
        let median = try #require(sketch.quantile(0.5) as Double?)
        let medianRank = Double(Self.upperBound(of: median, in: values)) / Double(values.count)
        #expect(abs(medianRank - 0.5) <= KLLSketch.rankErrorBound, "median \(median) vs \(values[values.count / 2])")
    }

    @Test(arguments: Shape.allCases)
    func mergedSketchesKeepTheBound(_ shape: Shape) {
        var random = SplitMix64(seed: 7)
        var parts = [KLLSketch](repeating: KLLSketch(), count: 8)
        var values: [Double] = []
        for index in 0..<400_000 {
            let value = shape.draw(&random)
            values.append(value)
            parts[index % 8].insert(value)
        }
        var merged = parts[0]
        for part in parts.dropFirst() { merged.merge(part) }
        values.sort()
        #expect(merged.count == values.count)
        let error = Self.maximumRankError(of: merged, sorted: values)
        #expect(error <= KLLSketch.rankErrorBound, "max rank error \(error)")
    }

    @Test func sortedInputIsHandled() {
        var sketch = KLLSketch()
        for index in 0..<200_000 { sketch.insert(Double(index)) }
        let values = (0..<200_000).map(Double.init)
        #expect(Self.maximumRankError(of: sketch, sorted: values) <= KLLSketch.rankErrorBound)
    }

    @Test func sameInputsGiveTheSameSketchAndEncodingRoundTrips() throws {
        var first = KLLSketch()
        var second = KLLSketch()
        var random = SplitMix64(seed: 3)
        for _ in 0..<50_000 {
            let value = Shape.normal.draw(&random)
            first.insert(value)
            second.insert(value)
        }
        #expect(first == second)
        let decoded = try JSONDecoder().decode(KLLSketch.self, from: JSONEncoder().encode(first))
        #expect(decoded == first)
        first.insert(1.5)
        var continued = decoded
        continued.insert(1.5)
        #expect(continued == first)
    }

    @Test func weightsSumToTheCount() {
        var sketch = KLLSketch(k: 16)
        for index in 0..<12_345 { sketch.insert(Double(index % 97)) }
        sketch.insert(.nan)
        let distribution = sketch.empiricalDistribution()
        #expect(distribution.totalWeight == 12_345)
        #expect(sketch.count == 12_345)
        #expect(sketch.quantile(0) == 0)
        #expect(sketch.quantile(1) == 96)
        #expect(KLLSketch().quantile(0.5) == nil)
    }

    @Test func heapStaysSmallAfterOneMillionUpdates() {
        var sketch = KLLSketch()
        var random = SplitMix64(seed: 11)
        for _ in 0..<1_000_000 { sketch.insert(Shape.lognormal.draw(&random)) }
        #expect(sketch.heapBytes <= 3_000, "sketch heap \(sketch.heapBytes) bytes")
    }
}
