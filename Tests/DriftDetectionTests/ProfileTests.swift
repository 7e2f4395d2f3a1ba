import Foundation
import Testing

@testable import DriftDetection

@Suite("Reference profiles")
struct ProfileTests {
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

}
