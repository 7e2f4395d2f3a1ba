import DriftDetection
import Testing

@testable import DriftEngine

@Suite("The engine on typed events")
struct TypedIngestTests {
    static let prediction = PredictionEvent(
        id: "a", model: "fraud", modelVersion: "1", eventTime: 1_000, features: ["amount": .number(12)],
        prediction: PredictionOutput(label: "legit", score: 0.2))

    /// A prediction's outputs laid out for the output windows by position say what the same outputs as named
    /// pseudo-features do, for every reference's outputs and every event's.
    @Test func outputsLaidOutByPositionAreTheNamedOnes() {
        let outputs = [
            PredictionOutput(label: "fraud", score: 0.9), PredictionOutput(value: 3.5), PredictionOutput(),
            PredictionOutput(label: "legit", score: 0.1, value: 1),
        ]
        let references = [["label", "score"], ["value"], [], ["label", "score", "value"], ["score"]]
        for output in outputs {
            var named: [String: FeatureValue] = [:]
            if let label = output.label { named["label"] = label.featureValue }
            if let score = output.score { named["score"] = .number(score) }
            if let value = output.value { named["value"] = .number(value) }
            for expected in references {
                let schema = SchemaSkew(expectedFeatures: expected, expectedKinds: expected.map { _ in nil })
                let (values, unexpected) = output.laidOut(for: expected)
                let byName = schema.layOut(named)
                #expect(values == byName.values, "\(output) for \(expected)")
                #expect(unexpected.sorted() == byName.unexpected.sorted(), "\(output) for \(expected)")
            }
        }
    }

    /// Events made in Swift, with no bytes and no decoder, join; each moves its partition's position past its
    /// offset, and so does a record the caller could not decode.
    @Test func typedEventsJoinAndMoveTheirPartitionsPositions() throws {
        var engine = MonitoringEngine.fraudTestEngine(warmup: 10, window: 10)
        let at = { (offset: Int64) in InputPosition(partition: 3, offset: offset) }
        #expect(engine.ingest(Self.prediction, recordTime: nil, at: at(41)).isAccepted)
        let outcome = OutcomeEvent(id: "a", model: "fraud", eventTime: 2_000, label: "legit")
        #expect(engine.ingest(outcome, recordTime: nil, at: at(7)).isAccepted)
        #expect(engine.joinCounters.joined == 1)

        let undecodable = EventError(.missingField, "required field is missing", field: "id")
        guard case .rejected(let error) = engine.reject(undecodable, of: .outcomes, at: at(8)) else {
            Issue.record("a rejection was accepted")
            return
        }
        #expect(error == undecodable)
        let positions = try #require(engine.partitions[3]?.positions)
        #expect(positions.predictions == 42)
        #expect(positions.outcomes == 9)
        #expect(engine.ownedPartitions == [3])
    }

    /// The engine's own rules hold for typed events: an event time far ahead of its record is refused, naming
    /// the limit, and counted against it.
    @Test func anEventTimeFarAheadOfItsRecordIsRefused() {
        var engine = MonitoringEngine.fraudTestEngine(warmup: 10, window: 10)
        var ahead = Self.prediction
        ahead.eventTime = 3 * 86_400_000
        let result = engine.ingest(ahead, recordTime: 1_000, at: InputPosition(partition: 0, offset: 0))
        guard case .rejected(let error) = result else {
            Issue.record("an event two days ahead of its record was accepted")
            return
        }
        #expect(error.limit == .eventTimeLead)
        #expect(error.field == "ts")
        #expect(engine.counters.limitHits[.eventTimeLead] == 1)
    }
}
