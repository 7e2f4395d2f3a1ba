import DriftDetection
import DriftEngine

/// A window test and its thresholds, for a feature, the model's output (`prediction`) or its labels (`label`).
///
/// Distances (`psi`, `kl`, `js`, `hellinger`, `tvd`, `wasserstein`) breach at `warn` (warning) or `alert`
/// (critical). The p-value tests (`ks`, `chi2`) breach when the p-value is at most `alert_p` (critical) or
/// `warn_p` (warning) **and** the effect size (the KS statistic, Cramér's V) is at least `min_effect`. Either
/// level of any test may be `auto`: a threshold calibrated to `false_alarm_rate` (alert) or `warn_rate` (warn).
package struct DistributionTestConfiguration: Sendable, Equatable {
    /// The test (`test`).
    package var test: DistanceMetric
    /// The distance at which a warning fires (`warn`); `nil`: no warning level.
    package var warn: Double?
    /// The distance at which a critical alert fires (`alert`); `nil`: no critical level.
    package var alert: Double?
    /// The p-value at or below which a warning fires (`warn_p`); `nil`: no warning level.
    package var warnP: Double?
    /// The p-value at or below which a critical alert fires (`alert_p`); `nil`: no critical level.
    package var alertP: Double?
    /// The smallest effect size that may alert (`min_effect`, p-value tests only); default 0.1.
    package var minEffect: Double?
    /// Whether `alert: auto`.
    package var autoAlert = false
    /// Whether `warn: auto`.
    package var autoWarn = false
    /// The alert level's false-alarm rate (`false_alarm_rate`); `nil`: the model's `thresholds`.
    package var falseAlarmRate: Double?
    /// The warn level's false-alarm rate (`warn_rate`); `nil`: the model's `thresholds`.
    package var warnRate: Double?

    /// The fields of a test, shared by features, `prediction` and `label`.
    static let fields = ["test", "warn", "alert", "warn_p", "alert_p", "min_effect", "false_alarm_rate", "warn_rate"]
    /// The value of `warn` or `alert` that calibrates the level.
    static let auto = "auto"

    /// The fields that apply to p-value tests only.
    private static let pValueFields = ["warn_p", "alert_p", "min_effect"]
    /// The fields that apply to distances only.
    private static let distanceFields = ["warn", "alert"]
}

