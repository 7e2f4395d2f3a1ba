import DriftDetection
import DriftEngine

/// Reading RFC 3339 date-times (`2026-11-22T10:00:00.123Z`, `2026-11-22T19:00:00+09:00`) as
/// milliseconds since the Unix epoch.
///
/// Accepts any number of fractional-second digits (truncated to milliseconds), `Z` or a numeric
/// offset, and, as RFC 3339 permits, lower-case `t` and `z` or a space between date and time.
/// A leap second (`:60`) is read as second 60 of its minute: the same instant as second 0 of the next.
extension RFC3339Time {
    /// The milliseconds since the epoch that `text` denotes, or `nil` when it is not an RFC 3339 date-time.
    static func milliseconds(_ text: UnsafeRawBufferPointer) -> Int64? {
        var reader = Reader(bytes: text)
        guard let year = reader.number(digits: 4), reader.skip("-"),
            let month = reader.number(digits: 2), reader.skip("-"),
            let day = reader.number(digits: 2), reader.skip("Tt "),
            let hour = reader.number(digits: 2), reader.skip(":"),
            let minute = reader.number(digits: 2), reader.skip(":"),
            let second = reader.number(digits: 2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var millisecond: Int64 = 0
        if reader.skip(".") {
            var digits = 0
            while let digit = reader.number(digits: 1) {
                if digits < 3 { millisecond = millisecond * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 3)..<3 { millisecond *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if !reader.skip("Zz") {
            let sign: Int64 = reader.peek(anyOf: "-") ? -1 : 1
            guard reader.skip("+-"), let offsetHour = reader.number(digits: 2), reader.skip(":"),
                let offsetMinute = reader.number(digits: 2),
                offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
        }
        guard reader.isAtEnd else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second
        return seconds * 1_000 + millisecond
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A cursor over the timestamp's bytes.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        /// Reads exactly `digits` decimal digits.
        mutating func number(digits: Int) -> Int64? {
            guard offset + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in offset..<offset + digits {
                let digit = Int64(bytes[index]) - Int64(UInt8(ascii: "0"))
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            offset += digits
            return value
        }

        /// Consumes the next byte if it is one of `characters` (ASCII).
        mutating func skip(_ characters: StaticString) -> Bool {
            guard peek(anyOf: characters) else { return false }
            offset += 1
            return true
        }

        /// Whether the next byte is one of `characters` (ASCII).
        func peek(anyOf characters: StaticString) -> Bool {
            guard offset < bytes.count else { return false }
            let candidates = UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount)
            return candidates.contains(bytes[offset])
        }
    }
}

extension RFC3339Time {
    /// The milliseconds since the Unix epoch of an RFC 3339 timestamp, as event `ts` fields carry them.
    public static func milliseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { milliseconds(UnsafeRawBufferPointer($0)) }
    }
}
