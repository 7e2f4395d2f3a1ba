import DriftDetection
import Foundation
import Testing

@testable import DriftEngine

@Suite("Joining outcomes to predictions")
struct PendingJoinStoreTests {
    static let hour: Int64 = 3_600_000

    func prediction(_ id: String, model: String = "fraud", at time: Int64 = 1_000) -> PredictionEvent {
        PredictionEvent(
            id: id, model: model, modelVersion: "3", eventTime: time, features: ["amount": .number(12.5)],
            prediction: PredictionOutput(label: ClassLabel("fraud"), score: 0.9))
    }

    func outcome(_ id: String, model: String = "fraud", at time: Int64 = 2_000) -> OutcomeEvent {
        OutcomeEvent(id: id, model: model, eventTime: time, label: ClassLabel("legit"))
    }

    func pair(_ id: String, model: String = "fraud", predicted: Int64 = 1_000, observed: Int64 = 2_000) -> JoinedPair {
        JoinedPair(
            model: model, id: id, modelVersion: "3",
            prediction: PredictionOutput(label: ClassLabel("fraud"), score: 0.9),
            predictionTime: predicted, outcomeLabel: ClassLabel("legit"), outcomeTime: observed)
    }

    /// A pending join's state key ends in the 32 hex digits of its id hash, which a restore parses back.
    @Test(arguments: [UInt128(0), 0xF, 0xDEAD_BEEF, UInt128.max, UInt128(1) << 127, FNV1a128.hash(bytes: "p-1".utf8)])
    func stateKeysHoldTheIdHashInThirtyTwoHexDigits(_ id: UInt128) {
        let hex = PendingEntry.hexDigits(id)
        #expect(hex.count == 32)
        #expect(UInt128(hex, radix: 16) == id)
        #expect(hex == String(repeating: "0", count: 32 - String(id, radix: 16).count) + String(id, radix: 16))
    }

