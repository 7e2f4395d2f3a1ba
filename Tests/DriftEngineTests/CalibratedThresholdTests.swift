import DriftDetection
import Foundation
import Testing

@testable import DriftEngine

/// `auto` thresholds hold their false-alarm rate on stationary traffic: windows drawn from the distribution the
/// reference was drawn from, for every test, numeric and categorical, at window sizes from 500 to 50,000.
///
/// Binned windows are drawn as multinomial counts over the true probabilities of the reference's bins (exactly what
/// a window of that many values counts); KS and Wasserstein windows are real values through a real window's
/// sketch, at the sizes a debug build simulates in seconds. A reference much larger than the windows makes the rate
/// given that reference the calibrated one; a reference as small as a window is only right on average over
/// references, which the last rate test measures.
@Suite("Calibrated thresholds")
struct CalibratedThresholdTests {
    /// The target rate of the binned tests, whose windows are cheap: 0.2% over 15,000 windows gives 30 expected
    /// false alarms, so that a factor of 2 either way is far outside chance (the Poisson 99.99% interval is 13…53).
    static let binnedRate = (rate: 0.002, windows: 15_000)
    /// The target rate of KS and Wasserstein, whose windows go through a sketch: 2% over 3,000 windows, 60 expected.
    static let sketchedRate = (rate: 0.02, windows: 3_000)
    static let categories: [(String, Double)] = [
        ("a", 0.4), ("b", 0.25), ("c", 0.15), ("d", 0.1), ("e", 0.06), ("f", 0.03), ("g", 0.01),
    ]
    /// A numeric reference of a million N(0, 1) values and the true probabilities of its bins.
    static let numericReference = Result { () throws -> (FeatureProfile, [Double]) in
        var random = SplitMix64(seed: 1)
        return try reference(categorical: false, values: 1_000_000, random: &random)
    }
    /// A categorical reference of a million values and the categories' true probabilities.
    static let categoricalReference = Result { () throws -> (FeatureProfile, [Double]) in
        var random = SplitMix64(seed: 2)
        return try reference(categorical: true, values: 1_000_000, random: &random)
    }

    static let binnedCases: [(DistanceMetric, Bool, Int)] = DistanceMetric.allCases.filter { !$0.needsSketch }
        .flatMap { metric in
            [false, true].flatMap { categorical in [500, 5_000, 50_000].map { (metric, categorical, $0) } }
        }

    @Test("binned tests breach an auto threshold at its rate", arguments: binnedCases)
    func binnedRate(metric: DistanceMetric, categorical: Bool, windowValues: Int) throws {
        let (profile, truth) = try (categorical ? Self.categoricalReference : Self.numericReference).get()
        let (rate, windows) = Self.binnedRate
        let test = try Self.test(metric, profile: profile, windowValues: windowValues, rate: rate)
        let counts = try NullSimulation.referenceCounts(profile)
        var random = SplitMix64(seed: UInt64(windowValues))
        var alarms = 0
        for _ in 0..<windows {
            let window = random.nextMultinomial(trials: windowValues, weights: truth)
            let result = try DistanceCalculator.binned(metric, referenceCounts: counts, currentCounts: window)
            if test(result) == .critical { alarms += 1 }
        }
        Self.expectRate(
            alarms, rate: rate, windows: windows,
            "\(metric.rawValue), \(categorical ? "categorical" : "numeric"), n = \(windowValues)")
    }

    @Test(
        "KS and Wasserstein breach an auto threshold at its rate", arguments: [DistanceMetric.ks, .wasserstein],
        [500, 2_000])
    func sketchedRate(metric: DistanceMetric, windowValues: Int) throws {
        let (profile, _) = try Self.numericReference.get()
        let numeric = try #require(profile.numeric)
        let (rate, windows) = Self.sketchedRate
        let test = try Self.test(metric, profile: profile, windowValues: windowValues, rate: rate)
        var random = SplitMix64(seed: UInt64(windowValues))
        var alarms = 0
        for _ in 0..<windows {
            var window = numeric.makeWindow()
            for _ in 0..<windowValues { window.record(number: random.nextGaussian()) }
            if test(try window.distance(metric, reference: numeric)) == .critical { alarms += 1 }
        }
        Self.expectRate(alarms, rate: rate, windows: windows, "\(metric.rawValue), n = \(windowValues)")
    }

