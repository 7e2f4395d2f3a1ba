import DriftDetection
import DriftEngine
import Foundation

/// Realistic prediction events (README, "Events in and out") as message bytes: about 300 bytes each, ten features of
/// mixed types
/// (seven numbers, two strings, one boolean) and a classification output with a score.
///
/// A drifted event shifts `amount`, `age` and `session_seconds`, changes the mix of `country` and `device`, and
/// raises the score, so that every kind of window test sees it.
struct PredictionEventGenerator {
    /// The features every event carries, in the order they are written.
    static let featureNames = [
        "amount", "age", "tenure_days", "items", "session_seconds", "hour", "distance_km", "country", "device",
        "is_new",
    ]
    private static let countries = ["KR", "US", "DE", "FR", "JP", "BR", "IN", "GB"]
    private static let devices = ["ios", "android", "web", "pos"]

    private var random: SplitMix64
    private var sequence: UInt64 = 0

    init(seed: UInt64 = 42) {
        random = SplitMix64(seed: seed)
    }

    /// The name of model `index`, as the configuration and the events spell it.
    static func modelName(_ index: Int) -> String {
        let digits = String(index)
        return "model-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The next event of `model` (version `modelVersion`) at `eventTime` (milliseconds since the epoch).
    mutating func event(model: String, eventTime: Int64, drifted: Bool = false, modelVersion: String = "3")
        -> [UInt8]
    {
        sequence += 1
        let shift = drifted ? 1.0 : 0.0
        let amount = max(0.5, 80 + 60 * normal() + 160 * shift)
        let age = Int(max(18, min(90, 40 + 12 * normal() + 15 * shift)))
        let tenure = Int(uniform() * 3650)
        let items = 1 + Int(uniform() * 6)
        let session = max(1, 120 + 40 * normal() + 200 * shift)
        let hour = Int(uniform() * 24)
        let distance = max(0, 8 + 4 * normal())
        let country = Self.countries[pick(Self.countries.count, skew: drifted)]
        let device = Self.devices[pick(Self.devices.count, skew: drifted)]
        let isNew = uniform() < 0.15
        let score = min(1, max(0, 0.2 + 0.15 * normal() + 0.4 * shift))
        let text =
            "{\"id\":\"evt-\(hex(sequence))-\(hex(random.next() & 0xFFFF_FFFF))\",\"model\":\"\(model)\","
            + "\"model_version\":\"\(modelVersion)\",\"ts\":\"\(RFC3339Time.string(fromMilliseconds: eventTime))\","
            + "\"features\":{\"amount\":\(fixed(amount)),\"age\":\(age),\"tenure_days\":\(tenure),"
            + "\"items\":\(items),\"session_seconds\":\(fixed(session)),\"hour\":\(hour),"
            + "\"distance_km\":\(fixed(distance)),\"country\":\"\(country)\",\"device\":\"\(device)\","
            + "\"is_new\":\(isNew)},\"prediction\":{\"label\":\"\(score >= 0.5 ? "fraud" : "legit")\","
            + "\"score\":\(fixed(score, digits: 4))}}"
        return Array(text.utf8)
    }

    /// A uniform number in [0, 1).
    private mutating func uniform() -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }

    /// A standard normal number (Box–Muller).
    private mutating func normal() -> Double {
        let u = max(uniform(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }

    /// An index below `count`, weighted towards the first ones; `skew` turns the weights around.
    private mutating func pick(_ count: Int, skew: Bool) -> Int {
        let index = min(count - 1, Int(Double(count) * uniform() * uniform()))
        return skew ? count - 1 - index : index
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The number with `digits` decimals, as a producer would write it.
    private func fixed(_ value: Double, digits: Int = 2) -> String {
        let scale = digits == 4 ? 10_000.0 : 100.0
        let scaled = Int64((value * scale).rounded())
        let whole = String(scaled / Int64(scale))
        let fraction = String(scaled % Int64(scale))
        return whole + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
