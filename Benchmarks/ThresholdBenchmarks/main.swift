import DriftDetection
import Foundation

/// Measures the false-alarm rate per window of fixed thresholds and of `auto` ones on stationary traffic, for
/// window sizes from 500 to 50,000, and prints a Markdown table (the README's "Thresholds" section).
///
/// Each reference has 200,000 values; windows are drawn from the distribution the reference was drawn from. Binned
/// windows are multinomial counts over the true probabilities of the reference's bins or categories; KS windows are
/// values through a window's quantile sketch. Fixed thresholds are the defaults: PSI at 0.25, JS at 0.2, and the
/// p-value tests at p ≤ 0.001 with an effect of at least 0.1 (and, to show what `min_effect` hides, without it).

var random = SplitMix64(seed: 2_026)
let referenceValues = 200_000
let sizes = [500, 1_000, 5_000, 10_000, 50_000]
let binnedWindows = 20_000
let sketchedWindows = 1_000
let autoRate = 0.01

/// A feature's reference and the true probabilities of its bins or categories.
struct Feature {
    var name: String
    var profile: FeatureProfile
    var truth: [Double]
    var counts: [Int]
}

@MainActor func numericFeature() throws -> Feature {
    let values = (0..<referenceValues).map { _ in random.nextGaussian() }
    let numeric = try NumericProfile(values: values)
    let cdf = [0] + numeric.bins.edges.map { 0.5 * erfc(-$0 / 2.0.squareRoot()) } + [1]
    let profile = FeatureProfile(
        type: .numeric, valueKind: .number, events: values.count, missing: 0, typeMismatch: 0, numeric: numeric,
        categorical: nil)
    return Feature(
        name: "numeric N(0, 1), 10 bins", profile: profile, truth: zip(cdf.dropFirst(), cdf).map { $0 - $1 },
        counts: numeric.binCounts)
}

/// Categories with Zipf shares, the last ones rare.
@MainActor func categoricalFeature(categories: Int) throws -> Feature {
    let weights = (1...categories).map { 1 / Double($0) }
    let total = weights.reduce(0, +)
    let truth = weights.map { $0 / total }
    let labels = (0..<categories).map { String(format: "c%03d", $0) }
    let drawn = random.nextMultinomial(trials: referenceValues, weights: truth)
    let profile = FeatureProfile(
        type: .categorical, valueKind: .string, events: referenceValues, missing: 0, typeMismatch: 0, numeric: nil,
        categorical: CategoricalProfile(counts: Dictionary(uniqueKeysWithValues: zip(labels, drawn))))
    return Feature(
        name: "categorical, \(categories) Zipf categories", profile: profile, truth: truth,
        counts: try NullSimulation.referenceCounts(profile))
}

/// The share of windows whose `metric` breaches: fixed rules take the result, `auto` the calibrated threshold.
@MainActor func binnedRate(_ feature: Feature, _ metric: DistanceMetric, size: Int, fixed: ((DistanceResult) -> Bool)?) throws
    -> Double
{
    var threshold = Double.infinity
    if fixed == nil {
        let calibration = try Calibration(metric, feature: feature.name, profile: feature.profile, windowValues: size)
        threshold = calibration.null.threshold(rate: autoRate)
    }
    var alarms = 0
    for _ in 0..<binnedWindows {
        let window = random.nextMultinomial(trials: size, weights: feature.truth)
        let result = try DistanceCalculator.binned(metric, referenceCounts: feature.counts, currentCounts: window)
        if fixed.map({ $0(result) }) ?? (result.value > threshold) { alarms += 1 }
    }
    return Double(alarms) / Double(binnedWindows)
}

@MainActor func ksRate(_ feature: Feature, size: Int, fixed: ((DistanceResult) -> Bool)?) throws -> Double {
    guard let numeric = feature.profile.numeric else { return .nan }
    var threshold = Double.infinity
    if fixed == nil {
        let calibration = try Calibration(.ks, feature: feature.name, profile: feature.profile, windowValues: size)
        threshold = calibration.null.threshold(rate: autoRate)
    }
    var alarms = 0
    for _ in 0..<sketchedWindows {
        var window = numeric.makeWindow()
        for _ in 0..<size { window.record(number: random.nextGaussian()) }
        let result = try window.distance(.ks, reference: numeric)
        if fixed.map({ $0(result) }) ?? (result.value > threshold) { alarms += 1 }
    }
    return Double(alarms) / Double(sketchedWindows)
}

func pValue(_ alertP: Double, minEffect: Double) -> (DistanceResult) -> Bool {
    { ($0.pValue ?? 1) <= alertP && ($0.effectSize ?? $0.value) >= minEffect }
}

func percent(_ rate: Double) -> String {
    rate.isNaN ? "–" : String(format: rate == 0 ? "0" : rate < 0.001 ? "%.3f%%" : "%.2f%%", rate * 100)
}

let numeric = try numericFeature()
let fewCategories = try categoricalFeature(categories: 7)
let manyCategories = try categoricalFeature(categories: 200)

print("False alarms per window on stationary traffic (reference of \(referenceValues) values):")
print()
print(
    "| window | PSI ≥ 0.25, numeric | PSI ≥ 0.25, 200 categories | JS ≥ 0.2, 200 categories | "
        + "chi2 p ≤ 0.001, 7 categories | KS p ≤ 0.001 | KS p ≤ 0.001, no min_effect | "
        + "auto PSI, 200 categories | auto chi2, 7 categories | auto KS |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for size in sizes {
    let cells = [
        try binnedRate(numeric, .psi, size: size, fixed: { $0.value >= 0.25 }),
        try binnedRate(manyCategories, .psi, size: size, fixed: { $0.value >= 0.25 }),
        try binnedRate(manyCategories, .js, size: size, fixed: { $0.value >= 0.2 }),
        try binnedRate(fewCategories, .chi2, size: size, fixed: pValue(0.001, minEffect: 0.1)),
        try ksRate(numeric, size: size, fixed: pValue(0.001, minEffect: 0.1)),
        try ksRate(numeric, size: size, fixed: pValue(0.001, minEffect: 0)),
        try binnedRate(manyCategories, .psi, size: size, fixed: nil),
        try binnedRate(fewCategories, .chi2, size: size, fixed: nil),
        try ksRate(numeric, size: size, fixed: nil),
    ]
    print("| \(size) | " + cells.map(percent).joined(separator: " | ") + " |")
}
print()
print("auto columns target \(percent(autoRate)) per window.")
