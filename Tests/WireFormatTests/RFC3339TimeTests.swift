import DriftEngine
import Testing

@testable import WireFormat

@Suite("RFC 3339 event times")
struct RFC3339TimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_795_341_900_123, "2026-11-22T10:05:00.123Z"),
        (951_825_600_001, "2000-02-29T12:00:00.001Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-11_670_912_000_000, "1600-03-01T00:00:00.000Z"),
    ])
    func formatsUTCWithMilliseconds(milliseconds: Int64, expected: String) {
        #expect(RFC3339Time.string(fromMilliseconds: milliseconds) == expected)
    }
}
