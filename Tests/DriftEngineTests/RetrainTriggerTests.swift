import Testing
import WireFormat

@testable import DriftEngine

@Suite("Retrain triggers as CloudEvents")
struct RetrainTriggerTests {
    @Test func triggerEncodesExactly() throws {
        let alert = try #require(PolicyFixtures.firingAmountAlert())
        let settings = RetrainSettings(mode: .automatic, on: [.kind(.conceptDrift), .severity(.critical)])
        var policy = RetrainPolicy(settings: settings)
        let triggers = policy.evaluate(alert, offsets: [10: 5, 2: 980, 0: 1200], since: PolicyFixtures.start)
        let trigger = try #require(triggers.first)
        #expect(trigger.dedupKey == "fraud/3/retrain/1")
        #expect(
            trigger.cloudEventJSON(instance: "eu-1")
                == """
                {"specversion": "1.0", "id": "bf6bcaeb-ffe2-8fea-a562-7160d651f2b2", "source": "driftwatch/eu-1", \
                "type": "io.driftwatch.retrain", "time": "2026-11-22T10:05:00.123Z", "subject": "fraud", \
                "datacontenttype": "application/json", "data": {"model": "fraud", "model_version": "3", \
                "mode": "automatic", "reasons": [{"kind": "data_drift", "feature": "amount", "detector": "psi", \
                "value": 0.31, "alert_id": "ba588062-d656-891b-ab27-d51c14d8f121"}], \
                "since": "2026-11-22T10:00:00.000Z", "offsets": {"predictions": {"0": 1200, "2": 980, "10": 5}}, \
                "dedup_key": "fraud/3/retrain/1"}}
                """)
    }
}
