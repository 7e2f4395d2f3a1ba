import DriftDetection
import DriftEngine
import Foundation

/// A record of the retrain topic as driftwatch reads it back: a retrain trigger, a person's decision on one, or a
/// retrain sink's receipt (see ARCHITECTURE.md, "Closing the loop").
///
/// The topic is the record of the loop: triggers, approvals and receipts survive restarts because they are on it.
/// Records of other types are not driftwatch's and are ignored (``init(cloudEvent:)`` returns `nil`).
public enum RetrainTopicEvent: Sendable, Equatable {
    case trigger(RetrainTriggerRecord)
    case decision(RetrainDecision)
    case delivery(RetrainDelivery)

    /// The CloudEvents type of a trigger.
    public static let triggerType = "io.driftwatch.retrain"
    /// The CloudEvents type of an approval.
    public static let approvedType = "io.driftwatch.retrain.approved"
    /// The CloudEvents type of a rejection.
    public static let rejectedType = "io.driftwatch.retrain.rejected"
    /// The CloudEvents type of a sink's receipt.
    public static let deliveredType = "io.driftwatch.retrain.delivered"

    /// Reads a record value.
    ///
    /// - Returns: `nil` for a CloudEvent of another type.
    /// - Throws: `RetrainTopicError` when the value is not a CloudEvent, or one of driftwatch's types lacks a field.
    public init?(cloudEvent bytes: [UInt8]) throws(RetrainTopicError) {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        guard let head = try? decoder.decode(Head.self, from: data) else {
            throw RetrainTopicError("not a CloudEvent in JSON (no string 'type' and 'id')")
        }
        do {
            switch head.type {
            case Self.triggerType:
                let event = try decoder.decode(Envelope<TriggerData>.self, from: data)
                self = .trigger(RetrainTriggerRecord(event, cloudEvent: bytes))
            case Self.approvedType, Self.rejectedType:
                let event = try decoder.decode(Envelope<DecisionData>.self, from: data)
                self = .decision(RetrainDecision(event, approved: head.type == Self.approvedType))
            case Self.deliveredType:
                let event = try decoder.decode(Envelope<DeliveryData>.self, from: data)
                self = .delivery(
                    RetrainDelivery(
                        triggerID: event.data.triggerID, model: event.data.model,
                        modelVersion: event.data.modelVersion, sink: event.data.sink))
            default:
                return nil
            }
        } catch {
            throw RetrainTopicError("a '\(head.type)' event that driftwatch cannot read: \(error)")
        }
    }

    private struct Head: Decodable {
        var id: String
        var type: String
    }

    fileprivate struct Envelope<Payload: Decodable>: Decodable {
        var id: String
        var time: String?
        var data: Payload
    }

    fileprivate struct TriggerData: Decodable {
        var model: String
        var modelVersion: String
        var mode: RetrainMode
        var reasons: [Reason]
        var since: String?
        var offsets: [String: [String: Int64]]?

        struct Reason: Decodable {
            var kind: String
            var feature: String?
            var detector: String
            var value: Double?
        }

        enum CodingKeys: String, CodingKey {
            case model, mode, reasons, since, offsets
            case modelVersion = "model_version"
        }
    }

    fileprivate struct DecisionData: Decodable {
        var triggerID: String
        var model: String
        var modelVersion: String
        var by: String?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case model, by, reason
            case triggerID = "trigger_id"
            case modelVersion = "model_version"
        }
    }

    fileprivate struct DeliveryData: Decodable {
        var triggerID: String
        var model: String
        var modelVersion: String
        var sink: String

        enum CodingKeys: String, CodingKey {
            case model, sink
            case triggerID = "trigger_id"
            case modelVersion = "model_version"
        }
    }
}

/// A retrain-topic record driftwatch cannot read.
public struct RetrainTopicError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A retrain trigger read back from the retrain topic, with the bytes it was published as.
public struct RetrainTriggerRecord: Sendable, Equatable {
    public let id: String
    public let model: String
    public let modelVersion: String
    public let mode: RetrainMode
    /// The `time` attribute as written (RFC 3339).
    public let time: String
    /// What caused it, as `kind feature? detector`, e.g. `data_drift amount psi`.
    public let reasons: [String]
    /// The predictions partitions its offsets name; the instance that owns the first delivers it to the sinks.
    public let partitions: [Int32]
    /// The record value: the whole CloudEvent, which webhook bodies and Airflow's `conf` are made from.
    public let cloudEvent: [UInt8]

