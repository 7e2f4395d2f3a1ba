import DriftDetection
import Foundation

/// Measures window updates per second and prints one JSON line per benchmark:
/// `{"benchmark": …, "updates": n, "seconds": s, "updates_per_second": r, "checksum": c}`.
/// The checksum depends on every update so the work cannot be optimised away.

/// Random inputs, generated before timing.
var random = SystemRandomNumberGenerator()
let updates = 2_000_000
let numbers = (0..<4_096).map { _ in Double.random(in: -3...3, using: &random) }
let countries = ["KR", "US", "DE", "FR", "JP", "BR", "IN", "GB", "CA", "MX", "unknown-country"]
let labels = (0..<4_096).map { _ in FeatureValue.string(countries.randomElement(using: &random)!) }

func report(_ name: String, seconds: Double, checksum: Double) {
    let rate = Double(updates) / seconds
    print(
        "{\"benchmark\": \"\(name)\", \"updates\": \(updates), \"seconds\": \(seconds), "
            + "\"updates_per_second\": \(rate.rounded()), \"checksum\": \(checksum)}"
    )
}

func measure(_ body: () -> Double) -> (seconds: Double, checksum: Double) {
    let clock = ContinuousClock()
    var checksum = 0.0
    let elapsed = clock.measure { checksum = body() }
    let components = elapsed.components
    return (Double(components.seconds) + Double(components.attoseconds) * 1e-18, checksum)
}

let numericReference = try NumericProfile(values: (0..<10_000).map { _ in Double.random(in: -3...3, using: &random) })
let numeric = measure {
    var window = numericReference.makeWindow()
    for index in 0..<updates {
        window.record(number: numbers[index & 4_095])
    }
    return window.moments.mean + Double(window.binCounts[0])
}
report("numeric_window_update", seconds: numeric.seconds, checksum: numeric.checksum)

let categoricalReference = CategoricalProfile(
    counts: Dictionary(uniqueKeysWithValues: countries.dropLast().map { ($0, 10) }))
let categorical = measure {
    var window = categoricalReference.makeWindow()
    for index in 0..<updates {
        window.record(labels[index & 4_095])
    }
    return Double(window.counts["KR"] ?? 0) + Double(window.quality.unseenCategory)
}
report("categorical_window_update", seconds: categorical.seconds, checksum: categorical.checksum)
