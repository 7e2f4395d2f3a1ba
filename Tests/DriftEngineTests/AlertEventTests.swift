import Foundation
import Testing
import WireFormat

@testable import DriftEngine

@Suite("Alert events as CloudEvents")
struct AlertEventTests {
    private typealias F = PolicyFixtures

    @Test func firingAlertEncodesExactly() throws {
        let alert = try #require(F.firingAmountAlert())
        #expect(
            alert.cloudEventJSON(instance: "eu-1")
                == """
                {"specversion": "1.0", "id": "ba588062-d656-891b-ab27-d51c14d8f121", "source": "driftwatch/eu-1", \
                "type": "io.driftwatch.alert", "time": "2026-11-22T10:05:00.123Z", "subject": "fraud/amount", \
                "datacontenttype": "application/json", "data": {"status": "firing", "severity": "critical", \
                "kind": "data_drift", "model": "fraud", "model_version": "3", "feature": "amount", "detector": "psi", \
                "value": 0.31, "threshold": 0.25, "window": {"start": "2026-11-22T10:00:00.000Z", \
                "end": "2026-11-22T10:05:00.123Z", "events": 5000}, "dedup_key": "fraud/3/data_drift/amount", \
                "started_at": "2026-11-22T10:05:00.123Z", "summary": "Feature 'amount' of model fraud v3 drifted: \
                PSI 0.31 is above the critical threshold 0.25 over 5000 events."}}
                """)
    }

    @Test func resolvedAlertEncodesExactly() throws {
        var firing = F.psi(0.31, at: 5)
        firing.window.end += 123
        var clean = F.psi(0.08, at: 30)
        clean.window.end += 456
        var policy = AlertPolicy()
        let events = F.run(&policy, [firing, clean])
        let resolved = try #require(events.last)
        #expect(
            resolved.cloudEventJSON(instance: "eu-1")
                == """
                {"specversion": "1.0", "id": "9b3bf137-4ae2-83b6-9b8d-9f4bdda11c4a", "source": "driftwatch/eu-1", \
                "type": "io.driftwatch.alert", "time": "2026-11-22T10:30:00.456Z", "subject": "fraud/amount", \
                "datacontenttype": "application/json", "data": {"status": "resolved", "severity": "critical", \
                "kind": "data_drift", "model": "fraud", "model_version": "3", "feature": "amount", "detector": "psi", \
                "value": 0.08, "threshold": 0.1, "window": {"start": "2026-11-22T10:25:00.000Z", \
                "end": "2026-11-22T10:30:00.456Z", "events": 5000}, "dedup_key": "fraud/3/data_drift/amount", \
                "started_at": "2026-11-22T10:05:00.123Z", "summary": "Feature 'amount' of model fraud v3 is back \
                within its threshold: PSI 0.08 is below the threshold 0.1 over 5000 events."}}
                """)
    }

    @Test func attributionRatesAndCorrectionsAreNewFieldsAtTheEndOfData() throws {
        let window = SignalWindow(start: F.time(0), end: F.time(5), events: 5000)
        var prediction = SignalEvaluation(
            kind: .predictionDrift, model: "fraud", modelVersion: "3", feature: nil, detector: "psi", value: 0.4,
            threshold: 0.12, severity: .critical, isSequential: false, window: window)
        prediction.falseAlarmRate = 0.001
        prediction.attribution = [
            Attribution(
                feature: "amount", detector: "psi", value: 0.5, threshold: 0.1,
                change: FeatureChange(referenceMean: 40, currentMean: 55)),
            Attribution(
                feature: "country", detector: "chi2", value: 1e-9, threshold: 0.001,
                change: FeatureChange(category: "DE", referenceShare: 0.1, currentShare: 0.05)),
        ]
        var policy = AlertPolicy()
        let evaluated = policy.evaluate(prediction)
        let json = try #require(evaluated).cloudEventJSON(instance: "a")
        let expected: String =
            #""summary": "The prediction distribution of model fraud v3 drifted: PSI 0.4 is above the critical "#
            + #"threshold 0.12 over 5000 events. The threshold is calibrated to a false-alarm rate of 0.001 "#
            + #"per window. Moved most: amount (mean up), country ('DE' down).", "attribution": [{"feature": "#
            + #""amount", "detector": "psi", "value": 0.5, "threshold": 0.1, "change": {"direction": "up", "#
            + #""reference_mean": 40.0, "current_mean": 55.0}}, {"feature": "country", "detector": "chi2", "value": "#
            + #"1e-09, "threshold": 0.001, "change": {"direction": "down", "category": "DE", "#
            + #""reference_share": 0.1, "current_share": 0.05}}], "false_alarm_rate": 0.001}}"#
        #expect(json.hasSuffix(expected), "\(json)")
        var feature = F.psi(0.31, at: 5)
        feature.driftedShare = 0.25
        feature.multipleTesting = .bh
        let featureAlert = policy.evaluate(feature)
        #expect(
            try #require(featureAlert).cloudEventJSON(instance: "a").hasSuffix(
                #"over 5000 events.", "drifted_share": 0.25, "multiple_testing": "bh"}}"#))
    }

    @Test func modelLevelKindsHaveNoFeature() throws {
        var policy = AlertPolicy()
        let evaluated = policy.evaluate(F.ddm(.warning, at: 5))
        let alert = try #require(evaluated)
        let json = alert.cloudEventJSON(instance: "a")
        #expect(json.contains(#""subject": "fraud", "#))
        #expect(!json.contains(#""feature""#))
        #expect(json.contains(#""model_version": "3", "detector": "ddm""#))
        #expect(
            alert.summary
                == "The error rate of model fraud v3 drifted: DDM 0.2 is above the warning threshold 0.12 over "
                + "1200 events.")
    }

    @Test func pValueTestsReadAsBelowTheirThreshold() throws {
        let window = SignalWindow(start: F.time(0), end: F.time(5), events: 1)
        var breach = SignalEvaluation(
            kind: .dataDrift, model: "fraud", modelVersion: "", feature: "country", detector: "chi2", value: 2e-7,
            threshold: 0.001, severity: .critical, isSequential: false, window: window)
        var policy = AlertPolicy()
        let fired = policy.evaluate(breach)
        let firing = try #require(fired)
        #expect(
            firing.summary
                == "Feature 'country' of model fraud drifted: chi-square p-value 2e-07 is below the critical threshold "
                + "0.001 over 1 event.")
        breach.value = 0.4
        breach.severity = nil
        let cleared = policy.evaluate(breach)
        let resolved = try #require(cleared)
        #expect(resolved.summary.hasSuffix("chi-square p-value 0.4 is above the threshold 0.001 over 1 event."))
    }

    @Test func idsAreDeterministic() throws {
        let stream = [F.psi(0.15, at: 5), F.psi(0.3, at: 10), F.psi(0.05, at: 15), F.psi(0.3, at: 20)]
        var first = AlertPolicy()
        var second = AlertPolicy()
        let ids = F.run(&first, stream).map(\.id)
        let repeated = F.run(&second, stream).map(\.id)
        #expect(ids == repeated)
        #expect(ids.count == 4)
        #expect(Set(ids).count == 4)
        #expect(try #require(F.firingAmountAlert()).id == "ba588062-d656-891b-ab27-d51c14d8f121")
    }

    @Test func stringsAreEscapedAndNonFiniteNumbersAreNull() throws {
        var evaluation = F.psi(0.3, at: 5, feature: "a \"b\"\\\n\u{1}é")
        evaluation.value = .infinity
        var policy = AlertPolicy()
        let alert = policy.evaluate(evaluation)
        let json = try #require(alert).cloudEventJSON(instance: "x")
        #expect(json.contains(#""feature": "a \"b\"\\\n\u0001é""#))
        #expect(json.contains(#""value": null, "threshold": 0.25"#))
    }

    @Test func retiredVersionResolutionCarriesItsReasonLast() throws {
        var firing = F.psi(0.31, at: 5)
        firing.window.end += 123
        var policy = AlertPolicy()
        let evaluated = policy.evaluate(firing)
        let fired = try #require(evaluated)
        let subject = SignalSubject(model: "fraud", modelVersion: "3")
        let resolutions = policy.resolveFiring(
            of: subject, reason: AlertEvent.versionRetired, since: F.time(20), at: F.time(60))
        let resolved = try #require(resolutions.first)
        #expect(resolutions.count == 1)
        #expect(policy.firingKeys.isEmpty)
        #expect(resolved.sequence == fired.sequence)
        // The same id as any resolution of this firing.
        #expect(resolved.id == "9b3bf137-4ae2-83b6-9b8d-9f4bdda11c4a")
        #expect(
            resolved.cloudEventJSON(instance: "eu-1")
                == """
                {"specversion": "1.0", "id": "9b3bf137-4ae2-83b6-9b8d-9f4bdda11c4a", "source": "driftwatch/eu-1", \
                "type": "io.driftwatch.alert", "time": "2026-11-22T11:00:00.000Z", "subject": "fraud/amount", \
                "datacontenttype": "application/json", "data": {"status": "resolved", "severity": "critical", \
                "kind": "data_drift", "model": "fraud", "model_version": "3", "feature": "amount", "detector": "psi", \
                "value": 0.31, "threshold": 0.25, "window": {"start": "2026-11-22T10:20:00.000Z", \
                "end": "2026-11-22T11:00:00.000Z", "events": 0}, "dedup_key": "fraud/3/data_drift/amount", \
                "started_at": "2026-11-22T10:05:00.123Z", "summary": "Feature 'amount' of model fraud v3 is resolved: \
                the model version was retired after no predictions since 2026-11-22T10:20:00.000Z (retire_after).", \
                "reason": "version retired"}}
                """)
        #expect(policy.resolveFiring(of: subject, reason: AlertEvent.versionRetired, since: 0, at: F.time(61)).isEmpty)
    }

    @Test func otherEventsHaveNoReason() throws {
        let alert = try #require(F.firingAmountAlert())
        #expect(alert.reason == nil)
        #expect(!alert.cloudEventJSON(instance: "a").contains("reason"))
    }

    /// State written before episodes kept their last firing evaluation: the signal is rebuilt from the dedup key.
    @Test func retiredResolutionOfOlderStateKeepsTheDedupKey() throws {
        var quality = F.psi(0.3, at: 5)
        quality.kind = .dataQuality
        quality.detector = "missing_rate"
        var performance = F.ddm(.critical, at: 5)
        performance.kind = .performance
        performance.detector = "mae"
        var policy = AlertPolicy()
        let fired = F.run(&policy, [F.psi(0.3, at: 5), quality, performance, F.ddm(.warning, at: 5)])
        #expect(fired.count == 4)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(policy))
        var object = try #require(encoded as? [String: Any])
        var states = try #require(object["states"] as? [String: [String: Any]])
        for (key, var state) in states {
            var episode = try #require(state["episode"] as? [String: Any])
            #expect(episode.removeValue(forKey: "lastFiring") != nil)
            state["episode"] = episode
            states[key] = state
        }
        object["states"] = states
        var older = try JSONDecoder().decode(
            AlertPolicy.self, from: JSONSerialization.data(withJSONObject: object))
        let resolved = older.resolveFiring(
            of: SignalSubject(model: "fraud", modelVersion: "3"), reason: AlertEvent.versionRetired, since: 0,
            at: F.time(60))
        #expect(resolved.map(\.dedupKey) == fired.map(\.dedupKey).sorted())
        #expect(
            resolved.map(\.id)
                == fired.sorted { $0.dedupKey < $1.dedupKey }.map {
                    EventID.make(dedupKey: $0.dedupKey, sequence: $0.sequence, status: "resolved")
                })
        let byKey = Dictionary(uniqueKeysWithValues: resolved.map { ($0.dedupKey, $0) })
        #expect(byKey["fraud/3/data_quality/amount/missing_rate"]?.feature == "amount")
        #expect(byKey["fraud/3/data_quality/amount/missing_rate"]?.detector == "missing_rate")
        #expect(byKey["fraud/3/performance/mae"]?.feature == nil)
        #expect(byKey["fraud/3/concept_drift"]?.kind == .conceptDrift)
        #expect(byKey["fraud/3/data_drift/amount"]?.feature == "amount")
    }
}
