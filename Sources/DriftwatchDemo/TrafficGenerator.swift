import DriftDetection
import DriftEngine
import DriftwatchService
import Foundation

/// Synthetic prediction and outcome traffic for three models with injected drifts (see `DemoScenario`).
///
/// Deterministic for a seed. Models: `fraud` (classification with a score, 8 features), `churn`
/// (classification, 8 features), `eta` (regression, 8 features). Outcomes follow their predictions after
/// `outcomeDelay` predictions of the same model; some never come; a few malformed records are mixed in.
public struct TrafficGenerator: Sendable {
    /// One record to produce.
    public struct Record: Sendable {
        public enum Stream: Sendable { case predictions, outcomes }
        public var stream: Stream
        public var key: String
        public var value: [UInt8]
        public var eventTime: Int64
    }

    public static let models = ["fraud", "churn", "eta"]
    /// The event time of the first record: 2026-11-22T00:00:00Z.
    public static let startTime: Int64 = 1_795_305_600_000

    private let scenario: DemoScenario
    private var random: SplitMix64
    private var index = 0
    private var pendingOutcomes: [(dueAt: Int, key: String, value: [UInt8])] = []
    private var malformedLeft: Int

    public init(scenario: DemoScenario, seed: UInt64 = 7) {
        self.scenario = scenario
        random = SplitMix64(seed: seed)
        malformedLeft = scenario.malformedRecords
    }

    /// All records the scenario has, in order.
    public mutating func all() -> [Record] {
        var records: [Record] = []
        while let record = next() { records.append(record) }
        return records
    }

    /// The next record, or `nil` when the scenario is over.
    public mutating func next() -> Record? {
        if let first = pendingOutcomes.first, first.dueAt <= index || index >= total {
            pendingOutcomes.removeFirst()
            return Record(stream: .outcomes, key: first.key, value: first.value, eventTime: time(index))
        }
        guard index < total else { return nil }
        defer { index += 1 }
        if malformedLeft > 0,
            index % (total / (scenario.malformedRecords + 1)) == total / (scenario.malformedRecords + 1) - 1
        {
            malformedLeft -= 1
            return Record(
                stream: .predictions, key: "fraud", value: Array(malformed(malformedLeft).utf8), eventTime: time(index))
        }
        let model = Self.models[index % Self.models.count]
        let step = index / Self.models.count
        let id = "\(model)-\(step)"
        let (features, prediction, outcome) = sample(model: model, step: step)
        let ts = RFC3339Time.string(fromMilliseconds: time(index))
        let event =
            "{"
            + members([
                ("id", quoted(id)), ("model", quoted(model)), ("model_version", quoted("1")), ("ts", quoted(ts)),
                ("features", "{\(features)}"), ("prediction", "{\(prediction)}"),
            ]) + "}"
        if Double.random(in: 0..<1, using: &random) >= scenario.missingOutcomeRate {
            let outcomeJSON = #"{"id":"\#(id)","model":"\#(model)","ts":"\#(ts)",\#(outcome)}"#
            pendingOutcomes.append((index + scenario.outcomeDelay * Self.models.count, model, Array(outcomeJSON.utf8)))
        }
        return Record(stream: .predictions, key: model, value: Array(event.utf8), eventTime: time(index))
    }

    private var total: Int { scenario.eventsPerModel * Self.models.count }

    private func time(_ index: Int) -> Int64 { Self.startTime + Int64(index) * 100 }

    private func malformed(_ variant: Int) -> String {
        switch variant % 3 {
        case 0: #"{"id": "broken-\#(variant)", "model": "fraud", "features": {"amount": 12.5"#
        case 1: #"{"model": "fraud", "features": {}, "prediction": {"label": "fraud"}}"#
        default:
            #"{"id": "typed-\#(variant)", "model": "fraud", "features": {"amount": [1, 2]}, "#
                + #""prediction": {"score": 2}}"#
        }
    }

    // MARK: - Models

    /// Whether the injected drift of this model and kind is in effect at `step`.
    private func hasDrifted(_ model: String, kind: String, step: Int) -> Bool {
        scenario.injections.contains {
            $0.model == model && $0.kind == kind && step >= $0.atEvent && step < ($0.endsAtEvent ?? .max)
        }
    }

    private mutating func sample(model: String, step: Int) -> (features: String, prediction: String, outcome: String) {
        switch model {
        case "fraud": fraud(step)
        case "churn": churn(step)
        default: eta(step)
        }
    }

