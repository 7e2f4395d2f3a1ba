import DriftDetection
import DriftEngine
import Testing

@testable import WireFormat

@Suite("Decoding and validating events")
struct EventDecoderTests {
    let decoder = EventDecoder(knownModels: ["fraud", "price"], maximumMessageBytes: 4_096)

    /// A crafted message and the `driftwatch.error` text it must be rejected with.
    struct Rejection: CustomTestStringConvertible, Sendable {
        var message: String
        var error: String
        var code: EventError.Code
        var testDescription: String { error }
    }

    static let invalidPredictions: [Rejection] = [
        Rejection(
            message: "", error: "invalid JSON at byte offset 0: unexpected end of message, expected a value",
            code: .malformedJSON),
        Rejection(
            message: #"{"id": "a", "model": "fraud""#,
            error: "invalid JSON at byte offset 28: unexpected end of message inside an object", code: .malformedJSON),
        Rejection(
            message: #"{"id": "a" "model": "fraud"}"#,
            error: "invalid JSON at byte offset 11: expected ',' or '}' after an object member", code: .malformedJSON),
        Rejection(
            message: #"{"id": "a",}"#,
            error: "invalid JSON at byte offset 11: expected a member name in double quotes", code: .malformedJSON),
        Rejection(
            message: #"{"id": 'a'}"#, error: "invalid JSON at byte offset 7: unexpected character '''",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": [1, 2,, 3]}"#, error: "invalid JSON at byte offset 12: unexpected character ','",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": 012}"#,
            error: "invalid JSON at byte offset 7: leading zeros are not allowed in a number", code: .malformedJSON),
        Rejection(
            message: #"{"x": 1.}"#, error: "invalid JSON at byte offset 8: expected a digit after '.'",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": 1e+}"#, error: "invalid JSON at byte offset 9: expected a digit in the exponent",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": tru}"#, error: "invalid JSON at byte offset 6: unexpected character 't'",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": "a\qb"}"#, error: "invalid JSON at byte offset 9: invalid escape sequence in a string",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": "\u12G4"}"#,
            error: "invalid JSON at byte offset 9: expected four hex digits after \\u", code: .malformedJSON),
        Rejection(
            message: #"{"x": "\ud83d"}"#,
            error: "invalid JSON at byte offset 7: high surrogate \\uD83D is not followed by a low surrogate",
            code: .malformedJSON),
        Rejection(
            message: #"{"id": "\ude00"}"#,
            error: "invalid JSON at byte offset 8: low surrogate \\uDE00 without a high surrogate before it",
            code: .malformedJSON),
        Rejection(
            message: "{\"x\": \"a\tb\"}",
            error: "invalid JSON at byte offset 8: control character U+09 must be escaped in a string",
            code: .malformedJSON),
        Rejection(
            message: #"{"x": "abc}"#, error: "invalid JSON at byte offset 11: unterminated string",
            code: .malformedJSON),
        Rejection(
            message: #"{"id": "a"} {"#,
            error: "invalid JSON at byte offset 12: unexpected data after the top-level object", code: .malformedJSON),
        Rejection(message: #"[{"id": "a"}]"#, error: "expected a JSON object, got array", code: .notAnObject),
        Rejection(
            message: "not json", error: "invalid JSON at byte offset 0: unexpected character 'n'",
            code: .malformedJSON),
        Rejection(message: #""fraud""#, error: "expected a JSON object, got string", code: .notAnObject),
        Rejection(
            message: #"{"model": "fraud", "prediction": {"score": 0.5}}"#,
            error: "id: required field is missing", code: .missingField),
        Rejection(
            message: #"{"id": "", "model": "fraud", "prediction": {"score": 0.5}}"#,
            error: "id: must not be empty", code: .missingField),
        Rejection(
            message: #"{"id": "a", "prediction": {"score": 0.5}}"#,
            error: "model: required field is missing", code: .missingField),
        Rejection(
            message: #"{"id": "a", "model": "", "prediction": {"score": 0.5}}"#,
            error: "model: must not be empty", code: .missingField),
        Rejection(
            message: #"{"id": 7, "model": "fraud"}"#, error: "id: expected string, got number",
            code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": ["fraud"]}"#, error: "model: expected string, got array",
            code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "features": {"amount": {"v": 1}}}"#,
            error: "features.amount: expected number, string, boolean or null, got object", code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "features": [1]}"#,
            error: "features: expected object, got array", code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "features": {"amount": 1e400}}"#,
            error: "features.amount: number 1e400 is too large for a 64-bit floating point value",
            code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": "fraud"}"#,
            error: "prediction: expected object, got string", code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"label": true}}"#,
            error: "prediction.label: expected string or integer, got boolean", code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"label": 0.5}}"#,
            error: "prediction.label: expected a string or an integer, got 0.5", code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"score": "0.5"}}"#,
            error: "prediction.score: expected number, got string", code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"score": 1.5}}"#,
            error: "prediction.score: expected a probability between 0 and 1, got 1.5", code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"score": -0.01}}"#,
            error: "prediction.score: expected a probability between 0 and 1, got -0.01", code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"confidence": 0.5}}"#,
            error: "prediction: expected at least one of `label`, `score` or `value`", code: .missingField),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "prediction": {"label": null, "score": null}}"#,
            error: "prediction: expected at least one of `label`, `score` or `value`", code: .missingField),
        Rejection(
            message: #"{"id": "a", "model": "fraud"}"#, error: "prediction: required field is missing",
            code: .missingField),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "ts": "2026-11-22 10:00", "prediction": {"score": 0.5}}"#,
            error: #"ts: expected an RFC 3339 date-time such as "2026-11-22T10:00:00.123Z", got "2026-11-22 10:00""#,
            code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "ts": "2026-02-29T10:00:00Z", "prediction": {"score": 1}}"#,
            error:
                #"ts: expected an RFC 3339 date-time such as "2026-11-22T10:00:00.123Z", got "2026-02-29T10:00:00Z""#,
            code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "ts": 1764000000, "prediction": {"score": 0.5}}"#,
            error: "ts: expected string (an RFC 3339 date-time), got number", code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "churn", "prediction": {"score": 0.5}}"#,
            error:
                #"model: model "churn" is not in the configuration; add it under `models` or stop sending its events"#,
            code: .unknownModel),
    ]

    @Test(arguments: invalidPredictions)
    func rejectsInvalidPrediction(_ case: Rejection) {
        #expect(throws: EventError.self) { try decoder.decodePrediction(Array(`case`.message.utf8), fallbackTime: 0) }
        do {
            _ = try decoder.decodePrediction(Array(`case`.message.utf8), fallbackTime: 0)
        } catch {
            #expect(error.description == `case`.error)
            #expect(error.code == `case`.code)
        }
    }

    /// Every string the engine keeps is bounded; members it skips are not.
    @Test func stringsOverTheLimitAreRefusedWithTheSettingNamed() throws {
        let long = String(repeating: "x", count: 257)
        let refused = [
            (#"{"id": "\#(long)", "model": "fraud", "prediction": {"label": "x"}}"#, "id"),
            (#"{"id": "a", "model": "fraud", "features": {"\#(long)": 1}, "prediction": {"label": "x"}}"#, "features"),
            (
                #"{"id": "a", "model": "fraud", "features": {"c": "\#(long)"}, "prediction": {"label": "x"}}"#,
                "features.c"
            ),
            (#"{"id": "a", "model": "fraud", "prediction": {"label": "\#(long)"}}"#, "prediction.label"),
            (
                #"{"id": "a", "model": "fraud", "model_version": "\#(long)", "prediction": {"label": "x"}}"#,
                "model_version"
            ),
        ]
        for (message, field) in refused {
            let error = #expect(throws: EventError.self) {
                _ = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 0)
            }
            #expect(error?.code == .oversize)
            #expect(error?.field == field)
            #expect(error?.limit == .stringBytes)
            #expect(error?.message == "a string of 257 bytes is over the limit of 256 bytes (limits.max_string_bytes)")
        }
        let skipped = #"{"id": "a", "model": "fraud", "note": "\#(long)", "prediction": {"label": "x"}}"#
        #expect(try decoder.decodePrediction(Array(skipped.utf8), fallbackTime: 0).id == "a")
        let strict = EventDecoder(knownModels: ["fraud"], limits: EventLimits(maximumStringBytes: 8))
        let nine = #"{"id": "123456789", "model": "fraud", "label": "x"}"#
        #expect(throws: EventError.self) { try strict.decodeOutcome(Array(nine.utf8), fallbackTime: 0) }
        let eight = #"{"id": "12345678", "model": "fraud", "label": "x"}"#
        #expect(try strict.decodeOutcome(Array(eight.utf8), fallbackTime: 0).id == "12345678")
    }

    /// An event with more features than any model has is refused before its names cost anything.
    @Test func tooManyFeaturesAreRefused() {
        let names = (0..<50_000).map { #""f\#($0)": 1"# }.joined(separator: ", ")
        let message = #"{"id": "a", "model": "fraud", "features": {\#(names)}, "prediction": {"label": "x"}}"#
        let decoder = EventDecoder(knownModels: ["fraud"], maximumMessageBytes: 1 << 20)
        let layouts = ["fraud": FeatureLayout(names: ["amount"])]
        for laidOut in [false, true] {
            let error = #expect(throws: EventError.self) {
                if laidOut {
                    _ = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 0, layouts: layouts)
                } else {
                    _ = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 0)
                }
            }
            #expect(
                error?.description
                    == "features: more than 1000 features (limits.max_features_per_event); send only the model's inputs"
            )
            #expect(error?.limit == .featuresPerEvent)
        }
    }

    static let invalidOutcomes: [Rejection] = [
        Rejection(
            message: #"{"id": "a", "model": "price", "value": -1e308}"#,
            error: "value: expected a number within ±1e+150 (limits.max_output_magnitude), got -1e+308",
            code: .invalidValue),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "ts": "2026-11-22T10:00:00Z"}"#,
            error: "an outcome needs a `label` (classification) or a `value` (regression), it has neither",
            code: .missingField),
        Rejection(
            message: #"{"id": "a", "model": "price", "value": "12.5"}"#, error: "value: expected number, got string",
            code: .wrongType),
        Rejection(
            message: #"{"id": "a", "model": "fraud", "label": {"class": "legit"}}"#,
            error: "label: expected string or integer, got object", code: .wrongType),
        Rejection(
            message: #"{"model": "fraud", "label": "legit"}"#, error: "id: required field is missing",
            code: .missingField),
        Rejection(
            message: #"{"id": "a", "model": "fraud ", "label": "legit"}"#,
            error:
                #"model: model "fraud " is not in the configuration; add it under `models` or stop sending its events"#,
            code: .unknownModel),
    ]

    @Test(arguments: invalidOutcomes)
    func rejectsInvalidOutcome(_ case: Rejection) {
        #expect(throws: EventError.self) { try decoder.decodeOutcome(Array(`case`.message.utf8), fallbackTime: 0) }
        do {
            _ = try decoder.decodeOutcome(Array(`case`.message.utf8), fallbackTime: 0)
        } catch {
            #expect(error.description == `case`.error)
            #expect(error.code == `case`.code)
        }
    }

    @Test func rejectsOversizeMessageBeforeParsing() {
        let message = [UInt8](repeating: UInt8(ascii: " "), count: 4_097)
        #expect(
            throws: EventError(
                .oversize,
                "message of 4097 bytes is over the limit of 4096 bytes; send smaller events or raise "
                    + "limits.max_message_bytes", limit: .messageBytes
            )
        ) { try decoder.decodePrediction(message, fallbackTime: 0) }
        #expect(EventDecoder(knownModels: []).maximumMessageBytes == 1_048_576)
    }

    @Test func rejectsInvalidUTF8AnywhereInALongString() {
        let message: [UInt8] = Array(#"{"id": "0123456789abcdef"#.utf8) + [0xE2, 0x82] + Array(#"", "x": 1}"#.utf8)
        #expect(throws: EventError(.malformedJSON, "invalid JSON at byte offset 8: a string is not valid UTF-8")) {
            try decoder.decodeOutcome(message, fallbackTime: 0)
        }
    }

    @Test func findsAControlCharacterAfterTheFirstEightBytes() {
        let message = Array("{\"id\": \"0123456789\u{1}ab\"}".utf8)
        #expect(
            throws: EventError(
                .malformedJSON, "invalid JSON at byte offset 18: control character U+01 must be escaped in a string")
        ) { try decoder.decodeOutcome(message, fallbackTime: 0) }
    }

    @Test func rejectsInvalidUTF8() {
        let message: [UInt8] = Array(#"{"id": "a"#.utf8) + [0xC3, 0x28] + Array(#"", "model": "fraud"}"#.utf8)
        #expect(throws: EventError(.malformedJSON, "invalid JSON at byte offset 8: a string is not valid UTF-8")) {
            try decoder.decodeOutcome(message, fallbackTime: 0)
        }
    }

    @Test func decodesTheDesignExample() throws {
        let message = """
            {"id": "7f1c", "model": "fraud", "model_version": "3", "ts": "2026-11-22T10:00:00.123Z",
             "features": {"amount": 12.5, "country": "KR", "age": null, "is_new": true},
             "prediction": {"label": "fraud", "score": 0.93}}
            """
        let event = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 0)
        #expect(
            event
                == PredictionEvent(
                    id: "7f1c", model: "fraud", modelVersion: "3", eventTime: 1_795_341_600_123,
                    features: ["amount": .number(12.5), "country": .string("KR"), "age": .null, "is_new": .bool(true)],
                    prediction: PredictionOutput(label: ClassLabel("fraud"), score: 0.93)))
    }

    @Test func keepsNumericLabelsAsTextAndSkipsUnknownFields() throws {
        let message = """
            {"schema": {"nested": [1, {"deep": [true, null, "x\\"y"]}], "n": -1.5e-3}, "id": "9", "model": "fraud",
             "model_version": 3, "prediction": {"label": 12, "explanation": {"amount": 0.4}}, "trace": [[], {}]}
            """
        let event = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 42)
        #expect(event.prediction.label == ClassLabel("12", isNumeric: true))
        #expect(event.modelVersion == "3")
        #expect(event.eventTime == 42)
        #expect(event.features.isEmpty)
    }

    @Test func decodesEscapesInKeysAndValues() throws {
        let message = #"""
            {"\u0069d": "caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t", "model": "fraud",
             "features": {"pays\u00e9": "한국", "emoji😀": "\u00e9"}, "prediction": {"value": -0.0}}
            """#
        let event = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 0)
        #expect(event.id == "café 😀 \"q\" \\ / \u{8}\u{c}\n\r\t")
        #expect(event.features == ["paysé": .string("한국"), "emoji😀": .string("é")])
        #expect(event.prediction.value == 0)
        #expect(event.prediction.value?.sign == .minus)
    }

    @Test(arguments: ["12", "-0.0", "1e-7", "0.1", "-3.5E+2", "1.7976931348623157e308", "123456789012345678901"])
    func decodesNumbersAsDoubleFromStringDoes(_ text: String) throws {
        let expected = try #require(Double(text))
        // A predicted value is bounded (see `EventLimits.maximumOutputMagnitude`); a feature is not.
        let output = abs(expected) <= 1e150 ? text : "0"
        let message =
            #"{"id": "a", "model": "price", "features": {"x": \#(text)}, "prediction": {"value": \#(output)}}"#
        let event = try decoder.decodePrediction(Array(message.utf8), fallbackTime: 0)
        guard case .number(let feature) = event.features["x"] else {
            Issue.record("feature x is not a number")
            return
        }
        #expect(feature.bitPattern == expected.bitPattern)
        #expect(event.prediction.value?.bitPattern == Double(output)?.bitPattern)
    }

    @Test func decodesOutcomes() throws {
        let classification = try decoder.decodeOutcome(
            Array(#"{"id": "a", "model": "fraud", "ts": "2026-11-22T19:00:00+09:00", "label": 1}"#.utf8),
            fallbackTime: 0)
        #expect(
            classification
                == OutcomeEvent(
                    id: "a", model: "fraud", eventTime: 1_795_341_600_000, label: ClassLabel("1", isNumeric: true)))
        let regression = try decoder.decodeOutcome(
            Array(#" {"value": 1e-7, "model": "price", "id": "b", "model_version": "9"} "#.utf8), fallbackTime: 5)
        #expect(regression == OutcomeEvent(id: "b", model: "price", eventTime: 5, value: 1e-7))
    }

    /// Timestamps and the milliseconds since the epoch they denote.
    @Test(
        arguments: [
            ("2026-11-22T10:00:00.123Z", 1_795_341_600_123),
            ("2026-11-22T10:00:00Z", 1_795_341_600_000),
            ("2026-11-22t10:00:00z", 1_795_341_600_000),
            ("2026-11-22 10:00:00.1Z", 1_795_341_600_100),
            ("2026-11-22T10:00:00.123456789Z", 1_795_341_600_123),
            ("2026-11-22T19:00:00.123+09:00", 1_795_341_600_123),
            ("2026-11-22T05:30:00-04:30", 1_795_341_600_000),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59.999Z", -1),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
            ("2016-12-31T23:59:60Z", 1_483_228_800_000),
        ] as [(String, Int64)])
    func readsRFC3339(_ text: String, _ milliseconds: Int64) {
        var text = text
        #expect(text.withUTF8 { RFC3339Time.milliseconds(UnsafeRawBufferPointer($0)) } == milliseconds)
    }

    @Test(arguments: [
        "2026-11-22", "2026-11-22T10:00:00", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-22T24:00:00Z",
        "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00+0900", "2026-11-22T10:00:00+24:00", "2026-11-22T10:00Z",
        "26-11-22T10:00:00Z", "2026-11-22T10:00:00Z ",
    ])
    func rejectsMalformedTimestamps(_ text: String) {
        var text = text
        #expect(text.withUTF8 { RFC3339Time.milliseconds(UnsafeRawBufferPointer($0)) } == nil)
    }
}
