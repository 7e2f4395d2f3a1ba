import Foundation

extension AlertEvent {
    /// The one-sentence `summary`, e.g. "Feature 'amount' of model fraud v3 drifted: PSI 0.31 is above the
    /// critical threshold 0.25 over 5000 events." or "… is back within its threshold: PSI 0.08 is below the
    /// threshold 0.1 …".
    ///
    /// - Parameter higherIsWorse: whether the statistic breaches by exceeding its threshold (distances, rates) or by
    ///   falling below it (p-values, accuracy); the policy learns it from the episode's first firing.
    static func summary(
        status: AlertStatus, severity: Severity, evaluation: SignalEvaluation, higherIsWorse: Bool
    ) -> String {
        let (subject, firingPhrase) = describe(evaluation)
        let direction = higherIsWorse == (status == .firing) ? "above" : "below"
        let statistic = "\(displayName(of: evaluation.detector)) \(format(evaluation.value)) is \(direction) the"
        let extent = "\(format(evaluation.threshold)) over \(evaluation.window.events) "
            + (evaluation.window.events == 1 ? "event." : "events.")
        switch status {
        case .firing:
            return "\(subject) \(firingPhrase): \(statistic) \(severity.rawValue) threshold \(extent)"
        case .resolved:
            return "\(subject) is back within its threshold: \(statistic) threshold \(extent)"
        }
    }

    /// What was watched ("Feature 'amount' of model fraud v3") and what happened to it when it fired ("drifted").
    private static func describe(_ evaluation: SignalEvaluation) -> (subject: String, firingPhrase: String) {
        let version = evaluation.modelVersion
        let model = "model \(evaluation.model)"
            + (version.isEmpty ? "" : version.first?.isNumber == true ? " v\(version)" : " \(version)")
        let featureOrInputs = evaluation.feature.map { "Feature '\($0)' of \(model)" } ?? "The inputs of \(model)"
        switch evaluation.kind {
        case .dataDrift: return (featureOrInputs, "drifted")
        case .predictionDrift: return ("The prediction distribution of \(model)", "drifted")
        case .labelDrift: return ("The label distribution of \(model)", "drifted")
        case .conceptDrift: return ("The error rate of \(model)", "drifted")
        case .dataQuality: return (featureOrInputs, "has a data quality problem")
        case .performance: return ("The performance of \(model)", "degraded")
        }
    }

    /// How tests and detectors are called in prose; unknown names read with spaces for underscores.
    private static func displayName(of detector: String) -> String {
        let names = [
            "psi": "PSI", "kl": "KL divergence", "js": "JS distance", "hellinger": "Hellinger distance",
            "tvd": "total variation distance", "ks": "KS p-value", "wasserstein": "Wasserstein distance",
            "chi2": "chi-square p-value", "adwin": "ADWIN", "page_hinkley": "Page-Hinkley", "kswin": "KSWIN",
            "ddm": "DDM", "eddm": "EDDM", "hddm_a": "HDDM_A", "hddm_w": "HDDM_W", "fhddm": "FHDDM", "cusum": "CUSUM",
            "rddm": "RDDM", "stepd": "STEPD", "ecdd_wt": "ECDD-WT", "mae": "MAE",
        ]
        return names[detector] ?? detector.replacingOccurrences(of: "_", with: " ")
    }

    /// Four significant digits, without trailing zeros: `0.31`, `5000`, `1.235e+06`.
    private static func format(_ number: Double) -> String {
        String(format: "%.4g", number)
    }
}