    private mutating func fraud(_ step: Int) -> (String, String, String) {
        let drifted = hasDrifted("fraud", kind: "data_drift", step: step)
        let amount = exp(normal(mean: 3.5, deviation: 1)) * (drifted ? 3 : 1)
        let country = pick(["KR", "US", "DE", "JP", "BR"], weights: [0.3, 0.3, 0.2, 0.15, 0.05])
        let age: String = uniform() < 0.02 ? "null" : format(normal(mean: 41, deviation: 12).rounded())
        let isNew = uniform() < 0.2
        let device = pick(["ios", "android", "web"], weights: [0.4, 0.4, 0.2])
        let hour = Int(uniform() * 24)
        let risk = uniform()
        let count = Int(-log(1 - uniform()) * 4)
        let score = min(0.999, max(0.001, 0.7 * risk + 0.2 * uniform() + (isNew ? 0.1 : 0)))
        let predicted = score > 0.5 ? "fraud" : "legit"
        let flipRate = hasDrifted("fraud", kind: "concept_drift", step: step) ? 0.35 : 0.05
        let actual = uniform() < flipRate ? (predicted == "fraud" ? "legit" : "fraud") : predicted
        let features = members([
            ("amount", format(amount)), ("country", quoted(country)), ("age", age), ("is_new", "\(isNew)"),
            ("device", quoted(device)), ("hour", "\(hour)"), ("merchant_risk", format(risk)),
            ("txn_count_7d", "\(count)"),
        ])
        return (features, #""label":"\#(predicted)","score":\#(format(score))"#, #""label":"\#(actual)""#)
    }

    private mutating func churn(_ step: Int) -> (String, String, String) {
        let start = scenario.injections.first { $0.model == "churn" }?.atEvent ?? Int.max
        let ramp = min(1, max(0, Double(step - start) / Double(scenario.eventsPerModel / 5)))
        let spend = normal(mean: 50 + 40 * ramp, deviation: 15)
        let plan = pick(["basic", "pro", "enterprise"], weights: [0.6, 0.3, 0.1])
        let tenure = Int(uniform() * 60)
        let tickets = Int(-log(1 - uniform()) * 1.5)
        let region = pick(["emea", "amer", "apac"], weights: [0.4, 0.4, 0.2])
        let autopay = uniform() < 0.7
        let lastLogin = Int(-log(1 - uniform()) * 10)
        let discount = uniform() < 0.3 ? 0.1 : 0
        let risk = 0.3 * Double(tickets) / 3 + (autopay ? 0 : 0.3) + Double(lastLogin) / 60
        let predicted = risk > 0.5 ? "churn" : "stay"
        let actual = uniform() < 0.08 ? (predicted == "churn" ? "stay" : "churn") : predicted
        let features = members([
            ("tenure_months", "\(tenure)"), ("plan", quoted(plan)), ("monthly_spend", format(spend)),
            ("support_tickets", "\(tickets)"), ("region", quoted(region)), ("autopay", "\(autopay)"),
            ("last_login_days", "\(lastLogin)"), ("discount", format(discount)),
        ])
        return (features, #""label":"\#(predicted)""#, #""label":"\#(actual)""#)
    }

    private mutating func eta(_ step: Int) -> (String, String, String) {
        let distance = max(0.5, normal(mean: 8, deviation: 4))
        let traffic = pick(["low", "medium", "high"], weights: [0.4, 0.4, 0.2])
        let hour = Int(uniform() * 24)
        let weather = pick(["sun", "rain", "snow"], weights: [0.7, 0.25, 0.05])
        let rating = min(5, max(1, normal(mean: 4.6, deviation: 0.3)))
        let vehicle = pick(["car", "bike", "van"], weights: [0.6, 0.3, 0.1])
        let wait = max(0, normal(mean: 4, deviation: 2))
        let zone = "z\(Int(uniform() * 12))"
        let predicted = 3 + distance * 2.2 + (traffic == "high" ? 6 : traffic == "medium" ? 3 : 0) + wait
        let slowdown = hasDrifted("eta", kind: "concept_drift", step: step) ? 1.6 : 1
        let actual = max(1, predicted * slowdown + normal(mean: 0, deviation: 2))
        let features = members([
            ("distance_km", format(distance)), ("traffic", quoted(traffic)), ("hour", "\(hour)"),
            ("weather", quoted(weather)), ("driver_rating", format(rating)), ("vehicle", quoted(vehicle)),
            ("pickup_wait", format(wait)), ("zone", quoted(zone)),
        ])
        return (features, #""value":\#(format(predicted))"#, #""value":\#(format(actual))"#)
    }

    // MARK: - Random values

    private mutating func uniform() -> Double { Double.random(in: 0..<1, using: &random) }

    private mutating func normal(mean: Double, deviation: Double) -> Double {
        let u = max(uniform(), .leastNonzeroMagnitude)
        return mean + deviation * (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }

    private mutating func pick(_ values: [String], weights: [Double]) -> String {
        var target = uniform()
        for (value, weight) in zip(values, weights) {
            if target < weight { return value }
            target -= weight
        }
        return values[values.count - 1]
    }

    private func format(_ value: Double) -> String { String(format: "%.4f", value) }

    /// `"text"` as a JSON string (the generator's texts need no escaping).
    private func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// JSON object members, without the braces.
    private func members(_ pairs: [(String, String)]) -> String {
        pairs.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
    }
}
