import DriftDetection
import DriftEngine
import DriftwatchService

extension DemoScenario {
    /// The monitors the demo runs: warm-up references, PSI on features, JS on outputs and labels, DDM on the
    /// classifiers' errors (warm start 1000: see the README on DDM's defaults) and ADWIN on the regression's
    /// absolute errors.
    public var monitorSettings: [MonitorSettings] {
        TrafficGenerator.models.map { model in
            MonitorSettings(
                model: model, task: model == "eta" ? .regression : .classification,
                reference: .warmup(events: warmupEvents), windowEvents: windowEvents,
                prediction: DistanceTestSettings(metric: .js), label: DistanceTestSettings(metric: .js),
                concept: model == "eta"
                    ? ConceptSettings(detector: "adwin")
                    : ConceptSettings(detector: "ddm", parameters: ["warm_start": "1000"])
            )
        }
    }

    /// Two breaching windows in a row to fire, two clean ones to resolve; retraining on concept drift or any
    /// critical alert, at most once per model per hour of event time.
    public var policies: [String: MonitoringEngine.ModelPolicies] {
        Dictionary(
            uniqueKeysWithValues: TrafficGenerator.models.map { model in
                (
                    model,
                    MonitoringEngine.ModelPolicies(
                        alerts: AlertSettings(consecutive: 2, cooldown: 600_000, resolveAfter: 2),
                        retrain: RetrainSettings(
                            mode: model == "fraud" ? .approvalRequired : .automatic,
                            on: [.kind(.conceptDrift), .severity(.critical)], minInterval: 3_600_000
                        )
                    )
                )
            })
    }
}
