/// RFC 3339 timestamps: formats event times in UTC with milliseconds, e.g. `2026-11-22T10:00:00.123Z`, and the
/// wire format reads them back (`RFC3339Time+Parsing.swift` in WireFormat).
///
/// Written out by hand (no calendar, no locale) so that the output depends on the input only.
public enum RFC3339Time {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// The timestamp of `milliseconds` since the Unix epoch (negative values are before 1970).
    public static func string(fromMilliseconds milliseconds: Int64) -> String {
        let (days, millisecondOfDay) = floorDivide(milliseconds, by: millisecondsPerDay)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let seconds = millisecondOfDay / 1000
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T"
            + padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
            + "." + padded(millisecondOfDay % 1000, 3) + "Z"
    }

    /// Quotient and non-negative remainder.
    private static func floorDivide(_ value: Int64, by divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let (era, dayOfEra) = floorDivide(days + 719_468, by: 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
