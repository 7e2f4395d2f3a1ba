import DriftDetection
import DriftEngine

/// Every default of the configuration, in one place: what an absent optional field means.
enum ConfigurationDefaults {
    /// `kafka.brokers`: a broker on this machine.
    static let brokers = ["localhost:9092"]
    /// `kafka.group_id`: the consumer group all instances of one deployment share.
    static let groupID = "driftwatch"
    /// `kafka.topics`: the topic names of the contract.
    static let topics = KafkaTopics(
        predictions: "predictions",
        outcomes: "outcomes",
        alerts: "drift-alerts",
        retrain: "retrain-triggers",
        dlq: "driftwatch-dlq",
        state: "driftwatch-state",
        profiles: "driftwatch-profiles"
    )

    /// `window`: tumbling windows of 5000 events.
    static let window = WindowConfiguration(size: .events(windowEvents), slide: nil)
    /// Events per window, and per error-rate window of the concept monitor when windows span a duration.
    static let windowEvents = 5000

    /// The test of a feature without `test`: PSI, which suits numeric and categorical features alike.
    static let featureTest = DistanceMetric.psi
    /// The test of `prediction` and `label` without `test`: the Jensen–Shannon distance, bounded by 1.
    static let outputTest = DistanceMetric.js

    /// `warn` and `alert` of a distance when neither is given: PSI's customary 0.1 and 0.25; 0.1 and 0.2 for the
    /// other distances. Wasserstein is measured in the feature's own units and has none: it needs its thresholds.
    static func distanceThresholds(for metric: DistanceMetric) -> (warn: Double, alert: Double)? {
        switch metric {
        case .psi: (0.1, 0.25)
        case .kl, .js, .hellinger, .tvd: (0.1, 0.2)
        case .wasserstein, .ks, .chi2: nil
        }
    }

    /// `concept.detector`: DDM on the error bit of a classifier, ADWIN on the absolute error of a regressor.
    static func conceptDetector(for task: MonitorSettings.Task) -> String {
        switch task {
        case .classification: "ddm"
        case .regression: "adwin"
        }
    }

    /// `quality`: 5 % missing values and 1 % type mismatches per window; out-of-range values and unseen categories
    /// are not checked unless a rate is given.
    static let quality = QualityConfiguration(
        missingRate: 0.05,
        typeMismatchRate: 0.01,
        outOfRangeRate: nil,
        unseenCategoryRate: nil
    )

    /// `alerts`: fire after 2 breaching windows in a row, resolve after 3 clear ones, then stay quiet 10 minutes.
    static let alerts = AlertPolicyConfiguration(consecutive: 2, cooldown: .seconds(600), resolveAfter: 3)

    /// `retrain`: ask for approval, on concept drift or any critical alert, at most once every 6 hours.
    static let retrain = RetrainPolicyConfiguration(
        mode: .approvalRequired,
        on: [.kind(.conceptDrift), .severity(.critical)],
        minInterval: .seconds(6 * 3600)
    )

    /// `retire_after`: a model version without predictions for 24 hours of event time is retired.
    static let retireAfter = Duration.seconds(24 * 3600)

    /// `join`: outcomes may arrive up to 24 hours after their prediction; at most a million wait at once.
    static let join = JoinConfiguration(ttl: .seconds(24 * 3600), maxPending: 1_000_000)

    /// `state`: a checkpoint every 100,000 events or 10 seconds, whichever comes first. A crash re-processes at most
    /// that much; each checkpoint writes the model versions and pending joins that changed since the previous one.
    static let state = StateConfiguration(snapshotEvents: 100_000, snapshotInterval: .seconds(10))

    /// `http`: metrics and health on the loopback interface, port 9464 (the OpenTelemetry Prometheus port), no
    /// token; not ready after 1 minute without progress of the consume loop.
    static let http = HTTPConfiguration(host: "127.0.0.1", port: 9464)

    /// `shutdown_timeout`: 25 seconds, inside Kubernetes' default grace period of 30 s, so that the process says
    /// itself why it stopped short rather than being killed.
    static let shutdownTimeout = Duration.seconds(25)

    /// `sinks`: no sink; a notification is tried 5 times, 0.5 s before the first retry, doubling.
    static let sinks = SinksConfiguration(alertmanager: nil, pagerDuty: nil, attempts: 5, backoff: .milliseconds(500))
}
