import DriftwatchService

/// The drifts the demo injects, at known event indices of each model's stream.
public struct DemoScenario: Sendable {
    /// One injected change.
    public struct Injection: Sendable, CustomStringConvertible {
        public var model: String
        public var kind: String
        public var feature: String?
        /// The index, in the model's own prediction stream, where the change starts.
        public var atEvent: Int
        /// Where the stream returns to normal, if it does.
        public var endsAtEvent: Int?
        public var note: String

        public var description: String {
            "\(model): \(kind)\(feature.map { " on '\($0)'" } ?? "") from event \(atEvent) (\(note))"
        }
    }

    /// Predictions per model.
    public var eventsPerModel: Int
    /// Events of each model that become its reference (warm-up).
    public var warmupEvents: Int
    /// Events per window.
    public var windowEvents: Int
    /// How many predictions later an outcome arrives.
    public var outcomeDelay: Int
    /// The share of predictions that never get an outcome.
    public var missingOutcomeRate: Double
    /// How many malformed records are mixed into the predictions topic.
    public var malformedRecords: Int

    public init(
        eventsPerModel: Int = 30_000, warmupEvents: Int = 5_000, windowEvents: Int = 2_000, outcomeDelay: Int = 300,
        missingOutcomeRate: Double = 0.1, malformedRecords: Int = 5
    ) {
        self.eventsPerModel = eventsPerModel
        self.warmupEvents = warmupEvents
        self.windowEvents = windowEvents
        self.outcomeDelay = outcomeDelay
        self.missingOutcomeRate = missingOutcomeRate
        self.malformedRecords = malformedRecords
    }

    /// Where each drift starts (and ends): a sudden data drift that is reverted, a gradual one, and two concept
    /// drifts.
    public var injections: [Injection] {
        [
            Injection(
                model: "fraud", kind: "data_drift", feature: "amount", atEvent: eventsPerModel / 2,
                endsAtEvent: eventsPerModel * 3 / 5, note: "sudden: amounts triple, then return to normal"),
            Injection(
                model: "churn", kind: "data_drift", feature: "monthly_spend", atEvent: eventsPerModel * 2 / 5,
                note: "gradual: spend rises over the next 20% of events"),
            Injection(
                model: "eta", kind: "concept_drift", feature: nil, atEvent: eventsPerModel * 3 / 5,
                note: "trips take 60% longer than predicted"),
            Injection(
                model: "fraud", kind: "concept_drift", feature: nil, atEvent: eventsPerModel * 7 / 10,
                note: "the fraud pattern changes: 35% of predictions become wrong"),
        ]
    }
}
