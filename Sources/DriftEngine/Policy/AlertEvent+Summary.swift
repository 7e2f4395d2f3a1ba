import Foundation

extension AlertEvent {
    /// The `summary`, e.g. "Feature 'amount' of model fraud v3 drifted: PSI 0.31 is above the critical threshold
    /// 0.25 over 5000 events." or "… is back within its threshold: PSI 0.08 is below the threshold 0.1 …". A
    /// calibrated threshold says its false-alarm rate; a firing model-level alert names the features that moved
    /// most. A resolution with a reason says it instead of a statistic: "… is resolved: the model version was
    /// retired after no predictions since 2026-01-01T00:00:00Z (retire_after)."
    ///
    /// - Parameters:
    ///   - higherIsWorse: whether the statistic breaches by exceeding its threshold (distances, rates) or by falling
    ///     below it (p-values, accuracy); the policy learns it from the episode's first firing.
    ///   - reason: why a `resolved` event resolved without a clear evaluation (``AlertEvent/reason``).
    static func summary(
        status: AlertStatus, severity: Severity, evaluation: SignalEvaluation, higherIsWorse: Bool,
        reason: String? = nil
    ) -> String {
        let (subject, firingPhrase) = describe(evaluation)
        if let reason {
            guard reason == versionRetired else { return "\(subject) is resolved: \(reason)." }
            let since = RFC3339Time.string(fromMilliseconds: evaluation.window.start)
            return "\(subject) is resolved: the model version was retired after no predictions since \(since) "
                + "(retire_after)."
        }
        let direction = higherIsWorse == (status == .firing) ? "above" : "below"
        let name = displayName(of: evaluation.detector, calibrated: evaluation.falseAlarmRate != nil)
        let statistic = "\(name) \(format(evaluation.value)) is \(direction) the"
        var extent =
            "\(format(evaluation.threshold)) over \(evaluation.window.events) "
            + (evaluation.window.events == 1 ? "event." : "events.")
        if let rate = evaluation.falseAlarmRate {
            extent += " The threshold is calibrated to a false-alarm rate of \(format(rate)) per window."
        }
        switch status {
        case .firing:
            var summary = "\(subject) \(firingPhrase): \(statistic) \(severity.rawValue) threshold \(extent)"
            if evaluation.feature == nil, let moved = evaluation.attribution?.prefix(3), !moved.isEmpty {
                summary += " Moved most: " + moved.map(describe).joined(separator: ", ") + "."
            }
            return summary
        case .resolved:
            return "\(subject) is back within its threshold: \(statistic) threshold \(extent)"
        }
    }

    /// "amount (mean up)", "country ('DE' up)", or the feature's name alone when its change is unknown.
    private static func describe(_ entry: Attribution) -> String {
        guard let change = entry.change else { return entry.feature }
        let moved = change.category.map { "'\($0)'" } ?? "mean"
        return "\(entry.feature) (\(moved) \(change.direction.rawValue))"
    }

    /// What was watched ("Feature 'amount' of model fraud v3") and what happened to it when it fired ("drifted").
    private static func describe(_ evaluation: SignalEvaluation) -> (subject: String, firingPhrase: String) {
        let version = evaluation.modelVersion
        let model =
            "model \(evaluation.model)"
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

    /// How tests and detectors are called in prose; unknown names read with spaces for underscores. A calibrated
    /// p-value test reports its statistic.
    private static func displayName(of detector: String, calibrated: Bool = false) -> String {
        if calibrated, detector == "ks" { return "KS statistic" }
        if calibrated, detector == "chi2" { return "chi-square statistic" }
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
