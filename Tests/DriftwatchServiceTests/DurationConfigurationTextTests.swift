import Testing

@testable import DriftwatchService

/// Durations as the configuration writes them.
struct DurationConfigurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)),
        ("30s", .seconds(30)),
        ("10m", .seconds(600)),
        ("6h", .seconds(21_600)),
        ("1d", .seconds(86_400)),
        ("1h30m", .seconds(5_400)),
        ("0s", .zero),
    ])
    func parses(_ text: String, _ expected: Duration) {
        #expect(Duration(configurationText: text) == expected)
    }

    @Test(arguments: ["", "10", "m", "10x", "-5m", "1.5h", "10 m", "5mss", "99999999999999999d"])
    func rejects(_ text: String) {
        #expect(Duration(configurationText: text) == nil)
    }
}
