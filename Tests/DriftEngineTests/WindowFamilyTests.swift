import DriftDetection
import Foundation
import Testing

@testable import DriftEngine

/// A model's feature tests of one window as a family: multiple-testing corrections, the attribution that model-level
/// alerts carry, and the dataset drift over the family.
@Suite("Feature tests of one window")
struct WindowFamilyTests {
    /// Eleven numeric features `f0`…`f10`, N(0, 1) in the reference; `f0` is the one that drifts.
    static let features = (0...10).map { "f\($0)" }
    static let windowEvents = 500

    /// A reference of 50,000 events; the score is a logistic function of `f0`.
    static let reference = Result { () throws -> ReferenceProfile in
        var random = SplitMix64(seed: 21)
        var profiles: [String: FeatureProfile] = [:]
        var first: [Double] = []
        for name in features {
            let values = (0..<50_000).map { _ in random.nextGaussian() }
            if name == "f0" { first = values }
            profiles[name] = try .numeric(values: values)
        }
        let scores = first.map { 1 / (1 + exp(-2 * $0)) }
        return ReferenceProfile(
            model: "m", modelVersion: nil, events: 50_000, features: profiles,
            prediction: PredictionProfile(label: nil, score: try .numeric(values: scores), value: nil), label: nil)
    }

    /// An engine over the reference with `test` on every feature and on the score.
    static func engine(
        _ test: DistanceTestSettings, multipleTesting: MultipleTesting? = nil, datasetDrift: Double? = nil,
        prediction: DistanceTestSettings? = nil
    ) throws -> MonitoringEngine {
        let settings = MonitorSettings(
            model: "m", task: .classification, reference: .profile(try reference.get()), windowEvents: windowEvents,
            defaultFeatureTest: test, prediction: prediction, multipleTesting: multipleTesting,
            datasetDriftShare: datasetDrift)
        var engine = MonitoringEngine(
            models: [settings], policies: [:], joinTTL: 60_000, maximumPending: 1_000, instance: "test")
        engine.keepsEvaluations = true
        return engine
    }

    /// The evaluations of `windows` windows in which `f0` is shifted by `shift` standard deviations.
    static func run(_ engine: inout MonitoringEngine, windows: Int, shift: Double, seed: UInt64) -> [[SignalEvaluation]]
    {
        var random = SplitMix64(seed: seed)
        var perWindow: [[SignalEvaluation]] = []
        for offset in 0..<(windows * windowEvents) {
            var values: [String: FeatureValue] = [:]
            for name in features { values[name] = .number(random.nextGaussian()) }
            let first = random.nextGaussian() + shift
            values["f0"] = .number(first)
            let event = PredictionEvent(
                id: "\(offset)", model: "m", modelVersion: "1", eventTime: Int64(offset),
                features: values, prediction: PredictionOutput(score: 1 / (1 + exp(-2 * first))))
            _ = engine.ingest(event, recordTime: nil, at: InputPosition(partition: 0, offset: Int64(offset)))
            if (offset + 1) % windowEvents == 0 { perWindow.append(engine.takeEvaluations()) }
        }
        return perWindow
    }

    static let chi2 = DistanceTestSettings(metric: .chi2, alertP: 0.05, minEffect: 0)

    /// Per window, the stationary features that alerted, and whether `f0` did.
    static func alarms(_ windows: [[SignalEvaluation]]) -> (falseAlarms: [Int], drifted: Int) {
        let perWindow = windows.map { evaluations in
            evaluations.filter { $0.kind == .dataDrift && $0.severity == .critical && $0.feature != nil }
        }
        return (
            perWindow.map { $0.count { $0.feature != "f0" } },
            perWindow.count { $0.contains { $0.feature == "f0" } }
        )
    }

    @Test("without a correction, ten stationary features at 5% each alarm in most windows")
    func uncorrected() throws {
        var engine = try Self.engine(Self.chi2)
        let (falseAlarms, drifted) = Self.alarms(Self.run(&engine, windows: 200, shift: 0.5, seed: 1))
        #expect(falseAlarms.count { $0 > 0 } > 60, "\(falseAlarms.count { $0 > 0 }) of 200 windows")
        #expect(drifted >= 190)
    }

