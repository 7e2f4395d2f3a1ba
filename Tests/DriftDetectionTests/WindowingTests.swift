import Foundation
import Testing

@testable import DriftDetection

/// A window state that remembers the values it saw, to check which events each window holds.
struct RecordedValues: MergeableWindowState, Equatable {
    var values: [Int] = []

    mutating func merge(_ other: RecordedValues) throws {
        values += other.values
    }
}

@Suite("Count and time windows")
struct WindowingTests {
    @Test func tumblingCountWindowClosesEverySizeEvents() throws {
        var window = try CountWindow(size: 3, empty: RecordedValues())
        var closed: [WindowPane<RecordedValues>] = []
        for value in 0..<8 {
            if let pane = try window.record(eventTime: Int64(value * 1_000), { $0.values.append(value) }) {
                closed.append(pane)
            }
        }
        #expect(closed.map(\.state.values) == [[0, 1, 2], [3, 4, 5]])
        #expect(closed.map(\.events) == [3, 3])
        #expect(closed.first?.firstEventTime == 0)
        #expect(closed.first?.lastEventTime == 2_000)
    }

    @Test func slidingCountWindowMergesPanes() throws {
        var window = try CountWindow(size: 4, step: 2, empty: RecordedValues())
        var closed: [[Int]] = []
        for value in 0..<9 {
            if let pane = try window.record({ $0.values.append(value) }) {
                closed.append(pane.state.values)
            }
        }
        #expect(closed == [[0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6, 7]])
        let decoded = try JSONDecoder().decode(
            CountWindow<RecordedValues>.self, from: JSONEncoder().encode(window))
        #expect(decoded == window)
    }

    @Test func countWindowRejectsASlideThatDoesNotDivideTheSize() {
        #expect(throws: DriftDetectionError.self) { try CountWindow(size: 5, step: 2, empty: RecordedValues()) }
    }

    @Test func tumblingTimeWindowClosesAtTheWatermarkAndCountsLateEvents() throws {
        var window = try TimeWindow(duration: 10, empty: RecordedValues())
        var closed: [WindowPane<RecordedValues>] = []
        for time: Int64 in [1, 5, 9, 12, 3, 15, 31, 20, 45] {
            closed += try window.record(eventTime: time) { $0.values.append(Int(time)) }
        }
        // 12 closes [0, 10); 3 is then late. 31 closes [10, 20) and skips the empty [20, 30);
        // 20 is late. 45 closes [30, 40).
        #expect(closed.map(\.state.values) == [[1, 5, 9], [12, 15], [31]])
        #expect(window.lateEvents == 2)
        #expect(closed.map(\.firstEventTime) == [1, 12, 31])
        #expect(try window.flush().map(\.state.values) == [[45]])
    }

    @Test func slidingTimeWindowWithAllowedLateness() throws {
        var window = try TimeWindow(duration: 20, slide: 10, allowedLateness: 5, empty: RecordedValues())
        var closed: [[Int]] = []
        for time: Int64 in [0, 8, 14, 3, 19, 12, 26, 37, 41] {
            closed += try window.record(eventTime: time) { $0.values.append(Int(time)) }.map(\.state.values)
        }
        // The watermark is the latest time − 5. 19 (watermark 14) closes [−10, 10); 12 then still
        // counts, as it is not before 10. 26 (21) closes [0, 20), 37 (32) closes [10, 30).
        #expect(closed == [[0, 8, 3], [0, 8, 3, 14, 19, 12], [14, 19, 12, 26]])
        #expect(window.lateEvents == 0)
        let rest = try window.flush().map(\.state.values)
        #expect(rest == [[26, 37], [37, 41], [41]])
    }

    @Test func timeWindowStateRoundTripsMidStream() throws {
        var window = try TimeWindow(duration: 20, slide: 10, allowedLateness: 5, empty: RecordedValues())
        for time: Int64 in [0, 8, 14, 19] {
            _ = try window.record(eventTime: time) { $0.values.append(Int(time)) }
        }
        var restored = try JSONDecoder().decode(TimeWindow<RecordedValues>.self, from: JSONEncoder().encode(window))
        #expect(restored == window)
        for time: Int64 in [3, 26, 41] {
            let expected = try window.record(eventTime: time) { $0.values.append(Int(time)) }
            #expect(try restored.record(eventTime: time) { $0.values.append(Int(time)) } == expected)
        }
        #expect(try restored.flush() == window.flush())
        #expect(restored.lateEvents == 1)
    }

    /// A gap in event time (an old event, then current ones) is skipped at once, however many empty slides it
    /// spans: stepping through them one by one took minutes for a few years of 500 ms slides.
    @Test(.timeLimit(.minutes(1))) func aGapInEventTimeIsSkippedNotStepped() throws {
        var window = try TimeWindow(duration: 2, slide: 1, empty: RecordedValues())
        _ = try window.record(eventTime: 0) { $0.values.append(0) }
        let closed = try window.record(eventTime: 1_000_000_000_000) { $0.values.append(1) }
        #expect(closed.map(\.state.values) == [[0], [0]])
        #expect(try window.flush().map(\.state.values) == [[1], [1]])
    }

    @Test func eventsBeforeAClosedWindowEndAreLate() throws {
        var window = try TimeWindow(duration: 20, slide: 10, empty: RecordedValues())
        _ = try window.record(eventTime: 5) { $0.values.append(5) }
        let closed = try window.record(eventTime: 10) { $0.values.append(10) }
        #expect(closed.map(\.state.values) == [[5]])
        // 9 belongs to the window [0, 20) too, but [−10, 10) has been reported: it is late.
        #expect(try window.record(eventTime: 9) { $0.values.append(9) }.isEmpty)
        #expect(window.lateEvents == 1)
    }

    @Test func featureWindowSetsSlideOverCounts() throws {
        let reference = try ReferenceProfile.fixture()
        var window = try CountWindow(size: 100, step: 50, empty: FeatureWindowSet(profile: reference))
        var closed: [WindowPane<FeatureWindowSet>] = []
        for index in 0..<200 {
            let features: [String: FeatureValue] = ["x": .number(Double(index)), "c": .string("a")]
            if let pane = try window.record({ $0.record(features) }) { closed.append(pane) }
        }
        #expect(closed.count == 3)
        #expect(closed.map { $0.state.numericWindow("x")?.moments.count } == [100, 100, 100])
        #expect(closed.last?.state.numericWindow("x")?.minimum == 100)
    }
}

extension ReferenceProfile {
    /// A small profile with a numeric feature `x` (0…99) and a categorical feature `c`.
    static func fixture() throws -> ReferenceProfile {
        var builder = try ProfileBuilder(model: "m")
        for index in 0..<100 {
            builder.add(
                PredictionEvent(
                    id: "\(index)", model: "m", eventTime: 0,
                    features: ["x": .number(Double(index)), "c": .string(index < 50 ? "a" : "b")],
                    prediction: .init(score: 0.5)))
        }
        return try builder.build()
    }
}