extension DistributionTestConfiguration {
    /// Reads a test's fields from `fields`, with `defaultTest` when `test` is absent, checking that the
    /// thresholds suit the test, lie in range and are ordered (`warn` ≤ `alert`, `warn_p` ≥ `alert_p`).
    /// - Parameter categorical: whether the values are categories, which rules out `ks` and `wasserstein`.
    init?(
        reading fields: YAMLMapping?,
        defaultTest: DistanceMetric,
        categorical: Bool,
        with reader: inout ConfigurationReader
    ) {
        let test: DistanceMetric
        if let fields, fields["test"] != nil {
            guard let chosen: DistanceMetric = reader.choice(fields, "test") else { return nil }
            test = chosen
        } else {
            test = defaultTest
        }
        self.test = test
        if categorical, !test.supportsCategorical, let fields {
            reader.report(
                "\(test.rawValue) compares numbers; categorical values need one of psi, kl, js, hellinger, "
                    + "tvd, chi2", at: fields["test"] ?? fields.node, fields.path("test"))
        }
        autoAlert = fields?["alert"]?.string == Self.auto
        autoWarn = fields?["warn"]?.string == Self.auto
        if autoAlert || autoWarn {
            readCalibrated(fields, with: &reader)
            return
        }
        for name in ["false_alarm_rate", "warn_rate"] {
            guard let fields, let node = fields[name] else { continue }
            reader.report(
                "\(name) applies to auto thresholds: set warn: auto and/or alert: auto", at: node, fields.path(name))
        }
        let isPValueTest = test == .ks || test == .chi2
        let unsuitable = isPValueTest ? Self.distanceFields : Self.pValueFields
        for name in unsuitable {
            guard let fields, let node = fields[name] else { continue }
            let advice =
                isPValueTest
                ? "\(test.rawValue) is judged by its p-value: use warn_p, alert_p and min_effect"
                : "\(name) applies to the p-value tests ks and chi2; \(test.rawValue) uses warn and alert"
            reader.report(advice, at: node, fields.path(name))
        }
        if isPValueTest {
            warnP = reader.number(fields, "warn_p", .probability)
            alertP = reader.number(fields, "alert_p", .probability)
            minEffect = reader.number(fields, "min_effect", .fraction) ?? DistanceTestSettings.defaultMinimumEffect
            if fields?["warn_p"] == nil, fields?["alert_p"] == nil {
                alertP = DistanceTestSettings.defaultAlertP
            }
            if let warnP, let alertP, warnP < alertP, let fields {
                reader.report(
                    "warn_p (\(warnP)) must be at least alert_p (\(alertP)): a warning needs less evidence",
                    at: fields["warn_p"], fields.path("warn_p"))
            }
        } else {
            let bound: NumberBound = [.js, .hellinger, .tvd].contains(test) ? .fraction : .positive
            warn = reader.number(fields, "warn", bound)
            alert = reader.number(fields, "alert", bound)
            if fields?["warn"] == nil, fields?["alert"] == nil {
                guard let defaults = ConfigurationDefaults.distanceThresholds(for: test) else {
                    // Only a chosen test lacks defaults, so `fields` holds at least `test`.
                    if let fields {
                        reader.report(
                            "\(test.rawValue) is measured in the values' own units: set warn and/or alert",
                            at: fields["test"], fields.path("test"))
                    }
                    return nil
                }
                (warn, alert) = defaults
            }
            if let warn, let alert, warn > alert, let fields {
                reader.report(
                    "warn (\(warn)) must not exceed alert (\(alert))", at: fields["warn"], fields.path("warn"))
            }
        }
    }
}

extension DistributionTestConfiguration {
    /// Reads a test with an `auto` level: its rates, and a fixed distance for the other level if one is given. A
    /// p-value test's levels are both calibrated (its statistic, not its p-value), so p-value fields do not apply.
    private mutating func readCalibrated(_ fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        guard let fields else { return }
        (falseAlarmRate, warnRate) = reader.falseAlarmRates(fields)
        for name in Self.pValueFields {
            guard let node = fields[name] else { continue }
            reader.report(
                "\(name) does not apply to auto thresholds, which calibrate the statistic itself; remove it or set "
                    + "both levels as p-values", at: node, fields.path(name))
        }
        let bound: NumberBound = [.js, .hellinger, .tvd].contains(test) ? .fraction : .positive
        for (name, isAuto) in [("warn", autoWarn), ("alert", autoAlert)] where !isAuto && fields[name] != nil {
            if test == .ks || test == .chi2 {
                reader.report(
                    "\(test.rawValue) calibrated with auto takes auto for both warn and alert, or omits one",
                    at: fields[name], fields.path(name))
            } else if let value = reader.number(fields, name, bound) {
                if name == "warn" { warn = value } else { alert = value }
            }
        }
    }

    /// The engine's settings, with the model's rates (`thresholds`) where the test sets none.
    func engineSettings(thresholds: ThresholdsConfiguration) -> DistanceTestSettings {
        guard autoAlert || autoWarn else {
            return DistanceTestSettings(
                metric: test, warn: warn, alert: alert, warnP: warnP, alertP: alertP,
                minEffect: minEffect ?? DistanceTestSettings.defaultMinimumEffect)
        }
        let levels = CalibratedLevels(
            alert: autoAlert, warn: autoWarn, falseAlarmRate: falseAlarmRate ?? thresholds.falseAlarmRate,
            warnRate: warnRate ?? thresholds.warnRate)
        return DistanceTestSettings(metric: test, calibrated: levels, warn: warn, alert: alert)
    }
}
