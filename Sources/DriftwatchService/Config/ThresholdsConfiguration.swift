import DriftEngine

/// The false-alarm rates of a model's `auto` thresholds (`thresholds`), for the tests that set none of their own.
package struct ThresholdsConfiguration: Sendable, Equatable {
    /// The chance that a window without drift breaches an `alert: auto` level (`false_alarm_rate`); default 0.001.
    package var falseAlarmRate = CalibratedLevels.defaultFalseAlarmRate
    /// The same for `warn: auto` (`warn_rate`); default 0.01.
    package var warnRate = CalibratedLevels.defaultWarnRate

    static let fields = ["false_alarm_rate", "warn_rate"]
}

extension ThresholdsConfiguration {
    /// Reads a `thresholds` section: rates strictly between 0 and 1, `warn_rate` at least `false_alarm_rate`.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        let rates = reader.falseAlarmRates(fields, defaults: (falseAlarmRate, warnRate))
        falseAlarmRate = rates.alert ?? falseAlarmRate
        warnRate = rates.warn ?? warnRate
    }
}

extension ConfigurationReader {
    /// Reads `false_alarm_rate` and `warn_rate` (rates strictly between 0 and 1) and reports a warn rate below the
    /// false-alarm rate, taking `defaults` for an absent one (`nil`: not checked against it).
    mutating func falseAlarmRates(_ fields: YAMLMapping?, defaults: (alert: Double?, warn: Double?) = (nil, nil))
        -> (alert: Double?, warn: Double?)
    {
        let alert = number(fields, "false_alarm_rate", .rate)
        let warn = number(fields, "warn_rate", .rate)
        if let fields, let falseAlarmRate = alert ?? defaults.alert, let warnRate = warn ?? defaults.warn,
            warnRate < falseAlarmRate
        {
            report(
                "warn_rate (\(warnRate)) must be at least false_alarm_rate (\(falseAlarmRate)): a warning needs less "
                    + "evidence", at: fields["warn_rate"] ?? fields.node, fields.path("warn_rate"))
        }
        return (alert, warn)
    }
}
