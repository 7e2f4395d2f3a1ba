import DriftDetection
import DriftEngine
import Foundation
import Kafka

extension DriftwatchConfiguration {
    /// The engine for this configuration: every model's monitors and policies, with reference profiles read
    /// from their files.
    ///
    /// - Throws: `ConfigurationError` naming the model and field when a profile cannot be read or a setting is
    ///   not supported by the engine yet (windows by duration).
    ///
    /// - Parameters:
    ///   - stateStore: where model versions' state goes when their partitions are revoked, and comes back from.
    package func makeEngine(instance: String, stateStore: (any MonitorStateStore)? = nil) throws(ConfigurationError)
        -> MonitoringEngine
    {
        var problems: [ConfigurationProblem] = []
        var monitors: [MonitorSettings] = []
        var policies: [String: MonitoringEngine.ModelPolicies] = [:]
        for (index, model) in models.enumerated() {
            func problem(_ field: String, _ message: String) {
                problems.append(ConfigurationProblem(
                    file: "configuration", line: nil, path: "models[\(index)].\(field)", message: message
                ))
            }
            guard case .events(let windowEvents) = model.window.size else {
                problem("window", "windows by duration are not supported by the processor yet; use {events: N}")
                continue
            }
            var slide: Int?
            if let extent = model.window.slide {
                guard case .events(let events) = extent else {
                    problem("window.slide", "a slide by duration needs a window by duration; use a number of events")
                    continue
                }
                slide = events
            }
            let reference: MonitorSettings.Reference
            switch model.reference {
            case .warmup(let events):
                reference = .warmup(events: events)
            case .profile(let path):
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: path))
                    reference = .profile(try JSONDecoder().decode(ReferenceProfile.self, from: data))
                } catch {
                    problem("reference", "cannot read the profile '\(path)': \(error.localizedDescription)")
                    continue
                }
            }
            monitors.append(MonitorSettings(
                model: model.name, task: model.task == .classification ? .classification : .regression,
                reference: reference, windowEvents: windowEvents, windowSlide: slide,
                features: model.features.mapValues { $0.test.engineSettings },
                defaultFeatureTest: model.features.isEmpty ? DistanceTestSettings(metric: .psi) : nil,
                prediction: model.prediction.engineSettings, label: model.label.engineSettings,
                concept: ConceptSettings(detector: model.concept.detector, parameters: model.concept.parameters),
                quality: QualitySettings(
                    missingRate: model.quality.missingRate, typeMismatchRate: model.quality.typeMismatchRate,
                    outOfRangeRate: model.quality.outOfRangeRate, unseenCategoryRate: model.quality.unseenCategoryRate
                )
            ))
            policies[model.name] = MonitoringEngine.ModelPolicies(
                alerts: AlertSettings(
                    consecutive: model.alerts.consecutive, cooldown: model.alerts.cooldown.milliseconds,
                    resolveAfter: model.alerts.resolveAfter
                ),
                retrain: RetrainSettings(
                    mode: model.retrain.mode == .automatic ? .automatic : .approvalRequired,
                    on: model.retrain.on.compactMap { RetrainCondition(rawValue: $0.rawValue) },
                    minInterval: model.retrain.minInterval.milliseconds
                )
            )
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return MonitoringEngine(
            models: monitors, policies: policies, joinTTL: join.ttl.milliseconds, maximumPending: join.maxPending,
            instance: instance, stateStore: stateStore
        )
    }

    /// Client settings for the configured brokers and pass-through properties.
    package var kafkaClientSettings: KafkaClientSettings {
        KafkaClientSettings(bootstrapServers: kafka.brokers, properties: kafka.properties)
    }

    /// Where the pipeline reads and writes.
    package var pipelineTopics: EngineRecordProcessor.Topics {
        EngineRecordProcessor.Topics(
            predictions: kafka.topics.predictions, outcomes: kafka.topics.outcomes, alerts: kafka.topics.alerts,
            retrain: kafka.topics.retrain, deadLetters: kafka.topics.dlq
        )
    }
}

extension DistributionTestConfiguration {
    var engineSettings: DistanceTestSettings {
        DistanceTestSettings(
            metric: test, warn: warn, alert: alert, warnP: warnP, alertP: alertP, minEffect: minEffect ?? 0.1
        )
    }
}