    fileprivate init(_ event: RetrainTopicEvent.Envelope<RetrainTopicEvent.TriggerData>, cloudEvent: [UInt8]) {
        id = event.id
        model = event.data.model
        modelVersion = event.data.modelVersion
        mode = event.data.mode
        time = event.time ?? ""
        reasons = event.data.reasons.map { reason in
            ([reason.kind] + (reason.feature.map { [$0] } ?? []) + [reason.detector]).joined(separator: " ")
        }
        partitions = (event.data.offsets?["predictions"] ?? [:]).keys.compactMap { Int32($0) }.sorted()
        self.cloudEvent = cloudEvent
    }
}

/// A person's approval or rejection of a trigger (`driftwatch retrain approve|reject`).
public struct RetrainDecision: Sendable, Equatable {
    public let triggerID: String
    public let model: String
    public let modelVersion: String
    /// `true` for `io.driftwatch.retrain.approved`, `false` for `.rejected`.
    public let approved: Bool
    /// Who decided.
    public let by: String
    /// Why, as they said it; may be empty.
    public let reason: String
    /// When (RFC 3339), as written.
    public let time: String

    public init(
        triggerID: String, model: String, modelVersion: String, approved: Bool, by: String, reason: String,
        time: String
    ) {
        self.triggerID = triggerID
        self.model = model
        self.modelVersion = modelVersion
        self.approved = approved
        self.by = by
        self.reason = reason
        self.time = time
    }

    fileprivate init(_ event: RetrainTopicEvent.Envelope<RetrainTopicEvent.DecisionData>, approved: Bool) {
        self.init(
            triggerID: event.data.triggerID, model: event.data.model, modelVersion: event.data.modelVersion,
            approved: approved, by: event.data.by ?? "", reason: event.data.reason ?? "", time: event.time ?? "")
    }

    /// The decision as a CloudEvent of type `io.driftwatch.retrain.approved` or `.rejected`, subject the model,
    /// `data: {trigger_id, model, model_version, by, reason}`. Its id follows from the trigger and the decision, so
    /// the same decision sent twice has one id.
    ///
    /// - Parameters:
    ///   - instance: names the sender in `source` (`driftwatch/<instance>`).
    ///   - now: the decision's time, milliseconds since the Unix epoch.
    public func cloudEventJSON(instance: String, now: Int64) -> String {
        let type = approved ? RetrainTopicEvent.approvedType : RetrainTopicEvent.rejectedType
        return CloudEventEnvelope(
            id: EventID.make(dedupKey: triggerID, sequence: 1, status: approved ? "approved" : "rejected"),
            instance: instance, type: type, time: now, subject: model,
            data: .object([
                ("trigger_id", .string(triggerID)), ("model", .string(model)),
                ("model_version", .string(modelVersion)), ("by", .string(by)), ("reason", .string(reason)),
            ])
        ).json
    }
}

/// A retrain sink's receipt: the trigger reached it (`io.driftwatch.retrain.delivered`).
public struct RetrainDelivery: Sendable, Equatable {
    public let triggerID: String
    public let model: String
    public let modelVersion: String
    /// The sink's name, e.g. `webhook` or `airflow`.
    public let sink: String

    public init(triggerID: String, model: String, modelVersion: String, sink: String) {
        self.triggerID = triggerID
        self.model = model
        self.modelVersion = modelVersion
        self.sink = sink
    }

    /// The receipt as a CloudEvent, `data: {trigger_id, model, model_version, sink}`; its id follows from the trigger
    /// and the sink.
    public func cloudEventJSON(instance: String, now: Int64) -> String {
        CloudEventEnvelope(
            id: EventID.make(dedupKey: triggerID, sequence: 1, status: "delivered/\(sink)"), instance: instance,
            type: RetrainTopicEvent.deliveredType, time: now, subject: model,
            data: .object([
                ("trigger_id", .string(triggerID)), ("model", .string(model)),
                ("model_version", .string(modelVersion)), ("sink", .string(sink)),
            ])
        ).json
    }
}
