import DriftDetection
import DriftEngine
import Foundation
import Testing

@testable import DriftwatchService

/// Loading whole configurations: the shipped example, defaults, and problems that name file, line and field.
struct ConfigurationTests {
    /// The smallest valid configuration: one model learning its reference from warm-up events.
    static let minimal = """
        models:
          - name: fraud
            task: classification
            warmup: 1000
        """

    @Test func shippedExampleIsValid() throws {
        let configuration = try DriftwatchConfiguration.load(contentsOf: Self.examplePath)
        #expect(configuration.models.map(\.name) == ["fraud", "eta"])
        let fraud = try #require(configuration.models.first)
        #expect(fraud.task == .classification)
        #expect(fraud.reference == .profile(path: Self.deployDirectory + "/profiles/fraud.json"))
        #expect(fraud.window == WindowConfiguration(size: .events(5000), slide: nil))
        #expect(fraud.features["amount"]?.test.test == .psi)
        #expect(fraud.features["country"]?.type == .categorical)
        #expect(fraud.features["country"]?.test.alertP == 0.001)
        #expect(fraud.prediction.alert == 0.1)
        #expect(fraud.prediction.warn == nil)
        #expect(fraud.concept.parameters == ["warning_threshold": "2.0", "drift_threshold": "3.0"])
        #expect(fraud.retrain.mode == .automatic)
        let eta = try #require(configuration.models.last)
        #expect(eta.reference == .warmup(events: 2000))
        #expect(eta.window == WindowConfiguration(size: .duration(.seconds(3600)), slide: .duration(.seconds(900))))
        #expect(eta.concept == ConceptConfiguration(detector: "page_hinkley", parameters: ["threshold": "50"]))
        #expect(configuration.http == HTTPConfiguration(host: "127.0.0.1", port: 9464))
    }

