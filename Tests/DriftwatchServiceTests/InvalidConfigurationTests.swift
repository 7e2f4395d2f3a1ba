import Testing

@testable import DriftwatchService

/// Bad configurations: each is rejected with a problem naming the file, the line and the field.
struct InvalidConfigurationTests {
    /// A configuration with one mistake, and where and how it must be reported.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let line: Int
        let path: String
        let message: String

        var testDescription: String { name }
    }

    /// A valid model whose last line is line 4, so that a case appends its mistake from line 5 on.
    static let model = """
        models:
          - name: fraud
            task: classification
            warmup: 1000
        """

    static let cases: [Case] = [
        Case(
            name: "p-value field beside auto",
            yaml: model + "\n    features:\n      amount: {test: ks, alert: auto, alert_p: 0.01}",
            line: 6,
            path: "models[0].features.amount.alert_p",
            message:
                "alert_p does not apply to auto thresholds, which calibrate the statistic itself; remove it or set "
                + "both levels as p-values"
        ),
        Case(
            name: "false-alarm rate without auto",
            yaml: model + "\n    features:\n      amount: {test: psi, alert: 0.3, false_alarm_rate: 0.01}",
            line: 6,
            path: "models[0].features.amount.false_alarm_rate",
            message: "false_alarm_rate applies to auto thresholds: set warn: auto and/or alert: auto"
        ),
        Case(
            name: "warn rate below the false-alarm rate",
            yaml: model + "\n    thresholds: {false_alarm_rate: 0.01, warn_rate: 0.001}",
            line: 5,
            path: "models[0].thresholds.warn_rate",
            message: "warn_rate (0.001) must be at least false_alarm_rate (0.01): a warning needs less evidence"
        ),
        Case(
            name: "false-alarm rate out of range",
            yaml: model + "\n    features:\n      amount: {alert: auto, false_alarm_rate: 1}",
            line: 6,
            path: "models[0].features.amount.false_alarm_rate",
            message: "must be a rate strictly between 0 and 1, got 1"
        ),
        Case(
            name: "unknown multiple-testing correction",
            yaml: model + "\n    multiple_testing: holm",
            line: 5,
            path: "models[0].multiple_testing",
            message: "unknown multiple_testing 'holm'; one of none, bonferroni, bh"
        ),
        Case(
            name: "retire_after that is not a duration",
            yaml: model + "\n    retire_after: soon",
            line: 5,
            path: "models[0].retire_after",
            message:
                "'soon' is not a duration; write a whole number and a unit (ms, s, m, h, d), e.g. 500ms, 10m, 6h, 1d"
        ),
        Case(
            name: "retire_after of zero",
            yaml: model + "\n    retire_after: 0s",
            line: 5,
            path: "models[0].retire_after",
            message: "must be longer than 0, got '0s'"
        ),
        Case(
            name: "dataset drift without a share",
            yaml: model + "\n    dataset_drift: {}",
            line: 5,
            path: "models[0].dataset_drift",
            message: "dataset_drift needs a share, e.g. {share: 0.5}"
        ),
        Case(
            name: "unknown test",
            yaml: model + "\n    features:\n      amount: {test: psy}",
            line: 6,
            path: "models[0].features.amount.test",
            message: "unknown test 'psy'; one of psi, kl, js, hellinger, tvd, ks, wasserstein, chi2"
        ),
        Case(
            name: "limit below its minimum",
            yaml: model + "\nlimits: {max_string_bytes: 4}",
            line: 5,
            path: "limits.max_string_bytes",
            message: "must be at least 8, got 4"
        ),
        Case(
            name: "slide that does not divide the window",
            yaml: model + "\n    window: {events: 5000, slide: 300}",
            line: 5,
            path: "models[0].window.slide",
            message: "must divide the window's 5000 events (e.g. 1000), got 300"
        ),
        Case(
            name: "slide that does not divide the window's duration",
            yaml: model.replacingOccurrences(
                of: "warmup: 1000", with: "warmup: 1000\n    window: {duration: 1h, slide: 7m}"),
            line: 5,
            path: "models[0].window.slide",
            message: "must divide the window's duration"
        ),
        Case(
            name: "negative window",
            yaml: model + "\n    window: {events: -5000}",
            line: 5,
            path: "models[0].window.events",
            message: "must be at least 1, got -5000"
        ),
        Case(
            name: "missing topic",
            yaml: "kafka:\n  topics:\n    dlq:\n" + model,
            line: 3,
            path: "kafka.topics.dlq",
            message: "must name a topic; leave the field out to use 'driftwatch-dlq'"
        ),
        Case(
            name: "empty topic",
            yaml: "kafka:\n  topics: {dlq: \"\"}\n" + model,
            line: 2,
            path: "kafka.topics.dlq",
            message: "must not be empty"
        ),
        Case(
            name: "unknown field",
            yaml: model + "\n    windw: {events: 10}",
            line: 5,
            path: "models[0].windw",
            message:
                "unknown field 'windw'; valid fields: name, task, reference, warmup, window, features, prediction, "
                + "label, concept, quality, alerts, retrain, thresholds, multiple_testing, dataset_drift, retire_after"
        ),
        Case(
            name: "unknown top-level field",
            yaml: model + "\nmetrics: {port: 9090}",
            line: 5,
            path: "metrics",
            message:
                "unknown field 'metrics'; valid fields: kafka, models, join, http, sinks, state, limits, shutdown_timeout"
        ),
        Case(
            name: "unknown detector",
            yaml: model + "\n    concept: {detector: dddm}",
            line: 5,
            path: "models[0].concept.detector",
            message: "unknown detector 'dddm'; valid detectors: adwin, page_hinkley, kswin, ddm, eddm, hddm_a, hddm_w, "
                + "fhddm, cusum, geometric_moving_average, rddm, stepd, ecdd_wt"
        ),
        Case(
            name: "unknown detector parameter",
            yaml: model + "\n    concept:\n      detector: ddm\n      params: {drift_treshold: 3}",
            line: 7,
            path: "models[0].concept.params.drift_treshold",
            message: "detector 'ddm' has no parameter 'drift_treshold'; valid parameters (with defaults): "
                + "warm_start=30, warning_threshold=2.0, drift_threshold=3.0"
        ),
        Case(
            name: "invalid detector parameter",
            yaml: model + "\n    concept: {detector: ddm, params: {warm_start: soon}}",
            line: 5,
            path: "models[0].concept.params.warm_start",
            message: "parameter 'warm_start' of detector 'ddm' must be a whole number, got 'soon'; "
                + "valid parameters (with defaults): warm_start=30, warning_threshold=2.0, drift_threshold=3.0"
        ),
        Case(
            name: "detector unfit for the task",
            yaml: model.replacingOccurrences(of: "classification", with: "regression")
                + "\n    concept: {detector: ddm}",
            line: 5,
            path: "models[0].concept.detector",
            message: "ddm reads binary values, but a regression model's error stream needs a numeric detector: "
                + "one of adwin, page_hinkley, kswin, cusum, geometric_moving_average"
        ),
        Case(
            name: "warn above alert",
            yaml: model + "\n    features:\n      amount: {test: psi, warn: 0.3, alert: 0.25}",
            line: 6,
            path: "models[0].features.amount.warn",
            message: "warn (0.3) must not exceed alert (0.25)"
        ),
        Case(
            name: "p-value out of range",
            yaml: model + "\n    features:\n      country: {test: chi2, alert_p: 1.5}",
            line: 6,
            path: "models[0].features.country.alert_p",
            message: "must be a p-value strictly between 0 and 1, got 1.5"
        ),
        Case(
            name: "distance threshold on a p-value test",
            yaml: model + "\n    label: {test: chi2, alert: 0.2}",
            line: 5,
            path: "models[0].label.alert",
            message: "chi2 is judged by its p-value: use warn_p, alert_p and min_effect"
        ),
        Case(
            name: "numeric test of a categorical feature",
            yaml: model + "\n    features:\n      country: {type: categorical, test: wasserstein, alert: 1}",
            line: 6,
            path: "models[0].features.country.test",
            message: "wasserstein compares numbers; categorical values need one of psi, kl, js, hellinger, tvd, chi2"
        ),
        Case(
            name: "bad duration",
            yaml: model + "\n    alerts: {cooldown: 10 minutes}",
            line: 5,
            path: "models[0].alerts.cooldown",
            message: "'10 minutes' is not a duration; write a whole number and a unit (ms, s, m, h, d), "
                + "e.g. 500ms, 10m, 6h, 1d"
        ),
        Case(
            name: "zero duration",
            yaml: model + "\njoin: {ttl: 0h}",
            line: 5,
            path: "join.ttl",
            message: "must be longer than 0, got '0h'"
        ),
        Case(
            name: "both reference and warmup",
            yaml: model + "\n    reference: profiles/fraud.json",
            line: 4,
            path: "models[0].warmup",
            message:
                "give either 'reference' (a profile) or 'warmup' (events to learn it from), not both; only 'reference: topic' takes a 'warmup' (used until a version's profile is published)"
        ),
        Case(
            name: "neither reference nor warmup",
            yaml: model.replacingOccurrences(of: "    warmup: 1000", with: "    window: {events: 100}"),
            line: 2,
            path: "models[0].reference",
            message: "missing required field 'reference' (a profile from 'driftwatch profile build'), "
                + "or 'warmup: N' to learn it from the first N events"
        ),
        Case(
            name: "duplicate model",
            yaml: model + "\n" + model.replacingOccurrences(of: "models:\n", with: ""),
            line: 5,
            path: "models[1].name",
            message: "duplicate model name 'fraud'; models[0] has it already (line 2)"
        ),
        Case(
            name: "topics not distinct",
            yaml: "kafka:\n  topics: {alerts: predictions}\n" + model,
            line: 2,
            path: "kafka.topics.alerts",
            message: "'predictions' is both the predictions and the alerts topic; each topic must be distinct"
        ),
        Case(
            name: "no brokers",
            yaml: "kafka: {brokers: []}\n" + model,
            line: 1,
            path: "kafka.brokers",
            message: "needs at least one broker, e.g. localhost:9092"
        ),
        Case(
            name: "reserved Kafka property",
            yaml: "kafka:\n  properties: {enable.auto.commit: true}\n" + model,
            line: 2,
            path: "kafka.properties[\"enable.auto.commit\"]",
            message: "driftwatch sets 'enable.auto.commit': driftwatch commits offsets itself, once the outputs they "
                + "caused are acknowledged"
        ),
        Case(
            name: "unknown retrain trigger",
            yaml: model + "\n    retrain: {on: [concept_drift, severe]}",
            line: 5,
            path: "models[0].retrain.on[1]",
            message: "unknown kind or severity 'severe'; one of data_drift, prediction_drift, label_drift, "
                + "concept_drift, data_quality, performance, warning, critical"
        ),
        Case(
            name: "listen without a port",
            yaml: model + "\nhttp: {listen: \"0.0.0.0:http\"}",
            line: 5,
            path: "http.listen",
            message: "'0.0.0.0:http' is not host:port with a port from 0 to 65535, e.g. 127.0.0.1:9464, [::1]:9464, "
                + "0.0.0.0:0"
        ),
        Case(
            name: "no models",
            yaml: "models: []",
            line: 1,
            path: "models",
            message: "must be a list of at least one model"
        ),
        Case(
            name: "YAML syntax",
            yaml: model + "\n    window: {events: 10",
            line: 6,
            path: "",
            message: "invalid YAML: did not find expected ',' or '}' while parsing a flow mapping at line 5"
        ),
        Case(
            name: "duplicate key",
            yaml: model + "\n    task: regression",
            line: 3,
            path: "",
            message: "duplicate key 'task'"
        ),
        Case(
            name: "alertmanager URL without scheme",
            yaml: model + "\nsinks:\n  alertmanager: {url: \"alertmanager:9093\"}",
            line: 6,
            path: "sinks.alertmanager.url",
            message: "'alertmanager:9093' is not an http:// or https:// URL"
        ),
        Case(
            name: "pagerduty without a routing key",
            yaml: model + "\nsinks:\n  pagerduty: {url: \"https://events.example/v2/enqueue\"}",
            line: 6,
            path: "sinks.pagerduty.routing_key",
            message:
                "missing required field 'routing_key' (or routing_key_env naming an environment variable that holds it)"
        ),
        Case(
            name: "routing key variable not set",
            yaml: model + "\nsinks:\n  pagerduty:\n    routing_key_env: DRIFTWATCH_UNSET_ROUTING_KEY",
            line: 7,
            path: "sinks.pagerduty.routing_key_env",
            message:
                "environment variable 'DRIFTWATCH_UNSET_ROUTING_KEY' is not set; export the PagerDuty routing key in it"
        ),
        Case(
            name: "no sink retries",
            yaml: model + "\nsinks: {attempts: 0}",
            line: 5,
            path: "sinks.attempts",
            message: "must be at least 1, got 0"
        ),
        Case(
            name: "retrain webhook body with an unknown placeholder",
            yaml: model
                + "\nsinks:\n  retrain:\n    - {type: webhook, url: \"http://ci/hook\", body: {m: \"{{modle}}\"}}",
            line: 7,
            path: "sinks.retrain[0].body.m",
            message: "unknown placeholder '{{modle}}'; one of "
                + BodyTemplate.fieldNames.map { "{{\($0)}}" }.joined(separator: ", ")
        ),
        Case(
            name: "airflow sink without a DAG",
            yaml: model + "\nsinks:\n  retrain:\n    - {type: airflow, url: \"http://airflow:8080\"}",
            line: 7,
            path: "sinks.retrain[0].dag_id",
            message: "missing required field 'dag_id' (the DAG that retrains the model)"
        ),
    ]

    @Test(arguments: cases)
    func isRejectedNamingLineAndField(_ bad: Case) {
        let error = #expect(throws: ConfigurationError.self) {
            try DriftwatchConfiguration(yaml: bad.yaml, file: "driftwatch.yaml")
        }
        let expected = ConfigurationProblem(
            file: "driftwatch.yaml", line: bad.line, path: bad.path, message: bad.message)
        #expect(error?.problems == [expected])
    }

    @Test func theDescriptionNamesFileLineAndField() {
        let problem = ConfigurationProblem(
            file: "driftwatch.yaml", line: 14, path: "models[0].features.amount.test",
            message: "unknown test 'psy'")
        #expect(problem.description == "driftwatch.yaml:14: models[0].features.amount.test: unknown test 'psy'")
    }
}
