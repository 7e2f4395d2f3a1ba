import DriftEngine
import Testing

@testable import WireFormat

@Suite("JSON scanning")
struct JSONScannerTests {
    /// Reads `text` as one JSON number.
    func number(_ text: String) throws(EventError) -> Double {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(EventError) -> Double in
                var scanner = JSONScanner(UnsafeRawBufferPointer(buffer))
                let value = try scanner.readNumber()
                try scanner.expectEnd()
                return value
            }
        }.get()
    }

    @Test(arguments: [
        "0", "-0", "-0.0", "12", "1e-7", "1E+2", "0.1", "0.3", "-12.5e3", "3.141592653589793",
        "2.2250738585072014e-308",
        "4.9e-324", "2.4e-324", "1e-400", "1.7976931348623157e308", "9007199254740993", "9007199254740992.5",
        "123456789012345678901234567890", "0.000000000000000000000000001", "1e22", "1e23", "8.41e21",
        "0.1000000000000000055511151231257827021181583404541015625", "179769313486231570000000000000000000000e270",
        "1.00000000000000011102230246251565404236316680908203125", "7.0e-10", "100000000000000000000000e-3",
    ])
    func convertsNumbersAsDoubleFromStringDoes(_ text: String) throws {
        let value = try number(text)
        let expected = try #require(Double(text))
        #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) != \(expected)")
    }

    @Test func rejectsNumbersBeyondDouble() {
        #expect(throws: EventError(.invalidValue, "number -2e308 is too large for a 64-bit floating point value")) {
            try number("-2e308")
        }
    }

    @Test(arguments: ["+1", ".5", "1.", "01", "-", "1e", "0x10", "NaN", "Infinity", "1 2"])
    func rejectsTextThatIsNotAJSONNumber(_ text: String) {
        #expect(throws: EventError.self) { try number(text) }
    }
}
