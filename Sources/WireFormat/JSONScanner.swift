import DriftDetection
import DriftEngine

/// A single-pass reader over the bytes of one JSON message, for the event decoder's hot path.
///
/// It reads tokens in place, without building a document tree: the decoder asks for the value it
/// expects next and skips what it does not know. String content is scanned eight bytes at a time;
/// strings without escapes become `String`s in one copy, and the member names the decoder looks
/// for are compared as bytes, never copied. Numbers follow the JSON
/// grammar (RFC 8259 §6) and convert exactly as `Double(String)` does. Every syntax error names
/// the byte offset where reading stopped.
struct JSONScanner {
    /// A string token: the bytes between the quotes, still escaped if `hasEscapes`.
    struct StringToken {
        /// The positions of the string's content, quotes excluded.
        var range: Range<Int>
        /// Whether the content holds backslash escapes.
        var hasEscapes: Bool
        /// Whether the content holds bytes outside ASCII, which need UTF-8 validation.
        var hasNonASCII: Bool
    }

    /// A JSON value type, named as error messages name it ("expected number, got object").
    enum Kind: String {
        case object, array, string, boolean, null, number
    }

    /// Where the reader is inside one object: before its first member or after one.
    struct ObjectCursor {
        fileprivate var isFirst = true
    }

    /// The deepest nesting of arrays and objects the scanner follows when skipping a value.
    static let maximumDepth = 512

    private let bytes: UnsafeRawBufferPointer
    /// The bounds the values read must keep.
    let limits: EventLimits
    /// The position of the next byte to read.
    private(set) var offset = 0

    /// Creates a scanner at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, limits: EventLimits = EventLimits()) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: Structure

    /// Skips whitespace and returns the byte that starts the next value, without consuming it.
    mutating func peekValue() throws(EventError) -> UInt8 {
        skipWhitespace()
        guard offset < bytes.count else { throw syntaxError("unexpected end of message, expected a value") }
        return bytes[offset]
    }

    /// Consumes the `{` that opens an object.
    mutating func openObject() throws(EventError) -> ObjectCursor {
        guard try peekValue() == UInt8(ascii: "{") else { throw syntaxError("expected '{'") }
        offset += 1
        return ObjectCursor()
    }

