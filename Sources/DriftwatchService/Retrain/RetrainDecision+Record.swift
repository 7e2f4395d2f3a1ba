import Foundation
import Kafka
import WireFormat

extension RetrainDecision {
    /// A decision on `trigger`, as `driftwatch retrain approve|reject` and the status page make it.
    package init(on trigger: RetrainTriggerRecord, approved: Bool, by: String, reason: String) {
        self.init(
            triggerID: trigger.id, model: trigger.model, modelVersion: trigger.modelVersion, approved: approved,
            by: by, reason: reason, time: "")
    }

    /// The decision as a record of the retrain topic: key the model, value its CloudEvent, stamped now.
    package func record(topic: String, instance: String) -> KafkaProducerMessage {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        return KafkaProducerMessage(
            topic: topic, key: Array(model.utf8), value: Array(cloudEventJSON(instance: instance, now: now).utf8))
    }

    /// What the one who decided is told once the decision is on the topic.
    package var outcome: String {
        "The trigger '\(triggerID)' of \(model)/\(modelVersion) is \(approved ? "approved" : "rejected"); "
            + (approved ? "the running driftwatch sends it to the retrain sinks." : "it will not be sent.")
    }
}
