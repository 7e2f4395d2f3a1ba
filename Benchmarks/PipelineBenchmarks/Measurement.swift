import Foundation

/// Timing, memory and formatting helpers shared by the benchmarks.
enum Measurement {
    /// Seconds `body` took on the monotonic clock.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return seconds(since: start)
    }

    /// Seconds since `start` on the monotonic clock.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let components = (ContinuousClock.now - start).components
        return Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The process's resident set size in bytes (`/proc/self/statm`, second field, times the page size).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The wall clock in milliseconds since the epoch, as event `ts` and Kafka timestamps carry it.
    static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// A count with thousands separators: `1,234,567`.
    static func grouped(_ value: Double) -> String {
        let digits = String(Int64(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0, character != "-" { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }

    /// A value with `digits` decimals.
    static func decimal(_ value: Double, _ digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// One figure line: a label padded to a column, then the figure.
    static func line(_ label: String, _ figure: String) -> String {
        label.padding(toLength: max(label.count + 1, 46), withPad: " ", startingAt: 0) + figure
    }

    /// Whether a target was met, as the report says it.
    static func verdict(_ met: Bool) -> String {
        met ? "met" : "NOT MET (see README, Benchmarks)"
    }
}
