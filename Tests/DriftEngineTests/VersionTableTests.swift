import DriftDetection
import Testing

@testable import DriftEngine

/// A partition's versions: the table that finds a model's versions without a scan, and new versions made from their
/// model's fresh monitors.
@Suite("Version table")
struct VersionTableTests {
    @Test func keysOfAModelFollowInsertionsAndRemovals() throws {
        var engine = MonitoringEngine.fraudTestEngine()
        let (first, second) = (VersionKey(model: "fraud", version: "1"), VersionKey(model: "fraud", version: "2"))
        var table = VersionTable()
        table.insert(try engine.makeState(first), for: first)
        let position = table.insert(try engine.makeState(second), for: second)
        table.insert(try engine.makeState(second), for: second)
        #expect(table.keys(of: "fraud") == [first, second])
        #expect(table.key(at: position) == second)
        #expect(table.remove(first) != nil)
        #expect(table.remove(first) == nil)
        #expect(table.keys(of: "fraud") == [second])
        table.remove(second)
        #expect(table.keys(of: "fraud").isEmpty && table.isEmpty)
    }

    /// Version 1 leaves half a window of shifted events; version 2, made from the model's fresh monitors, starts
    /// with empty windows of its own: its first window closes after its own 500th event and names version 2.
    @Test func aNewVersionStartsEmptyBesideAVersionWithEvents() throws {
        var engine = try WindowFamilyTests.engine(DistanceTestSettings(metric: .psi))
        var random = SplitMix64(seed: 4)
        var offset: Int64 = 0
        func feed(_ count: Int, version: String, shift: Double) -> [SignalEvaluation] {
            for _ in 0..<count {
                var values: [String: FeatureValue] = [:]
                for name in WindowFamilyTests.features { values[name] = .number(random.nextGaussian() + shift) }
                let event = PredictionEvent(
                    id: "\(offset)", model: "m", modelVersion: version, eventTime: offset, features: values,
                    prediction: PredictionOutput(score: 0.5))
                _ = engine.ingest(event, recordTime: nil, at: InputPosition(partition: 0, offset: offset))
                offset += 1
            }
            return engine.takeEvaluations()
        }
        #expect(feed(250, version: "1", shift: 3).isEmpty)
        #expect(feed(499, version: "2", shift: 0).isEmpty)
        let closed = feed(1, version: "2", shift: 0)
        #expect(!closed.isEmpty)
        #expect(closed.allSatisfy { $0.modelVersion == "2" && $0.window.events == WindowFamilyTests.windowEvents })
        #expect(closed.filter { $0.kind == .dataDrift }.allSatisfy { $0.severity == nil })
    }
}
