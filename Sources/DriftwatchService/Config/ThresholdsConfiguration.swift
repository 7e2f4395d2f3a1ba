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
        if let rate = reader.number(fields, "false_alarm_rate", .rate) { falseAlarmRate = rate }
        if let rate = reader.number(fields, "warn_rate", .rate) { warnRate = rate }
        if let fields, warnRate < falseAlarmRate {
            reader.report(
                "warn_rate (\(warnRate)) must be at least false_alarm_rate (\(falseAlarmRate)): a warning needs less "
                    + "evidence", at: fields["warn_rate"] ?? fields.node, fields.path("warn_rate"))
        }
    }
}