    /// Reads up to and including the `:` of the object's next member and returns its key, or
    /// consumes the closing `}` and returns `nil`.
    mutating func nextKey(_ cursor: inout ObjectCursor) throws(EventError) -> StringToken? {
        skipWhitespace()
        guard offset < bytes.count else { throw syntaxError("unexpected end of message inside an object") }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return nil
        }
        if cursor.isFirst {
            cursor.isFirst = false
        } else {
            guard bytes[offset] == UInt8(ascii: ",") else {
                throw syntaxError("expected ',' or '}' after an object member")
            }
            offset += 1
            skipWhitespace()
        }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw syntaxError("expected a member name in double quotes")
        }
        let key = try readStringToken()
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
            throw syntaxError("expected ':' after a member name")
        }
        offset += 1
        return key
    }

    /// Checks that nothing but whitespace follows the top-level value.
    mutating func expectEnd() throws(EventError) {
        skipWhitespace()
        guard offset == bytes.count else { throw syntaxError("unexpected data after the top-level object") }
    }

    /// Whether the key token spells `name` (after unescaping, if it has escapes).
    func key(_ token: StringToken, is name: StaticString) -> Bool {
        guard token.hasEscapes else {
            return token.range.count == name.utf8CodeUnitCount && bytes(at: token.range.lowerBound, spell: name)
        }
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return (try? string(token))?.utf8.elementsEqual(expected) ?? false
    }

    // MARK: Values

    /// Reads a string value (the scanner is at its opening quote).
    mutating func readString() throws(EventError) -> String {
        try string(readStringToken())
    }

    /// Reads a string value and returns its token (the scanner is at its opening quote).
    mutating func readStringToken() throws(EventError) -> StringToken {
        offset += 1
        let start = offset
        var hasEscapes = false
        var highBits: UInt64 = 0
        while offset < bytes.count {
            if offset + 8 <= bytes.count {
                // Eight bytes at a time up to the first quote, backslash or control character.
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let special = Self.specialBytes(word)
                let plainCount = special.trailingZeroBitCount / 8
                highBits |= plainCount == 8 ? word : word & (1 << (plainCount * 8) &- 1)
                offset += plainCount
                if plainCount == 8 { continue }
            }
            let byte = bytes[offset]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                highBits |= UInt64(byte)
                offset += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                offset += 1
                let hasNonASCII = highBits & Self.highBitOfEveryByte != 0
                return StringToken(range: start..<offset - 1, hasEscapes: hasEscapes, hasNonASCII: hasNonASCII)
            }
            guard byte == UInt8(ascii: "\\") else {
                throw syntaxError("control character U+\(hex(byte)) must be escaped in a string")
            }
            hasEscapes = true
            offset += 1
            guard offset < bytes.count else { break }
            switch bytes[offset] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                offset += 1
            case UInt8(ascii: "u"):
                _ = try hexQuad(at: offset + 1)
                offset += 5
            default:
                throw syntaxError("invalid escape sequence in a string")
            }
        }
        throw syntaxError("unterminated string")
    }

    /// The bytes of a token's content, as sent (escapes not decoded).
    func rawBytes(_ token: StringToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[token.range])
    }

    /// The string a token spells, escapes decoded and UTF-8 validated; longer than `limits.maximumStringBytes` (as
    /// sent) is an error: only strings the engine keeps are made, and each is bounded.
    func string(_ token: StringToken) throws(EventError) -> String {
        guard token.range.count <= limits.maximumStringBytes else {
            throw EventError(
                .oversize,
                "a string of \(token.range.count) bytes is over the limit of \(limits.maximumStringBytes) bytes "
                    + "(limits.max_string_bytes)", limit: .stringBytes)
        }
        guard token.hasEscapes else {
            let content = rawBytes(token)
            guard token.hasNonASCII else { return String(decoding: content, as: UTF8.self) }
            guard let string = String(validating: content, as: UTF8.self) else {
                throw syntaxError("a string is not valid UTF-8", at: token.range.lowerBound)
            }
            return string
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(token.range.count)
        var index = token.range.lowerBound
        while index < token.range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeScalar(at: &index)
                decoded.append(contentsOf: UTF8.encode(scalar)!)
            default: decoded.append(escape)
            }
        }
        guard let string = String(validating: decoded, as: UTF8.self) else {
            throw syntaxError("a string is not valid UTF-8", at: token.range.lowerBound)
        }
        return string
    }

    /// Reads a number (the scanner is at its first byte), converting it exactly as `Double(String)` does.
    ///
    /// - Throws: A syntax error when the text is not a JSON number, an `invalidValue` error when it
    ///   is too large for a `Double`.
    mutating func readNumber() throws(EventError) -> Double {
        let start = offset
        let number = try scanNumber()
        if number.mantissa == 0 && !number.isTruncated {
            return number.isNegative ? -0.0 : 0.0
        }
        if !number.isTruncated, number.mantissa <= 1 << 53, abs(number.exponent) <= 22 {
            // Both operands are exact, so one correctly rounded operation gives the correctly rounded result.
            let scale = Self.exactPowersOfTen[abs(number.exponent)]
            let magnitude = number.exponent < 0 ? Double(number.mantissa) / scale : Double(number.mantissa) * scale
            return number.isNegative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else { throw syntaxError("invalid number", at: start) }
        guard value.isFinite else {
            throw EventError(.invalidValue, "number \(text) is too large for a 64-bit floating point value")
        }
        return value
    }

    /// Reads `true` or `false` (the scanner is at its first byte).
    mutating func readBool() throws(EventError) -> Bool {
        if bytes[offset] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// Reads `null` (the scanner is at its first byte).
    mutating func readNull() throws(EventError) {
        try literal("null")
    }

    /// Skips one value of any kind, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws(EventError) {
        switch try peekValue() {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw syntaxError("nesting deeper than \(Self.maximumDepth)") }
            var cursor = try openObject()
            while try nextKey(&cursor) != nil {
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw syntaxError("nesting deeper than \(Self.maximumDepth)") }
            offset += 1
            var isFirst = true
            while true {
                skipWhitespace()
                guard offset < bytes.count else { throw syntaxError("unexpected end of message inside an array") }
                if bytes[offset] == UInt8(ascii: "]"), isFirst {
                    offset += 1
                    return
                }
                if !isFirst {
                    if bytes[offset] == UInt8(ascii: "]") {
                        offset += 1
                        return
                    }
                    guard bytes[offset] == UInt8(ascii: ",") else {
                        throw syntaxError("expected ',' or ']' after an array element")
                    }
                    offset += 1
                }
                isFirst = false
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""):
            let token = try readStringToken()
            if token.hasEscapes || token.hasNonASCII {
                _ = try string(token)  // checks surrogate pairs and UTF-8
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try readNull()
        default:
            _ = try scanNumber()
        }
    }

    /// The JSON type of the value at the scanner (its first byte; the value itself is not checked).
    mutating func kindOfValue() throws(EventError) -> Kind {
        switch try peekValue() {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .boolean
        case UInt8(ascii: "n"): .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        default: throw syntaxError("unexpected character \(describe(bytes[offset]))")
        }
    }

    /// A syntax error at the current offset, or at `position`.
    func syntaxError(_ problem: String, at position: Int? = nil) -> EventError {
        EventError(.malformedJSON, "invalid JSON at byte offset \(position ?? offset): \(problem)")
    }

    // MARK: Helpers

    /// Mantissas at or above this value could overflow on the next decimal digit.
    private static let mantissaLimit: UInt64 = (UInt64.max - 9) / 10
    /// Exponents are clamped here; any larger one already overflows or underflows a `Double`.
    private static let exponentLimit = 100_000
    /// 10⁰ to 10²², all exactly representable as `Double`.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// Whether `byte` is JSON whitespace: space, tab, line feed or carriage return.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, Self.isWhitespace(bytes[offset]) {
            offset += 1
        }
    }

    /// A number's text read per the JSON grammar: up to 19 significant digits and a decimal exponent.
    private struct NumberParts {
        var isNegative = false
        var mantissa: UInt64 = 0
        var exponent = 0
        /// Whether non-zero digits beyond the mantissa's capacity were dropped.
        var isTruncated = false
    }

    /// Reads the text of a number, checking the JSON grammar, into its decimal parts.
    private mutating func scanNumber() throws(EventError) -> NumberParts {
        var number = NumberParts()
        if bytes[offset] == UInt8(ascii: "-") {
            number.isNegative = true
            offset += 1
        }
        guard let first = digit(at: offset) else {
            throw offset < bytes.count
                ? syntaxError("unexpected character \(describe(bytes[offset]))") : syntaxError("expected a digit")
        }
        offset += 1
        number.mantissa = UInt64(first)
        if first == 0 {
            if digit(at: offset) != nil { throw syntaxError("leading zeros are not allowed in a number") }
        } else {
            while let value = digit(at: offset) {
                offset += 1
                if number.mantissa < Self.mantissaLimit {
                    number.mantissa = number.mantissa * 10 + UInt64(value)
                } else {
                    number.isTruncated = true
                    number.exponent += 1
                }
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digit(at: offset) != nil else { throw syntaxError("expected a digit after '.'") }
            while let value = digit(at: offset) {
                offset += 1
                if number.mantissa < Self.mantissaLimit {
                    number.mantissa = number.mantissa * 10 + UInt64(value)
                    number.exponent -= 1
                } else {
                    number.isTruncated = number.isTruncated || value != 0
                }
            }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            var isExponentNegative = false
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                isExponentNegative = bytes[offset] == UInt8(ascii: "-")
                offset += 1
            }
            guard digit(at: offset) != nil else { throw syntaxError("expected a digit in the exponent") }
            var written = 0
            while let value = digit(at: offset) {
                offset += 1
                written = min(written * 10 + value, Self.exponentLimit)
            }
            number.exponent += isExponentNegative ? -written : written
        }
        return number
    }

    /// The high bit of each byte in a word.
    private static let highBitOfEveryByte: UInt64 = 0x8080_8080_8080_8080

    /// A mask of a little-endian word of string content whose lowest set bit falls in the first byte
    /// that is a quote, a backslash or a control character; zero when there is none.
    ///
    /// Bits above the first such byte may be set spuriously (borrows propagate upwards), so only
    /// the lowest set bit is meaningful.
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        /// High bits marking bytes below `limit` (for limits up to 0x80).
        func bytes(of value: UInt64, below limit: UInt64) -> UInt64 {
            (value &- ones &* limit) & ~value & highBitOfEveryByte
        }
        return bytes(of: word, below: 0x20) | bytes(of: word ^ (ones &* 0x22), below: 1)
            | bytes(of: word ^ (ones &* 0x5C), below: 1)
    }

    private func digit(at position: Int) -> Int? {
        guard position < bytes.count else { return nil }
        let value = Int(bytes[position]) &- Int(UInt8(ascii: "0"))
        return value >= 0 && value <= 9 ? value : nil
    }

    private mutating func literal(_ word: StaticString) throws(EventError) {
        guard bytes(at: offset, spell: word) else {
            throw syntaxError("unexpected character \(describe(bytes[offset]))")
        }
        offset += word.utf8CodeUnitCount
    }

    /// Whether the bytes from `position` on start with `word`.
    private func bytes(at position: Int, spell word: StaticString) -> Bool {
        guard position + word.utf8CodeUnitCount <= bytes.count else { return false }
        for index in 0..<word.utf8CodeUnitCount where bytes[position + index] != word.utf8Start[index] {
            return false
        }
        return true
    }

    /// The value of the four hex digits at `position`.
    private func hexQuad(at position: Int) throws(EventError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw syntaxError("expected four hex digits after \\u", at: position) }
        var value: UInt32 = 0
        for index in position..<position + 4 {
            let byte = bytes[index]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("expected four hex digits after \\u", at: position)
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// Decodes the scalar of a `\uXXXX` escape whose hex digits start at `index`, joining a
    /// surrogate pair; `index` ends after the escape (or pair).
    private func unicodeScalar(at index: inout Int) throws(EventError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let unit = try hexQuad(at: index)
        index += 4
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw syntaxError("high surrogate \\u\(hex(unit)) is not followed by a low surrogate", at: escapeStart)
            }
            let low = try hexQuad(at: index + 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw syntaxError("high surrogate \\u\(hex(unit)) is not followed by a low surrogate", at: escapeStart)
            }
            index += 6
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw syntaxError("low surrogate \\u\(hex(unit)) without a high surrogate before it", at: escapeStart)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(hex(byte))"
    }

    private func hex(_ value: some BinaryInteger) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, (value.bitWidth > 8 ? 4 : 2) - digits.count)) + digits
    }
}
