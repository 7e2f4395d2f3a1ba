import Testing

@testable import DriftDetection

@Suite("Distances agree with numpy and SciPy")
struct DistanceTests {
    typealias Fixtures = DistanceFixtures
    static let valueTolerance = 1e-9
    static let pValueTolerance = 1e-6

    @Test(arguments: Fixtures.numeric)
    func numericBinnedMetrics(_ fixture: Fixtures.NumericCase) throws {
        for (binsText, expected) in fixture.bins {
            let bins = try #require(Int(binsText))
            let edges = try BinEdges(quantilesOf: fixture.reference.sorted(), bins: bins)
            #expect(edges.edges == expected.edges, "bins=\(bins)")
            #expect(edges.counts(of: fixture.reference) == expected.referenceCounts, "bins=\(bins)")
            #expect(edges.counts(of: fixture.current) == expected.currentCounts, "bins=\(bins)")
            try Self.expectAgreement(with: expected.metrics, " bins=\(bins)") { metric in
                try DistanceCalculator.numeric(
                    metric, reference: fixture.reference, current: fixture.current, bins: bins)
            }
        }
    }

    @Test(arguments: Fixtures.numeric)
    func kolmogorovSmirnov(_ fixture: Fixtures.NumericCase) throws {
        let result = try DistanceCalculator.numeric(.ks, reference: fixture.reference, current: fixture.current)
        #expect(Fixtures.agrees(result.value, fixture.ks, relative: Self.valueTolerance))
        #expect(Fixtures.agrees(result.pValue, fixture.ksP, relative: Self.pValueTolerance))
        #expect(result.effectSize == result.value)
    }

    @Test(arguments: Fixtures.numeric)
    func wasserstein(_ fixture: Fixtures.NumericCase) throws {
        let result = try DistanceCalculator.numeric(
            .wasserstein, reference: fixture.reference, current: fixture.current)
        #expect(Fixtures.agrees(result.value, fixture.wasserstein, relative: Self.valueTolerance))
        #expect(result.pValue == nil)
    }

    @Test(arguments: Fixtures.categorical)
    func categoricalMetrics(_ fixture: Fixtures.CategoricalCase) throws {
        let reference = fixture.reference.flatMap { Array(repeating: $0.key, count: $0.value) }
        let current = fixture.current.flatMap { Array(repeating: $0.key, count: $0.value) }
        try Self.expectAgreement(with: fixture.metrics) { metric in
            try DistanceCalculator.categorical(metric, reference: reference, current: current)
        }
    }

    /// Expects each proportion-based metric that `compute` returns to agree with `expected`, and the
    /// chi-square p-value too; `context` follows the metric's name in failure messages.
    private static func expectAgreement(
        with expected: Fixtures.ProportionMetrics,
        _ context: String = "",
        compute: (DistanceMetric) throws -> DistanceResult
    ) throws {
        for (metric, value) in expected.byMetric {
            let result = try compute(metric)
            #expect(Fixtures.agrees(result.value, value, relative: valueTolerance), "\(metric)\(context)")
            if metric == .chi2 {
                #expect(Fixtures.agrees(result.pValue, expected.chi2P, relative: pValueTolerance))
            }
        }
    }

    @Test(arguments: Fixtures.kolmogorov)
    func kolmogorovSurvival(_ fixture: Fixtures.KolmogorovCase) {
        let survival = KolmogorovDistribution.survival(n: fixture.n, x: fixture.x)
        #expect(Fixtures.agrees(survival, fixture.sf, relative: Self.pValueTolerance), "got \(survival)")
    }

    @Test(arguments: Fixtures.chiSquareSurvival)
    func chiSquareSurvival(_ fixture: Fixtures.ChiSquareSurvivalCase) {
        let survival = IncompleteGamma.regularizedUpper(a: Double(fixture.dof) / 2, x: fixture.x / 2)
        #expect(Fixtures.agrees(survival, fixture.sf, relative: Self.pValueTolerance), "got \(survival)")
    }

    @Test func cramersVIsFreeOfSampleSize() throws {
        let small = try ChiSquareTest.test(referenceCounts: [60, 40], currentCounts: [40, 60])
        let large = try ChiSquareTest.test(referenceCounts: [60_000, 40_000], currentCounts: [40_000, 60_000])
        let smallPValue = try #require(small.pValue)
        let largePValue = try #require(large.pValue)
        #expect(largePValue < smallPValue)
        #expect(largePValue < 1e-100)
        #expect(Fixtures.agrees(small.effectSize, 0.2, relative: 1e-12))
        #expect(Fixtures.agrees(large.effectSize, 0.2, relative: 1e-12))
    }

    /// One value on each side: a statistic and a p-value, not a crash (the effective sample size rounds to 0).
    @Test func kolmogorovSmirnovWithOneValueOnEachSide() throws {
        let result = try KolmogorovSmirnov.test(
            reference: try EmpiricalDistribution(samples: [1]), current: try EmpiricalDistribution(samples: [2]))
        #expect(result.value == 1)
        let pValue = try #require(result.pValue)
        #expect((0...1).contains(pValue))
    }

    @Test func valueOnAnEdgeGoesToTheRightBin() throws {
        let edges = try BinEdges(edges: [1, 2, 2, 3])
        #expect(edges.binIndex(of: 0.5) == 0)
        #expect(edges.binIndex(of: 1) == 1)
        #expect(edges.binIndex(of: 2) == 3)
        #expect(edges.binIndex(of: 3) == 4)
        #expect(edges.binIndex(of: .infinity) == 4)
    }

    @Test func categoricalRejectsNumericOnlyMetrics() {
        for metric in [DistanceMetric.ks, .wasserstein] {
            #expect(throws: DriftDetectionError.self) {
                try DistanceCalculator.categorical(metric, reference: ["a"], current: ["b"])
            }
        }
    }

    @Test func emptyAndNonFiniteInputsAreRejected() {
        #expect(throws: DriftDetectionError.self) { try DistanceCalculator.numeric(.psi, reference: [], current: [1]) }
        #expect(throws: DriftDetectionError.self) {
            try DistanceCalculator.numeric(.ks, reference: [.nan], current: [1])
        }
        #expect(throws: DriftDetectionError.self) {
            try DistanceCalculator.numeric(.psi, reference: [1, 2], current: [1], bins: 1)
        }
    }
}
