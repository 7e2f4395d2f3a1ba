import DriftEngine
import Foundation
import Testing

@testable import DriftwatchService

/// A configuration with `auto` thresholds, a correction and a dataset drift, replayed over files: what its alerts
/// carry on the wire.
@Suite("Calibrated thresholds from configuration to CloudEvent")
struct CalibratedReplayTests {
    static let configuration = """
        models:
          - name: m
            task: classification
            warmup: 4000
            window: {events: 1000}
            thresholds: {false_alarm_rate: 0.001}
            multiple_testing: bonferroni
            dataset_drift: {share: 0.2}
            features:
              f0: {test: psi, alert: auto}
              f1: {test: psi, alert: auto}
              f2: {test: psi, alert: auto}
              f3: {test: ks, alert: auto}
              f4: {type: categorical, test: chi2, alert: auto}
            prediction: {test: psi, alert: auto}
            alerts: {consecutive: 1, cooldown: 0s, resolve_after: 2}
        """

    /// 10,000 predictions a second apart; from the 7,000th, `f2` (which the score follows) moves up by 1σ.
    static var predictions: String {
        var random = UInt64(42)
        func uniform() -> Double {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(random >> 11) + 0.5) * 0x1p-53
        }
        func gaussian() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
        return (0..<10_000).map { index in
            let values = (0..<4).map { feature in gaussian() + (feature == 2 && index >= 7_000 ? 1 : 0) }
            let category = ["a", "b", "c"][Int(uniform() * 3)]
            let score = 1 / (1 + exp(-values[2]))
            let time = String(format: "2026-12-01T%02d:%02d:%02dZ", index / 3600, index / 60 % 60, index % 60)
            let features = values.enumerated().map { "\"f\($0.offset)\": \($0.element)" }.joined(separator: ", ")
            return #"{"id": "\#(index)", "model": "m", "model_version": "1", "ts": "\#(time)", "features": {"#
                + features + #", "f4": "\#(category)"}, "prediction": {"score": \#(score)}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func alertsCarryAttributionCorrectionAndRate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let predictions = directory.appendingPathComponent("predictions.jsonl")
        try Self.predictions.write(to: predictions, atomically: true, encoding: .utf8)
        let engine = try DriftwatchConfiguration(yaml: Self.configuration, file: "driftwatch.yaml")
            .makeEngine(instance: ReplayRunner.instance)
        var runner = try ReplayRunner(engine: engine, predictions: predictions.path, outcomes: nil)
        var alerts: [[String: Any]] = []
        _ = try runner.run(
            write: { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let data = object["data"] as? [String: Any], data["status"] as? String == "firing"
                else { return }
                alerts.append(data)
            }, reject: { Issue.record("rejected \($0)") })
        let keys = alerts.compactMap { $0["dedup_key"] as? String }
        #expect(Set(keys) == ["m/1/data_drift/f2", "m/1/prediction_drift", "m/1/data_drift"], "\(keys)")
        let prediction = try #require(alerts.first { $0["kind"] as? String == "prediction_drift" })
        let attribution = try #require(prediction["attribution"] as? [[String: Any]])
        #expect(attribution.first?["feature"] as? String == "f2")
        #expect((attribution.first?["change"] as? [String: Any])?["direction"] as? String == "up")
        #expect(prediction["false_alarm_rate"] as? Double == 0.001)
        let feature = try #require(alerts.first { $0["dedup_key"] as? String == "m/1/data_drift/f2" })
        #expect(feature["multiple_testing"] as? String == "bonferroni")
        #expect(feature["false_alarm_rate"] as? Double == 0.001 / 5)
        #expect(feature["drifted_share"] as? Double == 0.2)
        let dataset = try #require(alerts.first { $0["dedup_key"] as? String == "m/1/data_drift" })
        #expect(dataset["detector"] as? String == "drifted_share")
        #expect(dataset["feature"] == nil)
    }
}