    @Test("bonferroni keeps the chance of any false alarm in a window at the rate, and alerts the drifted feature")
    func bonferroni() throws {
        var engine = try Self.engine(Self.chi2, multipleTesting: .bonferroni)
        let windows = Self.run(&engine, windows: 200, shift: 0.5, seed: 2)
        let (falseAlarms, drifted) = Self.alarms(windows)
        // 5% of 200 windows is 10; a factor of 2 leaves room for chance.
        #expect(falseAlarms.count { $0 > 0 } <= 20, "\(falseAlarms.count { $0 > 0 }) of 200 windows")
        #expect(drifted >= 190)
        let f0 = try #require(windows.last?.first { $0.feature == "f0" && $0.kind == .dataDrift })
        #expect(f0.multipleTesting == .bonferroni)
        #expect(abs(f0.threshold - 0.05 / 11) < 1e-12)
    }

    @Test("bh keeps the share of false alarms among a window's alarms at the rate, and alerts the drifted feature")
    func benjaminiHochberg() throws {
        var engine = try Self.engine(Self.chi2, multipleTesting: .bh)
        let (falseAlarms, drifted) = Self.alarms(Self.run(&engine, windows: 200, shift: 0.5, seed: 3))
        let proportions = falseAlarms.map { Double($0) / Double($0 + 1) }
        let falseDiscoveryRate = proportions.reduce(0, +) / Double(proportions.count)
        #expect(falseDiscoveryRate <= 0.1, "false discovery rate \(falseDiscoveryRate)")
        #expect(drifted >= 190)
    }

    @Test("a calibrated family is corrected by its tail probabilities")
    func calibratedFamily() throws {
        let test = DistanceTestSettings(
            metric: .psi, calibrated: CalibratedLevels(alert: true, warn: false, falseAlarmRate: 0.05))
        var engine = try Self.engine(test, multipleTesting: .bonferroni)
        let windows = Self.run(&engine, windows: 100, shift: 0.5, seed: 4)
        let (falseAlarms, drifted) = Self.alarms(windows)
        #expect(falseAlarms.count { $0 > 0 } <= 10, "\(falseAlarms.count { $0 > 0 }) of 100 windows")
        #expect(drifted >= 95)
        let f0 = try #require(windows.last?.first { $0.feature == "f0" && $0.kind == .dataDrift })
        #expect(f0.multipleTesting == .bonferroni)
        #expect(f0.driftedShare == Double(1 + falseAlarms.last!) / 11)
    }

    @Test("a prediction drift caused by one input names that input first, with the direction of its change")
    func attribution() throws {
        var engine = try Self.engine(
            DistanceTestSettings(metric: .psi), prediction: DistanceTestSettings(metric: .psi, alert: 0.1))
        let windows = Self.run(&engine, windows: 3, shift: 0.4, seed: 5)
        let prediction = try #require(windows.last?.first { $0.kind == .predictionDrift })
        #expect(prediction.severity == .critical)
        let attribution = try #require(prediction.attribution)
        #expect(attribution.count == Attribution.limit)
        #expect(attribution.first?.feature == "f0")
        #expect(attribution.first?.change?.direction == .up)
        let means = try #require(attribution.first?.change)
        #expect(abs((means.currentMean ?? 0) - 0.4) < 0.15)
        #expect(abs(means.referenceMean ?? 1) < 0.05)
        #expect(attribution.map(\.value) == attribution.map(\.value).sorted(by: >))
    }

    @Test("the dataset drift breaches when the share of drifted features reaches its threshold")
    func datasetDrift() throws {
        var engine = try Self.engine(DistanceTestSettings(metric: .psi, alert: 0.2), datasetDrift: 0.09)
        let windows = Self.run(&engine, windows: 2, shift: 1, seed: 6)
        let dataset = try #require(windows.last?.first { $0.kind == .dataDrift && $0.feature == nil })
        #expect(dataset.detector == "drifted_share")
        #expect(dataset.severity == .critical)
        #expect(abs(dataset.value - 1.0 / 11) < 1e-12)
        #expect(dataset.dedupKey == "m/1/data_drift")
        #expect(dataset.attribution?.first?.feature == "f0")
        var calm = try Self.engine(DistanceTestSettings(metric: .psi, alert: 0.2), datasetDrift: 0.5)
        let stationary = Self.run(&calm, windows: 2, shift: 0, seed: 6)
        #expect(stationary.last?.first { $0.kind == .dataDrift && $0.feature == nil }?.severity == nil)
    }