    @Test func joinsAnOutcomeThatFollowsItsPrediction() {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 10)
        #expect(store.add(prediction("a"), now: 1_000) == nil)
        #expect(store.counters.waitingPredictions == 1)
        #expect(store.add(outcome("a"), now: 2_000) == pair("a"))
        #expect(store.counters.joined == 1)
        #expect(store.counters.waitingPredictions == 0)
    }

    @Test func joinsAnOutcomeThatArrivesBeforeItsPrediction() {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 10)
        #expect(store.add(outcome("a"), now: 2_000) == nil)
        #expect(store.counters.waitingOutcomes == 1)
        #expect(store.add(prediction("a"), now: 2_000) == pair("a"))
        #expect(store.counters == JoinCounters(joined: 1))
    }

    @Test func joinsByModelAndId() {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 10)
        #expect(store.add(prediction("a", model: "fraud"), now: 0) == nil)
        #expect(store.add(outcome("a", model: "churn"), now: 0) == nil)
        #expect(store.add(prediction("a", model: "churn"), now: 0) == pair("a", model: "churn"))
        #expect(store.counters.waitingPredictions == 1)
    }

    @Test func ignoresAndCountsDuplicatesBeforeAndAfterTheJoin() {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 10)
        #expect(store.add(prediction("a"), now: 0) == nil)
        #expect(store.add(prediction("a", at: 1_500), now: 0) == nil)
        #expect(store.add(outcome("a"), now: 0) == pair("a"))
        #expect(store.add(outcome("a"), now: 0) == nil)
        #expect(store.add(prediction("a"), now: 0) == nil)
        #expect(store.add(outcome("b"), now: 0) == nil)
        #expect(store.add(outcome("b"), now: 0) == nil)
        #expect(store.counters.joined == 1)
        #expect(store.counters.duplicatePredictions == 2)
        #expect(store.counters.duplicateOutcomes == 2)
        #expect(store.counters.waitingOutcomes == 1)
    }

    @Test func expiresEntriesAfterTheirTimeToLive() {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 10)
        _ = store.add(prediction("a"), now: 0)
        _ = store.add(outcome("b"), now: 10)
        _ = store.add(prediction("c"), now: 20)
        _ = store.add(outcome("c"), now: 20)
        store.advance(to: Self.hour - 1)
        #expect(store.count == 3)
        store.advance(to: Self.hour + 10)
        #expect(store.count == 1)
        #expect(store.counters.expiredPredictions == 1)
        #expect(store.counters.expiredOutcomes == 1)
        #expect(store.add(outcome("a"), now: 5) == nil, "a late outcome waits again; time does not go back")
        #expect(store.now == Self.hour + 10)
        store.advance(to: Self.hour + 20)
        #expect(store.add(prediction("c"), now: Self.hour + 20) == nil, "the join marker expired too")
        #expect(
            store.counters
                == JoinCounters(
                    joined: 1, expiredPredictions: 1, expiredOutcomes: 1, waitingPredictions: 1, waitingOutcomes: 1))
    }

    @Test func evictsTheOldestEntryWhenFull() {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 3)
        _ = store.add(prediction("a"), now: 0)
        _ = store.add(outcome("b"), now: 1)
        _ = store.add(prediction("c"), now: 2)
        _ = store.add(prediction("d"), now: 3)
        _ = store.add(prediction("e"), now: 4)
        #expect(store.count == 3)
        #expect(store.counters.evictedPredictions == 1)
        #expect(store.counters.evictedOutcomes == 1)
        #expect(store.add(outcome("a"), now: 5) == nil, "a's prediction was evicted")
        #expect(store.add(outcome("e"), now: 6) == pair("e"))
        #expect(store.counters.evictedPredictions == 2)
        #expect(store.counters.waitingPredictions + store.counters.waitingOutcomes <= 3)
    }

    @Test func keepsItsBoundUnderSustainedLoad() {
        var store = PendingJoinStore(ttl: 1_000, maxPending: 100)
        var joined = 0
        for step in 0..<10_000 {
            let time = Int64(step)
            if store.add(prediction("p\(step)", at: time), now: time) != nil { joined += 1 }
            let lag = step.isMultiple(of: 2) ? 20 : 151  // every other outcome comes after its prediction's eviction
            if step >= lag, store.add(outcome("p\(step - lag)", at: time), now: time) != nil { joined += 1 }
            #expect(store.count <= 100)
        }
        #expect(joined == store.counters.joined)
        #expect(store.counters.joined > 0)
        #expect(store.counters.evictedPredictions > 0)
        #expect(store.counters.evictedOutcomes > 0)
    }

    /// A stream of predictions and outcomes in mixed order, with duplicates, late and missing outcomes.
    func mixedStream() -> [(event: Either, now: Int64)] {
        var stream: [(Either, Int64)] = []
        for step in 0..<400 {
            let time = Int64(step) * 60_000
            stream.append((.prediction(prediction("id\(step)", at: time)), time))
            if step % 3 == 0 { stream.append((.outcome(outcome("id\(step + 2)", at: time)), time)) }
            if step % 5 == 0, step >= 90 { stream.append((.outcome(outcome("id\(step - 90)", at: time)), time)) }
            if step % 7 == 0 { stream.append((.prediction(prediction("id\(step)", at: time)), time)) }
        }
        return stream
    }

    enum Either {
        case prediction(PredictionEvent)
        case outcome(OutcomeEvent)
    }

    func run(_ events: some Sequence<(event: Either, now: Int64)>, on store: inout PendingJoinStore) -> [JoinedPair] {
        events.compactMap { item in
            switch item.event {
            case .prediction(let event): store.add(event, now: item.now)
            case .outcome(let event): store.add(event, now: item.now)
            }
        }
    }

    @Test(arguments: [0, 1, 250, 517])
    func restoresMidStreamAsIfUninterrupted(at split: Int) throws {
        let stream = mixedStream()
        var uninterrupted = PendingJoinStore(ttl: Self.hour, maxPending: 60)
        let expected = run(stream, on: &uninterrupted)

        var first = PendingJoinStore(ttl: Self.hour, maxPending: 60)
        var pairs = run(stream.prefix(split), on: &first)
        let snapshot = try JSONEncoder().encode(first)
        var restored = try JSONDecoder().decode(PendingJoinStore.self, from: snapshot)
        #expect(restored == first)
        pairs += run(stream.dropFirst(split), on: &restored)

        #expect(pairs == expected)
        #expect(restored == uninterrupted)
        #expect(uninterrupted.counters.joined > 0)
        #expect(uninterrupted.counters.duplicatePredictions > 0)
        #expect(uninterrupted.counters.evictedPredictions + uninterrupted.counters.expiredPredictions > 0)
    }

    @Test func rejectsASnapshotOverItsBound() throws {
        var store = PendingJoinStore(ttl: Self.hour, maxPending: 2)
        _ = store.add(prediction("a"), now: 0)
        _ = store.add(prediction("b"), now: 0)
        let json = String(decoding: try JSONEncoder().encode(store), as: UTF8.self)
            .replacingOccurrences(of: "\"max_pending\":2", with: "\"max_pending\":1")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PendingJoinStore.self, from: Data(json.utf8)) }
    }

    @Test func entriesStaySmall() {
        // Strings of up to 15 UTF-8 bytes (ids, model names, labels) live inside these 16 bytes.
        #expect(MemoryLayout<String>.size == 16)
        #expect(MemoryLayout<PendingEntry>.stride <= 136)
        #expect(PendingJoinStore.approximateBytesPerEntry <= 256)
    }
}

extension JoinCounters {
    init(
        joined: Int = 0, expiredPredictions: Int = 0, expiredOutcomes: Int = 0, waitingPredictions: Int = 0,
        waitingOutcomes: Int = 0
    ) {
        self.init()
        self.joined = joined
        self.expiredPredictions = expiredPredictions
        self.expiredOutcomes = expiredOutcomes
        self.waitingPredictions = waitingPredictions
        self.waitingOutcomes = waitingOutcomes
    }
}
