import DriftDetection
import Foundation
import Testing
import WireFormat

@testable import DriftEngine

/// A partition's state survives checkpoints and a restore into another engine: monitors, warm-up references,
/// pending joins and alert sequences continue as if the engine had never stopped.
@Suite("Partition state")
struct PartitionStateTests {
    static let partition: Int32 = 4

    /// One message of the scenario: a prediction (its index) or the outcome of an earlier one.
    enum Message {
        case prediction(Int)
        case outcome(Int)
    }

    /// 12,000 predictions: stationary, `amount` shifted from 6,000 to 9,000 (which fires and resolves), and the
    /// error rate rising from 8,000 (a concept drift). Each outcome arrives 300 predictions after its prediction.
    struct Scenario {
        var predictions: [[UInt8]] = []
        var outcomes: [[UInt8]] = []
        var messages: [Message] = []

        init() {
            var events = EngineTestEvents(seed: 5)
            for index in 0..<12_000 {
                let prediction = events.prediction(amountShift: (6_000..<9_000).contains(index) ? 60 : 0)
                predictions.append(prediction.bytes)
                outcomes.append(events.outcome(of: prediction, errorRate: index >= 8_000 ? 0.45 : 0.05))
                messages.append(.prediction(index))
                if index >= 300 { messages.append(.outcome(index - 300)) }
            }
        }
    }

    static let scenario = Scenario()

    static func engine(warm_start: Int = 300) -> MonitoringEngine {
        .fraudTestEngine(concept: ConceptSettings(detector: "ddm", parameters: ["warm_start": "\(warm_start)"]))
    }

    /// Feeds messages and returns their outputs as CloudEvents JSON.
    static func feed(_ range: Range<Int>, to engine: inout MonitoringEngine) -> [String] {
        scenario.messages[range].flatMap { message -> [String] in
            let result: MonitoringEngine.Result
            switch message {
            case .prediction(let index):
                result = engine.ingestPrediction(
                    scenario.predictions[index], fallbackTime: nil, partition: partition, offset: Int64(index))
            case .outcome(let index):
                result = engine.ingestOutcome(
                    scenario.outcomes[index], fallbackTime: nil, partition: partition, offset: Int64(index))
            }
            guard case .accepted(let outputs) = result else { return ["rejected \(message)"] }
            return outputs.map { String(decoding: engine.encode($0).value, as: UTF8.self) }
        }
    }

    /// A compacted topic in memory: the latest value per key, tombstones delete.
    struct CompactedLog {
        var values: [String: [UInt8]] = [:]
        var written = 0

        mutating func apply(_ checkpoint: PartitionCheckpoint) {
            for record in checkpoint.records {
                values[record.key] = record.value
                written += 1
            }
        }
    }

    static let uninterrupted: [String] = {
        var engine = Self.engine()
        return feed(0..<scenario.messages.count, to: &engine)
    }()

