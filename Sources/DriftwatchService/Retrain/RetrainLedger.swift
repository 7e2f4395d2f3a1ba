import WireFormat

/// What the retrain topic says about each trigger: the trigger, the decision on it, and the sinks it reached.
///
/// Built by reading the topic from its start, so that pending approvals and unfinished deliveries survive a
/// restart; bounded by about ``capacity`` triggers: settled ones are forgotten first, oldest first, so that a flood
/// of records (receipts or decisions of unknown triggers, delivered triggers) does not push out a trigger that still
/// waits for a person or a sink.
package struct RetrainLedger: Sendable {
    /// One trigger's story. A decision or a receipt may be read before its trigger (the CLI writes to the topic
    /// while the trigger may still be unread), so every part is optional.
    package struct Entry: Sendable, Equatable {
        package var trigger: RetrainTriggerRecord?
        package var decision: RetrainDecision?
        package var deliveredTo: Set<String> = []
        /// The latest record time (milliseconds since the Unix epoch) of the trigger or its decision.
        package var lastActivity: Int64 = 0

        /// Whether the trigger may go to the sinks: automatic, or approved.
        package var isCleared: Bool {
            guard let trigger else { return false }
            return trigger.mode == .automatic ? decision?.approved != false : decision?.approved == true
        }

        /// Whether it waits for a person.
        package var awaitsDecision: Bool { trigger?.mode == .approvalRequired && decision == nil }

        /// Whether forgetting it would lose work: it waits for a person, or is cleared and has reached no sink.
        var isOpen: Bool { awaitsDecision || (isCleared && deliveredTo.isEmpty) }
    }

    /// A delivery still to make.
    package struct Delivery: Sendable, Equatable {
        package var trigger: RetrainTriggerRecord
        package var approval: RetrainDecision?
        package var sink: String
        package var lastActivity: Int64
    }

    /// How many triggers are remembered.
    package let capacity: Int
    private(set) package var entries: [String: Entry] = [:]
    /// Trigger ids in the order first read, for forgetting the oldest.
    private var order: [String] = []

    package init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Whether a decision on a trigger may be published, as `driftwatch retrain approve|reject` and the status page
    /// ask before they publish one.
    package enum DecisionCheck: Sendable, Equatable {
        /// The trigger waits for a decision: publish it.
        case publish(RetrainTriggerRecord)
        /// The same decision was made already, as this sentence says; it stands.
        case alreadyMade(String)
        /// No such trigger waits for approval, or it was decided the other way, as this sentence says.
        case refused(String)
    }

    /// Whether the trigger `triggerID` may be approved (or rejected, `approving` false).
    package func check(_ triggerID: String, approving: Bool) -> DecisionCheck {
        guard let entry = entries[triggerID], let trigger = entry.trigger else {
            return .refused("No retrain trigger with id '\(triggerID)' is on the retrain topic.")
        }
        guard trigger.mode == .approvalRequired else {
            return .refused(
                "The trigger '\(trigger.id)' of \(trigger.model)/\(trigger.modelVersion) is automatic: it is sent "
                    + "without approval.")
        }
        guard let decision = entry.decision else { return .publish(trigger) }
        let earlier =
            "The trigger '\(trigger.id)' was already \(decision.approved ? "approved" : "rejected")"
            + (decision.by.isEmpty ? "" : " by \(decision.by)") + " at \(decision.time)"
        return decision.approved == approving
            ? .alreadyMade(earlier + ".") : .refused(earlier + "; the first decision stands.")
    }

    /// Applies one record read from the topic at `recordTime`.
    ///
    /// - Returns: a decision that came after another one on the same trigger, which is ignored (the first decision
    ///   stands).
    @discardableResult
    package mutating func apply(_ event: RetrainTopicEvent, recordTime: Int64) -> RetrainDecision? {
        switch event {
        case .trigger(let trigger):
            update(trigger.id) { entry in
                if entry.trigger == nil { entry.trigger = trigger }
                entry.lastActivity = max(entry.lastActivity, recordTime)
            }
        case .decision(let decision):
            var ignored: RetrainDecision?
            update(decision.triggerID) { entry in
                guard entry.decision == nil else {
                    if entry.decision?.approved != decision.approved { ignored = decision }
                    return
                }
                entry.decision = decision
                entry.lastActivity = max(entry.lastActivity, recordTime)
            }
            return ignored
        case .delivery(let delivery):
            update(delivery.triggerID) { $0.deliveredTo.insert(delivery.sink) }
        }
        return nil
    }

    /// Records a delivery this instance made, before its receipt is read back.
    package mutating func markDelivered(_ triggerID: String, to sink: String) {
        update(triggerID) { $0.deliveredTo.insert(sink) }
    }

    /// The deliveries of cleared triggers to the `sinks` they have not reached, oldest trigger first.
    package func due(sinks: [String]) -> [Delivery] {
        entries.values.filter(\.isCleared).sorted { $0.lastActivity < $1.lastActivity }.flatMap { entry in
            sinks.filter { !entry.deliveredTo.contains($0) }.map { sink in
                Delivery(
                    trigger: entry.trigger!, approval: entry.decision, sink: sink, lastActivity: entry.lastActivity)
            }
        }
    }

    /// The triggers that wait for approval, oldest first.
    package var pendingApprovals: [RetrainTriggerRecord] {
        entries.values.filter(\.awaitsDecision).sorted { $0.lastActivity < $1.lastActivity }.compactMap(\.trigger)
    }

    /// The decided `approval_required` triggers, latest first, with their decisions.
    package var decided: [(trigger: RetrainTriggerRecord, decision: RetrainDecision)] {
        entries.values.filter { $0.trigger?.mode == .approvalRequired && $0.decision != nil }
            .sorted { $0.lastActivity > $1.lastActivity }.map { ($0.trigger!, $0.decision!) }
    }

    private mutating func update(_ id: String, _ change: (inout Entry) -> Void) {
        if entries[id] == nil {
            order.append(id)
            // Trimmed in steps of a tenth, so that each insertion costs O(1) amortised.
            if order.count > capacity + capacity / 10 { trim(keeping: id) }
        }
        change(&entries[id, default: Entry()])
    }

    /// Forgets entries down to the capacity: settled ones first, then open ones, oldest first within each.
    private mutating func trim(keeping newest: String) {
        let excess = order.count - capacity
        let candidates = order.filter { $0 != newest }
        let settled = candidates.filter { entries[$0]?.isOpen != true }
        var forgotten = Set(settled.prefix(excess))
        let open = candidates.filter { !forgotten.contains($0) }
        forgotten.formUnion(open.prefix(excess - forgotten.count))
        for id in forgotten { entries[id] = nil }
        order.removeAll { forgotten.contains($0) }
    }
}
