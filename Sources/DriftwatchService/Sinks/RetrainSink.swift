import Foundation
import WireFormat

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Something that starts a model update when it receives a retrain trigger over HTTP (`sinks.retrain`).
///
/// The trigger's id is the idempotency key: every request carries it, so a receiver can tell a trigger sent again
/// after a restart from a new one.
public protocol RetrainSink: Sendable {
    /// Names the sink in receipts, metrics and logs.
    var name: String { get }
    /// The request that hands `trigger` to the sink; `decision` is the approval of an `approval_required` one.
    func request(for trigger: RetrainTriggerRecord, approval decision: RetrainDecision?) throws -> URLRequest
    /// Whether a response with this status means the trigger reached the sink.
    func isDelivered(status: Int) -> Bool
}

extension RetrainSink {
    public func isDelivered(status: Int) -> Bool { (200..<300).contains(status) }

    /// The trigger's fields by name, as ``BodyTemplate`` and Airflow's `conf` use them.
    static func fields(of trigger: RetrainTriggerRecord, approval decision: RetrainDecision?) throws -> [String: Any] {
        guard let event = try JSONSerialization.jsonObject(with: Data(trigger.cloudEvent)) as? [String: Any],
            let data = event["data"] as? [String: Any]
        else {
            throw RetrainTopicError("the trigger \(trigger.id) is not a JSON object with data")
        }
        var fields = event.merging(data) { attribute, _ in attribute }
        fields["event"] = event
        fields["approved_by"] = decision?.by ?? ""
        fields["approval_reason"] = decision?.reason ?? ""
        return fields
    }

    /// A JSON `POST` of `body` to `url` with the trigger's id as `Idempotency-Key`.
    static func post(_ body: Any, to url: URL, trigger: RetrainTriggerRecord, headers: [String: String] = [:]) throws
        -> URLRequest
    {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(trigger.id, forHTTPHeaderField: "Idempotency-Key")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .fragmentsAllowed])
        return request
    }
}

/// Posts the trigger to a URL: its CloudEvent as it is, or the configured body made from it (GitHub's
/// `repository_dispatch`, a CI system, Kubeflow, an internal service).
public struct WebhookRetrainSink: RetrainSink {
    public let name: String
    private let url: URL
    private let headers: [String: String]
    private let body: BodyTemplate?

    package init(name: String, url: URL, headers: [String: String], body: BodyTemplate?) {
        self.name = name
        self.url = url
        self.headers = headers
        self.body = body
    }

    public func request(for trigger: RetrainTriggerRecord, approval decision: RetrainDecision?) throws -> URLRequest {
        let fields = try Self.fields(of: trigger, approval: decision)
        return try Self.post(
            body?.rendered(with: fields) ?? fields["event"] ?? [:], to: url, trigger: trigger, headers: headers)
    }
}

/// Starts a DAG run through Airflow's stable REST API (`POST <url>/api/v1/dags/<dag_id>/dagRuns`): the trigger's id
/// is the run's `dag_run_id`, so a trigger sent again cannot start a second run (Airflow answers 409, which counts
/// as delivered); its `data`, with `trigger_id` and for approved triggers `approved_by` and `approval_reason`, is the
/// run's `conf`.
public struct AirflowRetrainSink: RetrainSink {
    public let name: String
    private let endpoint: URL
    private let authorization: String?

    package init(name: String, url: URL, dagID: String, username: String?, password: String?) {
        self.name = name
        endpoint = url.appending(path: "api/v1/dags").appending(path: dagID).appending(path: "dagRuns")
        authorization = username.map { user in
            "Basic " + Data("\(user):\(password ?? "")".utf8).base64EncodedString()
        }
    }

    public func request(for trigger: RetrainTriggerRecord, approval decision: RetrainDecision?) throws -> URLRequest {
        let fields = try Self.fields(of: trigger, approval: decision)
        var conf = fields["data"] as? [String: Any] ?? [:]
        conf["trigger_id"] = trigger.id
        if let decision {
            conf["approved_by"] = decision.by
            conf["approval_reason"] = decision.reason
        }
        return try Self.post(
            ["dag_run_id": trigger.id, "conf": conf] as [String: Any], to: endpoint, trigger: trigger,
            headers: authorization.map { ["Authorization": $0] } ?? [:])
    }

    /// 409: a run with this id exists, started by an earlier send of the same trigger.
    public func isDelivered(status: Int) -> Bool { (200..<300).contains(status) || status == 409 }
}
