import DriftEngine

/// Finds an event's `ts` without decoding the event, to order the events of two files before the engine decodes
/// each of them once.
///
/// One pass over the bytes that follows strings and nesting: a `"ts"` key directly inside the top-level object
/// whose value is an RFC 3339 string gives the time; a `ts` inside `features` or any other nested value does not
/// count. When `ts` repeats, the last one counts, as in the decoder.
enum EventTimeScanner {
    /// The event time in milliseconds since the epoch, or `nil` when the line has no usable top-level `ts` (the
    /// engine then uses the fallback time, or rejects the line).
    static func eventTime(in line: [UInt8]) -> Int64? {
        line.withUnsafeBufferPointer { bytes in
            var time: Int64?
            var depth = 0
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    let key = index + 1
                    index = endOfString(in: bytes, from: key)
                    if depth == 1, index - key == 2,
                        bytes[key] == UInt8(ascii: "t"), bytes[key + 1] == UInt8(ascii: "s"),
                        let colon = firstNonSpace(in: bytes, from: index + 1), bytes[colon] == UInt8(ascii: ":")
                    {
                        time = nil
                        if let value = firstNonSpace(in: bytes, from: colon + 1), bytes[value] == UInt8(ascii: "\"") {
                            index = endOfString(in: bytes, from: value + 1)
                            let text = UnsafeBufferPointer(rebasing: bytes[(value + 1)..<index])
                            time = RFC3339Time.milliseconds(String(decoding: text, as: UTF8.self))
                        }
                    }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                default:
                    break
                }
                index += 1
            }
            return time
        }
    }

    /// The index of the quote that closes the string whose contents begin at `start` (the end when it is unclosed).
    private static func endOfString(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(index, bytes.count)
    }

    /// The index of the first byte from `start` on that is not JSON whitespace, if any.
    private static func firstNonSpace(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        bytes[min(start, bytes.count)...].firstIndex {
            $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r")
        }
    }
}