    @Test func theScenarioFiresResolvesAndDetectsTheConceptDrift() {
        let alerts = Self.uninterrupted.filter { $0.contains("io.driftwatch.alert") }
        #expect(alerts.contains { $0.contains("fraud/1/data_drift/amount") && $0.contains(#""resolved""#) })
        #expect(alerts.contains { $0.contains("fraud/1/concept_drift") })
        // The error stream's alert names the inputs that moved most over the last closed input window.
        let concept = alerts.first { $0.contains("fraud/1/concept_drift") && $0.contains(#""status": "firing""#) }
        #expect(concept?.contains(#""attribution": [{"feature": ""#) == true)
    }

    @Test(arguments: [2_500, 6_500, 8_900, 15_000])
    func restoredStateContinuesAsIfUninterrupted(at cut: Int) {
        var log = CompactedLog()
        var first = Self.engine()
        var outputs: [String] = []
        // Checkpoints along the way, as the pipeline writes them: only what changed since the previous one.
        for start in stride(from: 0, to: cut, by: 1_000) {
            outputs += Self.feed(start..<min(start + 1_000, cut), to: &first)
            log.apply(first.checkpoint(partition: Self.partition)!)
        }
        let positions = first.checkpoint(partition: Self.partition)!.positions
        var second = Self.engine()
        let failures = second.restore(partition: Self.partition, records: log.values, positions: positions)
        #expect(failures.isEmpty)
        #expect(second.joinCounters.waitingPredictions == first.joinCounters.waitingPredictions)
        outputs += Self.feed(cut..<Self.scenario.messages.count, to: &second)
        #expect(outputs == Self.uninterrupted)
    }

    @Test func joinedAndExpiredEntriesAreDeletedFromTheLog() {
        var log = CompactedLog()
        var engine = Self.engine()
        for start in stride(from: 0, to: 6_000, by: 500) {
            _ = Self.feed(start..<start + 500, to: &engine)
            log.apply(engine.checkpoint(partition: Self.partition)!)
        }
        let pendingKeys = log.values.keys.filter { $0.hasPrefix("j/") }
        // Outcomes lag 300 predictions; joined markers stay for duplicate detection until the join TTL passes.
        #expect(pendingKeys.count == engine.partitions[Self.partition]!.joins.count)
        #expect(log.written < 3 * 6_000, "each pending join is written about once, not per checkpoint")
    }

    @Test func aPositionIsWhereTheNextRecordOfEachTopicIs() {
        var engine = Self.engine()
        _ = Self.feed(0..<1_000, to: &engine)
        let positions = engine.checkpoint(partition: Self.partition)!.positions
        #expect(positions.predictions == 650 && positions.outcomes == 350)
        #expect(engine.checkpoint(partition: 9) == nil)
    }

    @Test func unreadableRecordsAreReportedAndTheirVersionStartsAfresh() throws {
        var engine = Self.engine()
        _ = Self.feed(0..<4_000, to: &engine)
        var log = CompactedLog()
        log.apply(engine.checkpoint(partition: Self.partition)!)
        #expect(log.values["v/fraud/1"] != nil)
        var corrupt = log
        corrupt.values["v/fraud/1"] = Array("not json".utf8)
        corrupt.values["v/fraud/2"] = Array(#"{"monitor": {}}"#.utf8)
        corrupt.values["p"] = Array(#"{"format_version": 99}"#.utf8)
        corrupt.values["j/fraud/00ff"] = [7, 1, 2]
        var restored = Self.engine()
        let failures = restored.restore(partition: Self.partition, records: corrupt.values, positions: .init())
        #expect(failures.map(\.key) == ["j/fraud/00ff", "p", "v/fraud/1", "v/fraud/2"])
        #expect(failures.first { $0.key == "v/fraud/2" }?.reason.contains("older driftwatch") == true)
        #expect(failures.first { $0.key == "p" }?.reason.contains("format_version 99") == true)
        #expect(restored.partitions[Self.partition]!.versions.isEmpty)
        // The next event starts the version afresh, with a new warm-up.
        _ = Self.feed(4_000..<4_010, to: &restored)
        #expect(restored.partitions[Self.partition]!.versions.count == 1)
    }

    @Test func changedSettingsRestartTheMonitorsButContinueTheAlertSequence() throws {
        var engine = Self.engine()
        _ = Self.feed(0..<17_000, to: &engine)
        var log = CompactedLog()
        log.apply(engine.checkpoint(partition: Self.partition)!)
        let before = try #require(engine.partitions[Self.partition]!.versions.values.first?.alerts)
        var reconfigured = Self.engine(warm_start: 500)
        #expect(reconfigured.settingsFingerprints != engine.settingsFingerprints)
        #expect(reconfigured.restore(partition: Self.partition, records: log.values, positions: .init()).isEmpty)
        let state = try #require(reconfigured.partitions[Self.partition]!.versions.values.first)
        #expect(!before.firingKeys.isEmpty)
        // The new monitors have judged nothing: what fired resolves, and the sequence numbers are kept.
        let resolved = reconfigured.takeRestoreOutputs().outputs.compactMap(\.alert)
        #expect(resolved.map(\.dedupKey) == before.firingKeys)
        #expect(resolved.allSatisfy { $0.status == .resolved && $0.reason == AlertEvent.monitorsRestarted })
        #expect(state.alerts.firingKeys.isEmpty)
        #expect(state.alerts.highestSequence == before.highestSequence)
        var continued = before
        _ = continued.resolveFiring(
            of: SignalSubject(model: "fraud", modelVersion: "1"), reason: AlertEvent.monitorsRestarted,
            since: state.lastEventTime, at: reconfigured.partitions[Self.partition]!.latestEventTime)
        #expect(state.alerts == continued, "every key's state is the one before, its episode resolved")
    }

    @Test func releasingAPartitionReportsItsVersionsAndFiringAlerts() {
        var engine = Self.engine()
        _ = Self.feed(0..<17_000, to: &engine)
        let firing = engine.partitions[Self.partition]!.versions.values.flatMap(\.alerts.firingKeys)
        #expect(firing.contains("fraud/1/data_drift/amount"))
        let released = engine.release(partitions: [Self.partition])
        #expect(released.versions == [SignalSubject(model: "fraud", modelVersion: "1")])
        #expect(released.firingKeys == firing.sorted())
        #expect(engine.ownedPartitions.isEmpty && engine.joinCounters == JoinCounters())
    }
}