    @Test("a warm-up reference is calibrated when it ends, and its calibrations and attribution are checkpointed")
    func warmupCalibration() throws {
        let test = DistanceTestSettings(
            metric: .psi, calibrated: CalibratedLevels(alert: true, warn: true, falseAlarmRate: 0.01, warnRate: 0.05))
        let settings = MonitorSettings(
            model: "m", task: .classification, reference: .warmup(events: 5_000), windowEvents: Self.windowEvents,
            defaultFeatureTest: test)
        var engine = MonitoringEngine(
            models: [settings], policies: [:], joinTTL: 60_000, maximumPending: 1_000, instance: "test")
        engine.keepsEvaluations = true
        let windows = Self.run(&engine, windows: 12, shift: 0, seed: 7)
        let drift = try #require(windows.last?.filter { $0.kind == .dataDrift && $0.feature != nil })
        #expect(drift.count == Self.features.count)
        #expect(drift.allSatisfy { $0.threshold.isFinite && $0.threshold > 0 })
        let checkpoint = engine.checkpoint(partition: 0)
        let version = try #require(checkpoint?.records.first { $0.key == "v/m/1" }?.value)
        // The binary form keeps every key's name.
        let text = String(decoding: version, as: UTF8.self)
        #expect(text.contains("calibrations"))
        #expect(text.contains("attribution"))
    }

    @Test("time windows calibrate at their first window's size, and a larger window's threshold shrinks with it")
    func timeWindowCalibration() throws {
        let test = DistanceTestSettings(
            metric: .psi, calibrated: CalibratedLevels(alert: true, warn: false, falseAlarmRate: 0.01))
        let settings = MonitorSettings(
            model: "m", task: .classification, reference: .profile(try Self.reference.get()), windowEvents: 500,
            defaultFeatureTest: test, windowDuration: 1_000)
        var engine = MonitoringEngine(
            models: [settings], policies: [:], joinTTL: 60_000, maximumPending: 1_000, instance: "test")
        engine.keepsEvaluations = true
        var random = SplitMix64(seed: 8)
        // Windows of a second with 300, 320 and 1,000 events; the last event closes the third.
        for (window, events) in [(0, 300), (1, 320), (2, 1_000), (3, 1)] {
            for event in 0..<events {
                let time = Int64(window * 1_000 + event * 1_000 / events)
                var values: [String: FeatureValue] = [:]
                for name in Self.features { values[name] = .number(random.nextGaussian()) }
                let prediction = PredictionEvent(
                    id: "\(time)-\(event)", model: "m", modelVersion: "1", eventTime: time, features: values,
                    prediction: PredictionOutput(score: 0.5))
                _ = engine.ingest(prediction, recordTime: nil, at: InputPosition(partition: 0, offset: time))
            }
        }
        let windows = engine.takeEvaluations().filter { $0.kind == .dataDrift && $0.feature == "f1" }
        #expect(windows.map(\.window.events) == [300, 320, 1_000])
        #expect(windows.allSatisfy { $0.falseAlarmRate == 0.01 && $0.threshold.isFinite })
        // PSI's null shrinks as 1/n: the 1,000-value window's threshold is about a third of the first's.
        let ratio = windows[2].threshold / windows[0].threshold
        #expect(ratio > 0.25 && ratio < 0.45, "ratio \(ratio)")
    }

    @Test("Benjamini–Hochberg's factor is the largest k whose k-th smallest probability is within k/m of its rate")
    func benjaminiHochbergFactor() {
        let rates = Array(repeating: 0.05, count: 4)
        #expect(MultipleTesting.bh.factor(probabilities: [0.001, 0.02, 0.03, 0.9], rates: rates) == 0.75)
        #expect(MultipleTesting.bh.factor(probabilities: [0.2, 0.3, 0.4, 0.9], rates: rates) == 0.25)
        #expect(MultipleTesting.bonferroni.factor(probabilities: [0.2, 0.3], rates: [0.05, 0.05]) == 0.5)
        #expect(MultipleTesting.none.factor(probabilities: [0.2, 0.3], rates: [0.05, 0.05]) == 1)
    }
}