    @Test("a reference no larger than its windows keeps the rate on average over references", arguments: [false, true])
    func smallReferences(categorical: Bool) throws {
        let (references, windowsPerReference, rate) = (150, 20, 0.05)
        var random = SplitMix64(seed: categorical ? 3 : 4)
        var alarms = 0
        for _ in 0..<references {
            let (profile, truth) = try Self.reference(categorical: categorical, values: 5_000, random: &random)
            let calibration = Calibration(
                metric: .psi, windowValues: 5_000, simulations: 400, seed: random.next(),
                null: try NullSimulation.null(
                    .psi, profile: profile, windowValues: 5_000, simulations: 400, seed: random.next()))
            let settings = DistanceTestSettings(
                metric: .psi, calibrated: CalibratedLevels(alert: true, warn: false, falseAlarmRate: rate))
            let counts = try NullSimulation.referenceCounts(profile)
            for _ in 0..<windowsPerReference {
                let window = random.nextMultinomial(trials: 5_000, weights: truth)
                let result = try DistanceCalculator.binned(.psi, referenceCounts: counts, currentCounts: window)
                if WindowTest(settings: settings, result: result, calibration: calibration).judge().severity != nil {
                    alarms += 1
                }
            }
        }
        // Ignoring the reference's own noise would double the statistic's spread here and alarm on about 40%.
        let expected = rate * Double(references * windowsPerReference)
        #expect(
            Double(alarms) >= expected / 2 && Double(alarms) <= expected * 2, "\(alarms) alarms, \(expected) expected")
    }

    @Test("KS with auto is judged by its statistic: sketched windows of 5,000 no longer cry wolf")
    func sketchedKSDoesNotCryWolf() throws {
        let (profile, _) = try Self.numericReference.get()
        let numeric = try #require(profile.numeric)
        let auto = try Self.test(.ks, profile: profile, windowValues: 5_000, rate: 0.01)
        let fixed = DistanceTestSettings(metric: .ks, alertP: 0.01, minEffect: 0)
        var random = SplitMix64(seed: 13)
        var (autoAlarms, fixedAlarms) = (0, 0)
        for _ in 0..<200 {
            var window = numeric.makeWindow()
            for _ in 0..<5_000 { window.record(number: random.nextGaussian()) }
            let result = try window.distance(.ks, reference: numeric)
            if auto(result) == .critical { autoAlarms += 1 }
            if WindowTest(settings: fixed, result: result).judge().severity == .critical { fixedAlarms += 1 }
        }
        // The window's quantile sketch adds its rank error to the statistic, which the asymptotic p-value ignores:
        // p ≤ 1% on about one stationary window in six.
        #expect(fixedAlarms >= 20, "\(fixedAlarms) of 200 windows at p ≤ 1%")
        #expect(autoAlarms <= 6, "\(autoAlarms) of 200 windows at an auto threshold for 1%")
    }

    @Test("a threshold calibrated at one window size is rescaled to another")
    func rescaled() throws {
        var random = SplitMix64(seed: 5)
        let (profile, truth) = try Self.categoricalReference.get()
        var calibrated = profile
        try calibrated.calibrate(.psi, feature: "x", windowValues: 5_000)
        let calibration = try #require(calibrated.calibrations.first)
        let settings = DistanceTestSettings(
            metric: .psi, calibrated: CalibratedLevels(alert: true, warn: false, falseAlarmRate: 0.05))
        let counts = try NullSimulation.referenceCounts(profile)
        var alarms = 0
        for _ in 0..<1_000 {
            let window = random.nextMultinomial(trials: 4_000, weights: truth)
            let result = try DistanceCalculator.binned(.psi, referenceCounts: counts, currentCounts: window)
            let scale = calibration.scale(toWindowValues: 4_000, referenceValues: profile.comparableValues)
            let test = WindowTest(settings: settings, result: result, calibration: calibration, scale: scale)
            if test.judge().severity == .critical { alarms += 1 }
        }
        #expect((25...100).contains(alarms), "\(alarms) alarms of 1,000 windows at 5%")
    }

    /// A reference of `values` values and the true probabilities of its bins (numeric, from N(0, 1)) or categories.
    static func reference(categorical: Bool, values: Int, random: inout SplitMix64) throws
        -> (FeatureProfile, [Double])
    {
        if categorical {
            let drawn = random.nextMultinomial(trials: values, weights: categories.map(\.1))
            let counts = Dictionary(uniqueKeysWithValues: zip(categories.map(\.0), drawn))
            return (.categorical(counts: counts), categories.map(\.1))
        }
        let profile = try FeatureProfile.numeric(values: (0..<values).map { _ in random.nextGaussian() })
        let edges = try #require(profile.numeric).bins.edges
        let cdf = [0] + edges.map { 0.5 * erfc(-$0 / 2.0.squareRoot()) } + [1]
        return (profile, zip(cdf.dropFirst(), cdf).map { $0 - $1 })
    }

    /// The judge of an `alert: auto` test at `rate` for windows of `windowValues` values.
    static func test(_ metric: DistanceMetric, profile: FeatureProfile, windowValues: Int, rate: Double) throws
        -> (DistanceResult) -> Severity?
    {
        var profile = profile
        try profile.calibrate(metric, feature: "x", windowValues: windowValues)
        let calibration = profile.calibrations.first
        let settings = DistanceTestSettings(
            metric: metric, calibrated: CalibratedLevels(alert: true, warn: false, falseAlarmRate: rate))
        return { WindowTest(settings: settings, result: $0, calibration: calibration).judge().severity }
    }

    static func expectRate(_ alarms: Int, rate: Double, windows: Int, _ name: String) {
        let expected = rate * Double(windows)
        #expect(
            Double(alarms) >= expected / 2 && Double(alarms) <= expected * 2,
            "\(name): \(alarms) false alarms in \(windows) windows, \(Int(expected)) expected")
    }
}

extension FeatureProfile {
    /// The profile of a numeric feature without missing values.
    static func numeric(values: [Double]) throws -> FeatureProfile {
        FeatureProfile(
            type: .numeric, valueKind: .number, events: values.count, missing: 0, typeMismatch: 0,
            numeric: try NumericProfile(values: values), categorical: nil)
    }

    /// The profile of a categorical feature without missing values.
    static func categorical(counts: [String: Int]) -> FeatureProfile {
        let total = counts.values.reduce(0, +)
        return FeatureProfile(
            type: .categorical, valueKind: .string, events: total, missing: 0, typeMismatch: 0, numeric: nil,
            categorical: CategoricalProfile(counts: counts))
    }
}
