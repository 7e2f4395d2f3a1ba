import DriftDetection
import DriftEngine
import Foundation
import Kafka

extension DriftwatchConfiguration {
    /// The engine for this configuration: every model's monitors and policies, with reference profiles read
    /// from their files.
    ///
    /// - Throws: `ConfigurationError` naming the model and field when a profile cannot be read or a window's
    ///   slide is not of the window's kind.
    ///
    package func makeEngine(instance: String) throws(ConfigurationError)
        -> MonitoringEngine
    {
        var problems: [ConfigurationProblem] = []
        var monitors: [MonitorSettings] = []
        var policies: [String: MonitoringEngine.ModelPolicies] = [:]
        for (index, model) in models.enumerated() {
            func problem(_ field: String, _ message: String) {
                problems.append(
                    ConfigurationProblem(
                        file: "configuration", line: nil, path: "models[\(index)].\(field)", message: message
                    ))
            }
            let reference: MonitorSettings.Reference
            switch model.reference {
            case .warmup(let events):
                reference = .warmup(events: events)
            case .topic(let events):
                reference = .published(fallbackWarmupEvents: events)
            case .profile(let path):
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: path))
                    reference = .profile(try JSONDecoder().decode(ReferenceProfile.self, from: data))
                } catch {
                    problem("reference", "cannot read the profile '\(path)': \(error.localizedDescription)")
                    continue
                }
            }
            guard let settings = Self.monitorSettings(of: model, reference: reference, problem: problem) else {
                continue
            }
            monitors.append(settings)
            policies[model.name] = MonitoringEngine.ModelPolicies(
                alerts: AlertSettings(
                    consecutive: model.alerts.consecutive, cooldown: model.alerts.cooldown.milliseconds,
                    resolveAfter: model.alerts.resolveAfter
                ),
                retrain: RetrainSettings(
                    mode: model.retrain.mode,
                    on: model.retrain.on,
                    minInterval: model.retrain.minInterval.milliseconds
                ),
                retireAfter: model.retireAfter.milliseconds
            )
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        var limits = self.limits.monitoring
        limits.maximumPendingPerModel = join.maxPendingPerModel
        return MonitoringEngine(
            models: monitors, policies: policies, joinTTL: join.ttl.milliseconds, maximumPending: join.maxPending,
            instance: instance, limits: limits
        )
    }

    /// The engine's settings of one configured model over `reference`; a problem with its window is passed to
    /// `problem` (field, message) and gives `nil`.
    package static func monitorSettings(
        of model: ModelConfiguration, reference: MonitorSettings.Reference, problem: (String, String) -> Void
    ) -> MonitorSettings? {
        // Windows by duration span event time; the concept monitor's error-rate windows then keep the
        // default event count.
        var windowEvents = ConfigurationDefaults.windowEvents
        var slide: Int?
        var duration: Int64?
        var durationSlide: Int64?
        switch (model.window.size, model.window.slide) {
        case (.events(let events), nil):
            windowEvents = events
        case (.events(let events), .events(let step)?):
            (windowEvents, slide) = (events, step)
        case (.duration(let length), nil):
            duration = length.milliseconds
        case (.duration(let length), .duration(let step)?):
            (duration, durationSlide) = (length.milliseconds, step.milliseconds)
        default:
            problem("window.slide", "the slide must be of the same kind as the window: events or a duration")
            return nil
        }
        return MonitorSettings(
            model: model.name, task: model.task,
            reference: reference, windowEvents: windowEvents, windowSlide: slide,
            features: model.features.mapValues { $0.test.engineSettings(thresholds: model.thresholds) },
            defaultFeatureTest: model.features.isEmpty ? DistanceTestSettings(metric: .psi) : nil,
            prediction: model.prediction.engineSettings(thresholds: model.thresholds),
            label: model.label.engineSettings(thresholds: model.thresholds),
            concept: ConceptSettings(detector: model.concept.detector, parameters: model.concept.parameters),
            quality: QualitySettings(
                missingRate: model.quality.missingRate, typeMismatchRate: model.quality.typeMismatchRate,
                outOfRangeRate: model.quality.outOfRangeRate,
                unseenCategoryRate: model.quality.unseenCategoryRate
            ),
            windowDuration: duration, windowDurationSlide: durationSlide,
            multipleTesting: model.multipleTesting, datasetDriftShare: model.datasetDriftShare
        )
    }

    /// Client settings for the configured brokers and pass-through properties.
    package var kafkaClientSettings: KafkaClientSettings {
        KafkaClientSettings(bootstrapServers: kafka.brokers, properties: kafka.properties)
    }

    /// The longest a produce may legitimately wait for the brokers before librdkafka gives up on it: the delivery
    /// timeout (`message.timeout.ms`, as `kafka.properties` sets it, or the producer's default).
    package var longestBrokerWait: Duration {
        kafka.properties["message.timeout.ms"].flatMap(Int64.init).map { .milliseconds($0) }
            ?? KafkaProducerConfiguration(client: kafkaClientSettings).deliveryTimeout
    }

    /// Where the pipeline reads and writes.
    package var pipelineTopics: EngineRecordProcessor.Topics {
        EngineRecordProcessor.Topics(
            predictions: kafka.topics.predictions, outcomes: kafka.topics.outcomes, alerts: kafka.topics.alerts,
            retrain: kafka.topics.retrain, deadLetters: kafka.topics.dlq, state: kafka.topics.state,
            profiles: kafka.topics.profiles
        )
    }
}
