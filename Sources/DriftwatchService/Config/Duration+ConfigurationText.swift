extension Duration {
    /// The milliseconds in one unit of each duration suffix the configuration accepts.
    private static let unitMilliseconds: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses a configuration duration: whole numbers with a unit, `ms`, `s`, `m`, `h` or `d`, possibly several
    /// in a row (`500ms`, `10m`, `6h`, `1d`, `1h30m`).
    /// - Returns: `nil` for text of any other shape, or a duration too long to represent.
    init?(configurationText text: String) {
        var milliseconds: Int64 = 0
        var rest = Substring(text)
        repeat {
            let digits = rest.prefix(while: \.isASCII).prefix(while: \.isNumber)
            guard !digits.isEmpty, let count = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix(while: \.isLetter)
            guard let unit = Self.unitMilliseconds.first(where: { $0.suffix == letters }) else { return nil }
            rest = rest.dropFirst(letters.count)
            let (part, partOverflow) = count.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, sumOverflow) = milliseconds.addingReportingOverflow(part)
            guard !partOverflow, !sumOverflow else { return nil }
            milliseconds = sum
        } while !rest.isEmpty
        self = .milliseconds(milliseconds)
    }
}
