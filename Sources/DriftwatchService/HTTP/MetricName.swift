/// Every metric driftwatch exports on `/metrics`, in one place so that dashboards, alerting rules and tests
/// refer to names that exist, with the `# HELP` text each family carries (see ``DocumentedMetricsFactory``).
public enum MetricName: String, CaseIterable, Sendable {
    /// Counter: input records by `topic` and `result` (`accepted`, `rejected`).
    case events = "driftwatch_events_total"
    /// Counter: records sent to the dead-letter topic.
    case deadLetters = "driftwatch_dead_letters_total"
    /// Counter: alerts published, by `kind`, `severity` and `status` (`firing`, `resolved`).
    case alerts = "driftwatch_alerts_total"
    /// Counter: retrain triggers published.
    case retrainTriggers = "driftwatch_retrain_triggers_total"
    /// Counter: input records lost before they were read (offset out of range).
    case lostRecords = "driftwatch_lost_records_total"
    /// Gauge: records behind the high watermark, by `topic` and `partition`.
    case consumerLag = "driftwatch_consumer_lag"
    /// Gauge: partitions assigned to this instance.
    case assignedPartitions = "driftwatch_assigned_partitions"
    /// Gauge: predictions and outcomes waiting for their counterpart.
    case joinPending = "driftwatch_join_pending"
    /// Counter: pending entries evicted because the join store was full.
    case joinEvictions = "driftwatch_join_evictions_total"
    /// Counter: pending entries that expired after the join TTL.
    case joinExpiries = "driftwatch_join_expiries_total"
    /// Counter: predictions dropped as late by event-time windows.
    case lateEvents = "driftwatch_late_events_total"
    /// Counter: times a `limits` setting (or `join.max_pending_per_model`) bit, by `limit`: events rejected,
    /// versions evicted, feature names ignored, joins not held.
    case limitHits = "driftwatch_limit_hits_total"
    /// Counter: model versions retired after `retire_after` of event time without predictions.
    case versionsRetired = "driftwatch_versions_retired_total"
    /// Counter: predictions of versions waiting for their published profile (`reference: topic` without `warmup`).
    case eventsWithoutReference = "driftwatch_events_without_reference_total"
    /// Gauge: the latest value of each signal, by `model`, `kind`, `feature` (empty for model-level kinds) and
    /// `detector`.
    case driftValue = "driftwatch_drift_value"
    /// Histogram (seconds): time from polling a batch until its outputs are acknowledged by the broker.
    case processingLatency = "driftwatch_processing_latency_seconds"
    /// Counter: alert notifications by `sink` (`alertmanager`, `pagerduty`) and `result` (`delivered`,
    /// `failed`, `dropped`).
    case sinkNotifications = "driftwatch_sink_notifications_total"
    /// Counter: retried sink requests, by `sink`.
    case sinkRetries = "driftwatch_sink_retries_total"
    /// Counter, labels `sink`, `result`.
    case retrainDeliveries = "driftwatch_retrain_deliveries_total"
    /// Gauge.
    case retrainPendingApprovals = "driftwatch_retrain_pending_approvals"
    /// Counter: offset resets of the consumer (data lost before it was read).
    case offsetResets = "driftwatch_kafka_offset_resets_total"
    /// Counter: records skipped by offset resets.
    case skippedMessages = "driftwatch_kafka_skipped_messages_total"
    /// Counter: checkpoints of a partition's state written to the state topic.
    case stateCheckpoints = "driftwatch_state_checkpoints_total"
    /// Counter: bytes of keys and values written to the state topic.
    case stateWrittenBytes = "driftwatch_state_written_bytes_total"
    /// Counter: state records that could not be read on restore (corrupt, or of another format); what they held
    /// started afresh.
    case stateRestoreFailures = "driftwatch_state_restore_failures_total"
    /// Histogram (seconds): time to restore one input partition's state.
    case stateRestoreTime = "driftwatch_state_restore_seconds"

    /// The `# HELP` text of the family.
    public var help: String {
        switch self {
        case .events: "Input records read, by topic and result (accepted, rejected)."
        case .deadLetters: "Input records sent to the dead-letter topic."
        case .alerts: "Alerts published, by kind, severity and status (firing, resolved)."
        case .retrainTriggers: "Retrain triggers published."
        case .lostRecords: "Input records lost before they were read (offset out of range)."
        case .consumerLag: "Records behind the high watermark, by topic and partition."
        case .assignedPartitions: "Input partitions assigned to this instance."
        case .joinPending: "Predictions and outcomes waiting for their counterpart."
        case .joinEvictions: "Pending predictions and outcomes evicted because the join store was full."
        case .joinExpiries: "Pending predictions and outcomes that expired after the join TTL."
        case .lateEvents: "Predictions dropped by event-time windows because their window had already closed."
        case .limitHits:
            "Times a limit bit, by limit: events rejected, model versions evicted, feature names ignored, joins not held."
        case .versionsRetired: "Model versions retired after retire_after of event time without predictions."
        case .eventsWithoutReference:
            "Predictions not compared: their version waits for its profile on the profiles topic (reference: topic)."
        case .driftValue: "Latest value of each drift signal, by model, kind, feature and detector."
        case .processingLatency: "Seconds from polling a batch until its outputs are acknowledged by the broker."
        case .sinkNotifications: "Alert notifications, by sink and result (delivered, failed, dropped)."
        case .sinkRetries: "Retried alert sink requests, by sink."
        case .retrainDeliveries:
            "Retrain triggers sent to retrain sinks, by sink and result (delivered, failed, skipped as too old)."
        case .retrainPendingApprovals: "Retrain triggers waiting for approval."
        case .offsetResets: "Offset resets of the consumer (records lost before they were read)."
        case .skippedMessages: "Records skipped by offset resets."
        case .stateCheckpoints: "Checkpoints of a partition's state written to the state topic."
        case .stateWrittenBytes: "Bytes of keys and values written to the state topic."
        case .stateRestoreFailures: "State records that could not be read on restore; what they held started afresh."
        case .stateRestoreTime: "Seconds to restore one input partition's state."
        }
    }
}