    @Test func referenceTopicTakesAnOptionalWarmupAndTheProfilesTopicItsDefault() throws {
        let yaml = """
            kafka: {topics: {profiles: model-profiles}}
            models:
              - {name: fraud, task: classification, reference: topic, warmup: 500}
              - {name: churn, task: classification, reference: topic}
              - {name: eta, task: regression, warmup: 100}
            """
        let configuration = try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        #expect(
            configuration.models.map(\.reference) == [
                .topic(warmupEvents: 500), .topic(warmupEvents: nil), .warmup(events: 100),
            ])
        #expect(configuration.kafka.topics.profiles == "model-profiles")
        #expect(configuration.readsProfilesTopic)
        let minimal = try DriftwatchConfiguration(yaml: Self.minimal, file: "driftwatch.yaml")
        #expect(minimal.kafka.topics.profiles == "driftwatch-profiles")
        #expect(!minimal.readsProfilesTopic)
    }

    @Test func profileTopicRecordsNameTheirVersionAndModel() throws {
        let profile = try JSONEncoder().encode(
            ReferenceProfile(
                model: "fraud", modelVersion: nil, events: 0, features: [:],
                prediction: PredictionProfile(label: nil, score: nil, value: nil), label: nil))
        let key = ProfileTopicRecord.key(model: "fraud", modelVersion: "2/rc1")
        guard case .profile(let published) = try ProfileTopicRecord(key: key, value: Array(profile)) else {
            Issue.record("not a profile")
            return
        }
        #expect((published.model, published.modelVersion) == ("fraud", "2/rc1"))
        guard case .withdrawal(let model, let version) = try ProfileTopicRecord(key: key, value: nil) else {
            Issue.record("not a withdrawal")
            return
        }
        #expect((model, version) == ("fraud", "2/rc1"))
        for (key, value, message) in [
            ("fraud", Array(profile), "is not 'model/version'"), ("churn/1", Array(profile), "of model 'fraud'"),
            ("fraud/1", Array("{}".utf8), "is not a profile"),
        ] {
            #expect(throws: ProfileTopicError.self) { try ProfileTopicRecord(key: Array(key.utf8), value: value) }
            do {
                _ = try ProfileTopicRecord(key: Array(key.utf8), value: value)
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }

    @Test func autoThresholdsTakeTheirRatesFromTheTestOrTheModel() throws {
        let yaml = """
            models:
              - name: fraud
                task: classification
                warmup: 1000
                thresholds: {false_alarm_rate: 0.002, warn_rate: 0.02}
                multiple_testing: bh
                dataset_drift: {share: 0.5}
                features:
                  amount: {test: psi, warn: 0.1, alert: auto, false_alarm_rate: 0.0005}
                  country: {type: categorical, test: chi2, warn: auto, alert: auto}
                  age: {test: js}
                prediction: {test: ks, alert: auto}
            """
        let configuration = try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        let model = try #require(configuration.models.first)
        #expect(model.multipleTesting == .bh)
        #expect(model.datasetDriftShare == 0.5)
        #expect(model.hasAutoThresholds)
        let minimal = try DriftwatchConfiguration(yaml: Self.minimal, file: "driftwatch.yaml")
        #expect(minimal.models.first?.hasAutoThresholds == false)
        let amount = try #require(model.features["amount"]?.test.engineSettings(thresholds: model.thresholds))
        #expect(amount.calibrated == CalibratedLevels(alert: true, warn: false, falseAlarmRate: 0.0005, warnRate: 0.02))
        #expect(amount.warn == 0.1)
        #expect(amount.alert == nil)
        let country = try #require(model.features["country"]?.test.engineSettings(thresholds: model.thresholds))
        #expect(country.calibrated == CalibratedLevels(alert: true, warn: true, falseAlarmRate: 0.002, warnRate: 0.02))
        #expect(country.alertP == nil)
        let age = try #require(model.features["age"]?.test.engineSettings(thresholds: model.thresholds))
        #expect(age.calibrated == nil)
        #expect(age.alert == 0.2)
        let prediction = model.prediction.engineSettings(thresholds: model.thresholds)
        #expect(prediction.calibrated?.alert == true)
        #expect(prediction.calibrated?.warn == false)
    }

    @Test func limitsAreReadIntoTheEngine() throws {
        let yaml =
            Self.minimal + """

                limits: {max_message_bytes: 4096, max_string_bytes: 64, max_features_per_event: 20,
                         max_output_magnitude: 1e6, max_event_time_lead: 5m, max_versions_per_model: 2,
                         max_features_per_warmup: 10}
                join: {max_pending_per_model: 700}
                """
        let configuration = try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        let limits = configuration.limits.monitoring
        #expect(
            limits.events
                == EventLimits(
                    maximumMessageBytes: 4096, maximumStringBytes: 64, maximumFeatures: 20, maximumOutputMagnitude: 1e6)
        )
        #expect(limits.maximumEventTimeLead == 300_000)
        #expect(limits.maximumVersionsPerModel == 2)
        #expect(limits.maximumFeaturesPerWarmup == 10)
        #expect(configuration.join.maxPendingPerModel == 700)
        let defaults = try DriftwatchConfiguration(yaml: Self.minimal, file: "driftwatch.yaml")
        #expect(defaults.limits.monitoring == MonitoringLimits())
        #expect(defaults.join.maxPendingPerModel == nil)
    }

    @Test func absentFieldsTakeTheirDefaults() throws {
        let configuration = try DriftwatchConfiguration(yaml: Self.minimal, file: "driftwatch.yaml")
        #expect(configuration.kafka.brokers == ["localhost:9092"])
        #expect(configuration.kafka.groupID == "driftwatch")
        #expect(configuration.kafka.topics == ConfigurationDefaults.topics)
        #expect(configuration.kafka.topics.dlq == "driftwatch-dlq")
        #expect(configuration.kafka.properties.isEmpty)
        #expect(configuration.join == JoinConfiguration(ttl: .seconds(86_400), maxPending: 1_000_000))
        #expect(configuration.http == ConfigurationDefaults.http)
        let model = try #require(configuration.models.first)
        #expect(model.window == ConfigurationDefaults.window)
        #expect(model.features.isEmpty)
        #expect(model.prediction == DistributionTestConfiguration(test: .js, warn: 0.1, alert: 0.2))
        #expect(model.label == model.prediction)
        #expect(model.concept == ConceptConfiguration(detector: "ddm", parameters: [:]))
        #expect(model.quality == ConfigurationDefaults.quality)
        #expect(model.quality.missingRate == 0.05)
        #expect(model.alerts == AlertPolicyConfiguration(consecutive: 2, cooldown: .seconds(600), resolveAfter: 3))
        #expect(model.retrain.mode == .approvalRequired)
        #expect(model.retrain.on == [.kind(.conceptDrift), .severity(.critical)])
        #expect(model.retrain.minInterval == .seconds(6 * 3600))
        #expect(model.retireAfter == .seconds(24 * 3600))
    }

    @Test func retireAfterIsReadIntoTheEngine() throws {
        let yaml = Self.minimal + "\n    retire_after: 90m"
        let configuration = try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        #expect(configuration.models.first?.retireAfter == .seconds(90 * 60))
    }

    @Test func regressionModelsDefaultToANumericDetector() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "classification", with: "regression")
        let configuration = try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        #expect(configuration.models.first?.concept.detector == "adwin")
    }

    @Test func testsFillOnlyTheLevelsLeftOpen() throws {
        let yaml =
            Self.minimal + """

                    features:
                      amount: ~
                      score: {test: js}
                      country: {type: categorical, test: chi2}
                      age: {test: ks, warn_p: 0.01}
                      income: {test: wasserstein, alert: 500}
                """
        let features = try #require(
            try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml").models.first?.features
        )
        #expect(features["amount"] == FeatureConfiguration(type: nil, test: .init(test: .psi, warn: 0.1, alert: 0.25)))
        #expect(features["score"]?.test == DistributionTestConfiguration(test: .js, warn: 0.1, alert: 0.2))
        #expect(features["country"]?.test == DistributionTestConfiguration(test: .chi2, alertP: 0.001, minEffect: 0.1))
        #expect(features["age"]?.test == DistributionTestConfiguration(test: .ks, warnP: 0.01, minEffect: 0.1))
        #expect(features["income"]?.test == DistributionTestConfiguration(test: .wasserstein, alert: 500))
    }

    @Test func brokersMayBeAListOrCommaSeparated() throws {
        for brokers in ["[\"a:9092\", \"b:9093\"]", "\"a:9092, b:9093\""] {
            let configuration = try DriftwatchConfiguration(
                yaml: "kafka: {brokers: \(brokers)}\n" + Self.minimal,
                file: "driftwatch.yaml"
            )
            #expect(configuration.kafka.brokers == ["a:9092", "b:9093"])
        }
    }

    @Test func kafkaPropertiesPassAsWritten() throws {
        let yaml = """
            kafka:
              properties: {security.protocol: SASL_SSL, message.max.bytes: 2000000, enable.idempotence: true}
            """ + "\n" + Self.minimal
        let configuration = try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        #expect(
            configuration.kafka.properties
                == ["security.protocol": "SASL_SSL", "message.max.bytes": "2000000", "enable.idempotence": "true"]
        )
    }

    @Test func relativeReferencesResolveAgainstTheFilesDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/driftwatch.yaml"
        let yaml = Self.minimal.replacingOccurrences(of: "warmup: 1000", with: "reference: profiles/fraud.json")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: file))
        let configuration = try DriftwatchConfiguration.load(contentsOf: file)
        #expect(configuration.models.first?.reference == .profile(path: directory + "/profiles/fraud.json"))
    }

    @Test func aMissingFileIsOneProblemNamingIt() {
        let error = #expect(throws: ConfigurationError.self) {
            try DriftwatchConfiguration.load(contentsOf: "/nonexistent/driftwatch.yaml")
        }
        #expect(error?.problems.count == 1)
        #expect(error?.problems.first?.line == nil)
        #expect(error?.description.hasPrefix("/nonexistent/driftwatch.yaml: cannot read the file: ") == true)
    }

    @Test func everyProblemIsReportedInFileOrderOneALine() {
        let yaml = """
            kafka:
              topics: {dlq: ""}
            models:
              - name: fraud
                task: classification
                warmup: 0
                window: {events: 0}
                concept: {detector: adwin}
            http: {listen: "localhost"}
            """
        let error = #expect(throws: ConfigurationError.self) {
            try DriftwatchConfiguration(yaml: yaml, file: "driftwatch.yaml")
        }
        let lines = error?.description.split(separator: "\n").map(String.init) ?? []
        #expect(
            lines == [
                "driftwatch.yaml:2: kafka.topics.dlq: must not be empty",
                "driftwatch.yaml:6: models[0].warmup: must be at least 1, got 0",
                "driftwatch.yaml:7: models[0].window.events: must be at least 1, got 0",
                "driftwatch.yaml:8: models[0].concept.detector: adwin reads numeric values, but a classification "
                    + "model's error stream needs a binary detector: one of ddm, eddm, hddm_a, hddm_w, fhddm, rddm, "
                    + "stepd, ecdd_wt",
                "driftwatch.yaml:9: http.listen: 'localhost' is not host:port with a port from 0 to 65535, "
                    + "e.g. 127.0.0.1:9464, [::1]:9464, 0.0.0.0:0",
            ]
        )
    }

    /// The shipped example, found from this file's place in the repository.
    static var examplePath: String { deployDirectory + "/driftwatch.example.yaml" }

    /// The repository's `deploy` directory.
    static var deployDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy").path
    }
}
