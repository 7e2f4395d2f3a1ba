import Foundation
import Testing

@testable import DriftDetection

@Suite("Null distributions and their random draws")
struct NullDistributionTests {
    @Test("the generalized Pareto tail extrapolates an exponential's quantiles beyond the simulations")
    func exponentialTail() throws {
        var random = SplitMix64(seed: 7)
        let draws = (0..<2_000).map { _ in -log(1 - random.nextUnitDouble()) }
        let null = try NullDistribution(statistics: draws)
        // Exp(1) exceeds ln(1/α) with probability α; 1/α = 10,000 is five times more windows than were simulated.
        for rate in [0.05, 0.01, 0.001, 0.0001] {
            let threshold = null.threshold(rate: rate)
            #expect(abs(threshold - log(1 / rate)) < 0.25 * log(1 / rate), "rate \(rate): \(threshold)")
            #expect(abs(null.tailProbability(threshold) - rate) < rate * 1e-6, "rate \(rate)")
        }
        #expect(null.tailProbability(-1) == 1)
        #expect(null.tailProbability(.infinity) == 0)
    }

    @Test("a constant statistic gives a threshold at that constant that it does not exceed")
    func degenerate() throws {
        let null = try NullDistribution(statistics: Array(repeating: 0.5, count: 200))
        #expect(null.threshold(rate: 0.001) == 0.5)
        #expect(null.tailProbability(0.6) == 0)
    }

    @Test("fewer than 100 statistics are refused")
    func tooFew() {
        #expect(throws: DriftDetectionError.self) { try NullDistribution(statistics: [1, 2, 3]) }
    }

    @Test(
        "binomial and gamma draws have their distributions' mean and variance",
        arguments: [
            (trials: 20, probability: 0.3), (trials: 1_000, probability: 0.02), (trials: 100_000, probability: 0.5),
        ])
    func binomialMoments(trials: Int, probability: Double) {
        var random = SplitMix64(seed: UInt64(trials))
        let draws = (0..<4_000).map { _ in Double(random.nextBinomial(trials: trials, probability: probability)) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)
        let expectedVariance = Double(trials) * probability * (1 - probability)
        #expect(abs(mean - Double(trials) * probability) < 4 * (expectedVariance / Double(draws.count)).squareRoot())
        #expect(abs(variance / expectedVariance - 1) < 0.1)
        let gammas = (0..<4_000).map { _ in random.nextGamma(shape: 0.5) }
        #expect(abs(gammas.reduce(0, +) / 4_000 - 0.5) < 0.05)
    }

    @Test("multinomial counts add up to the trials and follow the weights")
    func multinomial() {
        var random = SplitMix64(seed: 3)
        let counts = random.nextMultinomial(trials: 100_000, weights: [1, 0, 3, 6])
        #expect(counts.reduce(0, +) == 100_000)
        #expect(counts[1] == 0)
        #expect(abs(Double(counts[3]) / 100_000 - 0.6) < 0.01)
    }

    @Test("a calibration is reproducible from its seed and stored in the profile, which round-trips as version 2")
    func reproducible() throws {
        let values = (0..<5_000).map { sin(Double($0)) }
        var profile = FeatureProfile(
            type: .numeric, valueKind: .number, events: values.count, missing: 0, typeMismatch: 0,
            numeric: try NumericProfile(values: values), categorical: nil)
        try profile.calibrate(.psi, feature: "amount", windowValues: 1_000)
        try profile.calibrate(.psi, feature: "amount", windowValues: 1_000)
        #expect(profile.calibrations.count == 1)
        let again = try Calibration(.psi, feature: "amount", profile: profile, windowValues: 1_000)
        #expect(again == profile.calibrations[0])
        #expect(profile.calibration(.psi, windowValues: 900)?.windowValues == 1_000)
        #expect(profile.calibration(.kl, windowValues: 1_000) == nil)
        let decoded = try JSONDecoder().decode(FeatureProfile.self, from: JSONEncoder().encode(profile))
        #expect(decoded == profile)
    }
}
