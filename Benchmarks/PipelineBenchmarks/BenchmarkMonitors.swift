import DriftDetection
import DriftEngine
import WireFormat

/// The monitors every pipeline benchmark runs: all of them on, as a production configuration would have them.
///
/// Per model: seven numeric and three categorical features tested with PSI, KS, JS and chi-square; prediction
/// drift (JS on the score); label drift (JS); data quality (missing and type-mismatch rates); the DDM concept
/// detector on joined outcomes. Every model shares one reference profile, built from undrifted events.
enum BenchmarkMonitors {
    /// The test of each feature.
    static let featureTests: [String: DistanceTestSettings] = [
        "amount": DistanceTestSettings(metric: .psi),
        "age": DistanceTestSettings(metric: .ks),
        "tenure_days": DistanceTestSettings(metric: .psi),
        "items": DistanceTestSettings(metric: .js),
        "session_seconds": DistanceTestSettings(metric: .ks),
        "hour": DistanceTestSettings(metric: .psi),
        "distance_km": DistanceTestSettings(metric: .js),
        "country": DistanceTestSettings(metric: .chi2),
        "device": DistanceTestSettings(metric: .js),
        "is_new": DistanceTestSettings(metric: .chi2),
    ]

    /// A reference profile of `events` undrifted events.
    static func reference(events: Int = 20_000) throws -> ReferenceProfile {
        var generator = PredictionEventGenerator(seed: 7)
        let decoder = EventDecoder(knownModels: ["reference"])
        var builder = try ProfileBuilder(model: "reference")
        for index in 0..<events {
            let bytes = generator.event(model: "reference", eventTime: Int64(index))
            let event = try decoder.decodePrediction(bytes, fallbackTime: 0)
            builder.add(event, outcome: .string(event.prediction.label?.text ?? "legit"))
        }
        return try builder.build()
    }

    /// An engine watching `models` with windows of `windowEvents` events and the given alert policy; `features`
    /// narrows the feature tests to a few.
    static func engine(
        models: [String], reference: ReferenceProfile, windowEvents: Int,
        alerts: AlertSettings = AlertSettings(consecutive: 2, cooldown: 600_000, resolveAfter: 3),
        maximumPending: Int = 1_000_000, limits: MonitoringLimits = MonitoringLimits(),
        features: [String: DistanceTestSettings] = featureTests
    ) -> MonitoringEngine {
        let settings = models.map { model in
            MonitorSettings(
                model: model, task: .classification, reference: .profile(reference), windowEvents: windowEvents,
                features: features, defaultFeatureTest: nil,
                prediction: DistanceTestSettings(metric: .js), label: DistanceTestSettings(metric: .js),
                concept: ConceptSettings(detector: "ddm", parameters: ["warm_start": "1000"]),
                quality: QualitySettings(missingRate: 0.05, typeMismatchRate: 0.01)
            )
        }
        let policies = Dictionary(
            uniqueKeysWithValues: models.map {
                ($0, MonitoringEngine.ModelPolicies(alerts: alerts))
            })
        return MonitoringEngine(
            models: settings, policies: policies, joinTTL: 86_400_000, maximumPending: maximumPending,
            instance: "bench", limits: limits
        )
    }
}
