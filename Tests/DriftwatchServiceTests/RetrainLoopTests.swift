import Foundation
import Testing
import WireFormat

@testable import DriftwatchService

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The retrain loop's parts: triggers and decisions read back from the topic, the ledger that says what is due,
/// and the requests of the retrain sinks.
struct RetrainLoopTests {
    static func trigger(id: String = "t-1", mode: String = "approval_required") -> [UInt8] {
        Array(
            """
            {"specversion": "1.0", "id": "\(id)", "source": "driftwatch/eu-1", "type": "io.driftwatch.retrain", \
            "time": "2026-11-22T10:05:00.123Z", "subject": "fraud", "datacontenttype": "application/json", \
            "data": {"model": "fraud", "model_version": "3", "mode": "\(mode)", "reasons": [{"kind": "data_drift", \
            "feature": "amount", "detector": "psi", "value": 0.31, "alert_id": "a-1"}], \
            "since": "2026-11-22T10:00:00.000Z", "offsets": {"predictions": {"10": 5, "2": 980}}, \
            "dedup_key": "fraud/3/retrain/1"}}
            """.utf8)
    }

    static func record(_ bytes: [UInt8]) throws -> RetrainTriggerRecord {
        guard case .trigger(let record) = try #require(try RetrainTopicEvent(cloudEvent: bytes)) else {
            throw RetrainTopicError("not a trigger")
        }
        return record
    }

    static func decision(_ approved: Bool, by: String = "alice") -> RetrainDecision {
        RetrainDecision(
            triggerID: "t-1", model: "fraud", modelVersion: "3", approved: approved, by: by, reason: "checked",
            time: "")
    }

    @Test func aTriggerReadsBackWithItsPartitionsAndReasons() throws {
        let record = try Self.record(Self.trigger())
        #expect(record.id == "t-1")
        #expect(record.mode == .approvalRequired)
        #expect(record.partitions == [2, 10])
        #expect(record.reasons == ["data_drift amount psi"])
        #expect(try RetrainTopicEvent(cloudEvent: Array(#"{"id": "x", "type": "com.example.other"}"#.utf8)) == nil)
        #expect(throws: RetrainTopicError.self) { try RetrainTopicEvent(cloudEvent: Array("not json".utf8)) }
    }

    @Test func aDecisionAndAReceiptReadBackAsWritten() throws {
        let decision = Self.decision(false)
        let json = decision.cloudEventJSON(instance: "laptop", now: 0)
        guard case .decision(let read) = try #require(try RetrainTopicEvent(cloudEvent: Array(json.utf8))) else {
            Issue.record("not a decision: \(json)")
            return
        }
        #expect(read.triggerID == "t-1" && !read.approved && read.by == "alice" && read.reason == "checked")
        #expect(json.contains(#""type": "io.driftwatch.retrain.rejected""#))
        // The same decision sent twice has one id.
        #expect(json == decision.cloudEventJSON(instance: "laptop", now: 0))
        let receipt = RetrainDelivery(triggerID: "t-1", model: "fraud", modelVersion: "3", sink: "airflow")
        #expect(
            try RetrainTopicEvent(cloudEvent: Array(receipt.cloudEventJSON(instance: "a", now: 0).utf8))
                == .delivery(receipt))
    }

    /// What `retrain approve|reject` and the status page may publish: a first decision on a trigger that waits.
    @Test func aDecisionIsCheckedAgainstTheTopic() throws {
        var ledger = RetrainLedger()
        ledger.apply(.trigger(try Self.record(Self.trigger())), recordTime: 1)
        ledger.apply(.trigger(try Self.record(Self.trigger(id: "t-2", mode: "automatic"))), recordTime: 1)
        guard case .publish(let trigger) = ledger.check("t-1", approving: true) else {
            Issue.record("a pending trigger cannot be approved")
            return
        }
        #expect(trigger.id == "t-1")
        guard case .refused(let unknown) = ledger.check("t-9", approving: true),
            case .refused(let automatic) = ledger.check("t-2", approving: false)
        else {
            Issue.record("an unknown or automatic trigger was not refused")
            return
        }
        #expect(unknown.contains("No retrain trigger with id 't-9'"))
        #expect(automatic.contains("is automatic"))
        ledger.apply(.decision(Self.decision(true)), recordTime: 2)
        guard case .alreadyMade(let same) = ledger.check("t-1", approving: true),
            case .refused(let contrary) = ledger.check("t-1", approving: false)
        else {
            Issue.record("a decided trigger was decided again")
            return
        }
        #expect(same.contains("already approved by alice"))
        #expect(contrary.hasSuffix("the first decision stands."))
    }

    @Test func anApprovalRequiredTriggerIsDueOnlyOnceApprovedAndUntilEachSinkHasIt() throws {
        var ledger = RetrainLedger()
        ledger.apply(.trigger(try Self.record(Self.trigger())), recordTime: 1)
        #expect(ledger.due(sinks: ["webhook", "airflow"]).isEmpty)
        #expect(ledger.pendingApprovals.map(\.id) == ["t-1"])
        ledger.apply(.decision(Self.decision(true)), recordTime: 2)
        #expect(ledger.pendingApprovals.isEmpty)
        #expect(ledger.due(sinks: ["webhook", "airflow"]).map(\.sink) == ["webhook", "airflow"])
        #expect(ledger.due(sinks: ["webhook"]).first?.approval?.by == "alice")
        // A later, contrary decision is ignored and reported.
        #expect(ledger.apply(.decision(Self.decision(false, by: "bob")), recordTime: 3)?.by == "bob")
        ledger.apply(
            .delivery(RetrainDelivery(triggerID: "t-1", model: "fraud", modelVersion: "3", sink: "airflow")),
            recordTime: 4)
        #expect(ledger.due(sinks: ["webhook", "airflow"]).map(\.sink) == ["webhook"])
        ledger.markDelivered("t-1", to: "webhook")
        #expect(ledger.due(sinks: ["webhook", "airflow"]).isEmpty)
        #expect(ledger.decided.map(\.decision.approved) == [true])
    }

    @Test func rejectedTriggersAreNeverDueAndAutomaticOnesAtOnce() throws {
        var ledger = RetrainLedger()
        // The decision may be read before its trigger.
        ledger.apply(.decision(Self.decision(false)), recordTime: 1)
        ledger.apply(.trigger(try Self.record(Self.trigger())), recordTime: 2)
        ledger.apply(.trigger(try Self.record(Self.trigger(id: "t-2", mode: "automatic"))), recordTime: 3)
        #expect(ledger.due(sinks: ["webhook"]).map(\.trigger.id) == ["t-2"])
        #expect(ledger.pendingApprovals.isEmpty)
    }

    @Test func theLedgerForgetsTheOldestBeyondItsCapacity() throws {
        var ledger = RetrainLedger(capacity: 10)
        for index in 0..<11 {
            ledger.apply(.trigger(try Self.record(Self.trigger(id: "t-\(index)", mode: "automatic"))), recordTime: 1)
        }
        #expect(ledger.entries.count == 11)
        // Beyond a tenth over, the oldest are forgotten down to the capacity.
        ledger.apply(.trigger(try Self.record(Self.trigger(id: "t-11", mode: "automatic"))), recordTime: 1)
        #expect(ledger.entries.count == 10)
        #expect(ledger.entries["t-1"] == nil && ledger.entries["t-2"] != nil && ledger.entries["t-11"] != nil)
    }

    /// Records any producer can write (receipts, delivered triggers) must not push out what still waits.
    @Test func theLedgerForgetsSettledTriggersBeforePendingOnes() throws {
        var ledger = RetrainLedger(capacity: 10)
        ledger.apply(.trigger(try Self.record(Self.trigger(id: "waits"))), recordTime: 1)
        ledger.apply(.trigger(try Self.record(Self.trigger(id: "undelivered", mode: "automatic"))), recordTime: 1)
        for index in 0..<20 {
            ledger.apply(.trigger(try Self.record(Self.trigger(id: "t-\(index)", mode: "automatic"))), recordTime: 2)
            ledger.markDelivered("t-\(index)", to: "webhook")
        }
        #expect(ledger.entries.count <= 11)
        #expect(ledger.pendingApprovals.map(\.id) == ["waits"])
        #expect(ledger.due(sinks: ["webhook"]).map(\.trigger.id) == ["undelivered"])
        #expect(ledger.entries["t-19"] != nil && ledger.entries["t-0"] == nil)
    }

    static func body(_ request: URLRequest) throws -> [String: Any] {
        let data = try #require(request.httpBody)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// One member of a group delivers each trigger: the owner of the partition it names, or of partition 0 when it
    /// names none (every member sent those).
    @Test func aTriggerNamingNoPartitionIsDeliveredByTheOwnerOfPartitionZero() {
        let ownership = PartitionOwnership()
        #expect(!ownership.owns(nil) && !ownership.owns(3))
        ownership.insert(3)
        #expect(ownership.owns(3))
        #expect(!ownership.owns(nil), "another member owns partition 0")
        ownership.insert(0)
        #expect(ownership.owns(nil))
        ownership.remove([0])
        #expect(!ownership.owns(nil))
    }

    @Test func airflowGetsTheTriggerIdAsTheRunIdAndTheDataAsConf() throws {
        let sink = AirflowRetrainSink(
            name: "airflow", url: URL(string: "http://airflow:8080")!, dagID: "retrain_fraud", username: "dw",
            password: "secret")
        let request = try sink.request(for: try Self.record(Self.trigger()), approval: Self.decision(true))
        #expect(request.url?.absoluteString == "http://airflow:8080/api/v1/dags/retrain_fraud/dagRuns")
        #expect(request.httpMethod == "POST")
        #expect(
            request.value(forHTTPHeaderField: "Authorization") == "Basic "
                + Data("dw:secret".utf8).base64EncodedString())
        let body = try Self.body(request)
        #expect(body["dag_run_id"] as? String == "t-1")
        let conf = try #require(body["conf"] as? [String: Any])
        #expect(conf["model"] as? String == "fraud" && conf["trigger_id"] as? String == "t-1")
        #expect(conf["approved_by"] as? String == "alice")
        #expect(sink.isDelivered(status: 409) && sink.isDelivered(status: 200) && !sink.isDelivered(status: 400))
    }

    @Test func aWebhookBodyIsMadeFromTheTemplate() throws {
        let template = BodyTemplate.object([
            .init(name: "event_type", value: .text("retrain {{model}}/{{model_version}}")),
            .init(name: "client_payload", value: .text("{{data}}")),
            .init(name: "reasons", value: .text("{{ reasons }}")),
            .init(name: "urgent", value: .bool(true)),
        ])
        let sink = WebhookRetrainSink(
            name: "webhook", url: URL(string: "https://api.github.com/repos/o/r/dispatches")!,
            headers: ["Authorization": "Bearer x"], body: template)
        let request = try sink.request(for: try Self.record(Self.trigger(mode: "automatic")), approval: nil)
        #expect(request.value(forHTTPHeaderField: "Idempotency-Key") == "t-1")
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Bearer x")
        let body = try Self.body(request)
        #expect(body["event_type"] as? String == "retrain fraud/3")
        #expect((body["client_payload"] as? [String: Any])?["dedup_key"] as? String == "fraud/3/retrain/1")
        #expect((body["reasons"] as? [Any])?.count == 1)
        #expect(body["urgent"] as? Bool == true)
        // Without a template, the CloudEvent as it is.
        let plain = WebhookRetrainSink(name: "webhook", url: URL(string: "http://ci/hook")!, headers: [:], body: nil)
        let event = try Self.body(try plain.request(for: try Self.record(Self.trigger()), approval: nil))
        #expect(event["type"] as? String == "io.driftwatch.retrain")
    }

    @Test func retrainSinksAreReadFromTheConfiguration() throws {
        let configuration = try DriftwatchConfiguration(
            yaml: InvalidConfigurationTests.model + """

                sinks:
                  retrain:
                    - {type: webhook, url: "http://ci/hook", headers: {X-Team: ml}}
                    - {type: webhook, url: "http://ci/other"}
                    - {type: airflow, url: "http://airflow:8080", dag_id: retrain, username: u, password: p}
                """, file: "driftwatch.yaml")
        #expect(configuration.sinks.retrain.map(\.name) == ["webhook", "webhook-2", "airflow"])
        #expect(configuration.makeRetrainSinks().map(\.name) == ["webhook", "webhook-2", "airflow"])
    }
}
