import DriftDetection
import DriftEngine

/// Decodes and validates prediction and outcome messages (README, "Events in and out") in one pass over their bytes.
///
/// A message is accepted when it is one JSON object (UTF-8, at most ``maximumMessageBytes``)
/// with a non-empty string `id` and `model`, a `model` listed in ``knownModels``, and fields of
/// the documented types:
/// - `ts`: an RFC 3339 date-time (fractional seconds and offsets allowed); absent or null, the
///   caller's fallback time (the Kafka message timestamp) is used.
/// - prediction `model_version`: a string or an integer (kept as its decimal text).
/// - prediction `features`: an object of numbers, strings, booleans and nulls; absent or null
///   means no features.
/// - prediction `prediction`: an object with at least one of `label` (string or integer),
///   `score` (a number in [0, 1]) and `value` (a number).
/// - outcome `label` or `value`, with the same types as the prediction's.
///
/// Optional fields sent as `null` count as absent. Unknown fields, at the top level or inside
/// `prediction`, are skipped (their JSON syntax is still checked), so producers can add fields
/// before driftwatch knows them. When a field repeats, its last occurrence wins.
///
/// Anything else throws an ``EventError`` that names the field and what was expected; the
/// pipeline sends such messages to the dead-letter topic with that text.
public struct EventDecoder: Sendable {
    /// The default limit on a message's size: 1 MiB.
    public static let defaultMaximumMessageBytes = EventLimits().maximumMessageBytes

    /// The names of the configured models; events of other models are rejected.
    public var knownModels: Set<String>
    /// The bounds an accepted event keeps.
    public var limits: EventLimits
    /// The largest message accepted, in bytes.
    public var maximumMessageBytes: Int { limits.maximumMessageBytes }

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - knownModels: The names of the models in the configuration.
    ///   - limits: The bounds an accepted event keeps.
    public init(knownModels: Set<String>, limits: EventLimits = EventLimits()) {
        self.knownModels = knownModels
        self.limits = limits
    }

    /// Creates a decoder with the default limits but the message size.
    public init(knownModels: Set<String>, maximumMessageBytes: Int) {
        self.init(knownModels: knownModels, limits: EventLimits(maximumMessageBytes: maximumMessageBytes))
    }

    /// Decodes a prediction event.
    ///
    /// - Parameters:
    ///   - message: The Kafka message's value.
    ///   - fallbackTime: The event time to use when the event has no `ts`, in milliseconds since
    ///     the epoch (the message's timestamp).
    /// - Throws: ``EventError`` naming the first problem found.
    public func decodePrediction(_ message: UnsafeRawBufferPointer, fallbackTime: Int64) throws(EventError)
        -> PredictionEvent
    {
        try decodePrediction(message, fallbackTime: fallbackTime, layouts: [:]).event
    }

    /// Decodes a prediction event from a byte array.
    ///
    /// - Throws: ``EventError`` naming the first problem found.
    public func decodePrediction(_ message: [UInt8], fallbackTime: Int64) throws(EventError) -> PredictionEvent {
        try decodePrediction(message, fallbackTime: fallbackTime, layouts: [:]).event
    }

    /// Decodes a prediction event from a byte array, laying its features out by its model's layout (see below).
    package func decodePrediction(_ message: [UInt8], fallbackTime: Int64, layouts: [String: FeatureLayout])
        throws(EventError) -> (event: PredictionEvent, vector: FeatureVector?)
    {
        try Self.reading(message) { bytes throws(EventError) in
            try decodePrediction(bytes, fallbackTime: fallbackTime, layouts: layouts)
        }
    }

    /// Decodes a prediction event; when its model has a layout in `layouts` and is named before `features` (as
    /// producers usually write it), the features come back as a ``FeatureVector`` in the layout's order and the
    /// event's `features` dictionary is empty. Otherwise the vector is `nil` and the dictionary holds them.
    /// Accepts, rejects and reports exactly as the public `decodePrediction(_:fallbackTime:)`.
    package func decodePrediction(
        _ message: UnsafeRawBufferPointer, fallbackTime: Int64, layouts: [String: FeatureLayout]
    ) throws(EventError) -> (event: PredictionEvent, vector: FeatureVector?) {
        let decoded = try decodePrediction(message, fallbackTime: fallbackTime, layouts: layouts, readsOutcome: false)
        return (decoded.event, decoded.vector)
    }

    /// Decodes one line of training or validation data: a prediction event, read with exactly the rules of
    /// `decodePrediction(_:fallbackTime:)`, whose top-level `label` (a string or an integer) or `value` (a number)
    /// is the true outcome, read with an outcome event's rules.
    ///
    /// - Returns: the event (at time 0 when it has no `ts`) and its outcome as the profile builder takes it, `nil`
    ///   when the line has none.
    /// - Throws: ``EventError`` naming the first problem found.
    public func decodeLabelledPrediction(_ message: [UInt8]) throws(EventError)
        -> (event: PredictionEvent, outcome: FeatureValue?)
    {
        let decoded = try Self.reading(message) { bytes throws(EventError) in
            try decodePrediction(bytes, fallbackTime: 0, layouts: [:], readsOutcome: true)
        }
        return (decoded.event, decoded.outcome?.label?.featureValue ?? decoded.outcome?.value.map(FeatureValue.number))
    }

    /// Decodes a prediction event, and with `readsOutcome` its top-level `label` and `value`.
    private func decodePrediction(
        _ message: UnsafeRawBufferPointer, fallbackTime: Int64, layouts: [String: FeatureLayout], readsOutcome: Bool
    ) throws(EventError) -> (event: PredictionEvent, vector: FeatureVector?, outcome: Outcome?) {
        var scanner = try open(message)
        var envelope = Envelope()
        var modelVersion: String?
        var features: [String: FeatureValue] = [:]
        var vector: (model: String, features: FeatureVector)?
        var prediction: PredictionOutput?
        var outcome: Outcome?
        var cursor = try scanner.openObject()
        while let key = try scanner.nextKey(&cursor) {
            if try envelope.read(key, from: &scanner) { continue }
            if scanner.key(key, is: "features") {
                if let model = envelope.model, let layout = layouts[model] {
                    (features, vector) = ([:], (model, try scanner.readFeatures(field: "features", layout: layout)))
                } else {
                    (features, vector) = (try scanner.readFeatures(field: "features"), nil)
                }
            } else if scanner.key(key, is: "prediction") {
                prediction = try readPrediction(from: &scanner)
            } else if scanner.key(key, is: "model_version") {
                modelVersion = try scanner.readLabel(field: "model_version")?.text
            } else if readsOutcome, try outcome.read(key, from: &scanner) {
                continue
            } else {
                try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
        let (id, model) = try envelope.identity(knownModels: knownModels)
        guard let prediction else { throw EventError(.missingField, "required field is missing", field: "prediction") }
        if let vector, vector.model != model {
            // `model` repeated after `features` with another name (the last wins): read again without layouts.
            return try decodePrediction(message, fallbackTime: fallbackTime, layouts: [:], readsOutcome: readsOutcome)
        }
        let event = PredictionEvent(
            id: id, model: model, modelVersion: modelVersion, eventTime: envelope.eventTime ?? fallbackTime,
            features: features, prediction: prediction)
        return (event, vector?.features, outcome)
    }

    /// Decodes an outcome event.
    ///
    /// - Parameters:
    ///   - message: The Kafka message's value.
    ///   - fallbackTime: The event time to use when the event has no `ts`, in milliseconds since
    ///     the epoch (the message's timestamp).
    /// - Throws: ``EventError`` naming the first problem found.
    public func decodeOutcome(_ message: UnsafeRawBufferPointer, fallbackTime: Int64) throws(EventError)
        -> OutcomeEvent
    {
        var scanner = try open(message)
        var envelope = Envelope()
        var outcome: Outcome?
        var cursor = try scanner.openObject()
        while let key = try scanner.nextKey(&cursor) {
            if try envelope.read(key, from: &scanner) { continue }
            if try !outcome.read(key, from: &scanner) {
                try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
        let (id, model) = try envelope.identity(knownModels: knownModels)
        guard let outcome else {
            throw EventError(
                .missingField, "an outcome needs a `label` (classification) or a `value` (regression), it has neither")
        }
        return OutcomeEvent(
            id: id, model: model, eventTime: envelope.eventTime ?? fallbackTime, label: outcome.label,
            value: outcome.value)
    }

    /// Decodes an outcome event from a byte array.
    ///
    /// - Throws: ``EventError`` naming the first problem found.
    public func decodeOutcome(_ message: [UInt8], fallbackTime: Int64) throws(EventError) -> OutcomeEvent {
        try Self.reading(message) { bytes throws(EventError) in try decodeOutcome(bytes, fallbackTime: fallbackTime) }
    }

    /// Runs `decode` over the bytes of `message`, passing its typed error through `withUnsafeBytes` (which
    /// rethrows only untyped errors).
    private static func reading<Value>(
        _ message: [UInt8], _ decode: (UnsafeRawBufferPointer) throws(EventError) -> Value
    ) throws(EventError) -> Value {
        try message.withUnsafeBytes { bytes in Result { () throws(EventError) in try decode(bytes) } }.get()
    }

    /// An event's time without decoding the rest of it: its top-level `ts`, read as the decoders read it (the last
    /// one when it repeats), so that replay can order two files' events before the engine decodes each once.
    ///
    /// - Returns: milliseconds since the epoch; `nil` when the message has no usable `ts` up to where it stops
    ///   being a valid event (the engine then uses the fallback time, or rejects the message).
    public static func eventTime(of message: [UInt8]) -> Int64? {
        message.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            var time: Int64?
            do throws(EventError) {
                guard try scanner.kindOfValue() == .object else { return nil }
                var cursor = try scanner.openObject()
                while let key = try scanner.nextKey(&cursor) {
                    if scanner.key(key, is: "ts") {
                        time = try scanner.readTimestamp(field: "ts")
                    } else {
                        try scanner.skipValue()
                    }
                }
            } catch {
                // The message stops being a valid event here: the last `ts` read so far counts.
            }
            return time
        }
    }

    /// Checks the message's size and that it holds an object, returning a scanner at its `{`.
    private func open(_ message: UnsafeRawBufferPointer) throws(EventError) -> JSONScanner {
        guard message.count <= maximumMessageBytes else {
            throw EventError(
                .oversize,
                "message of \(message.count) bytes is over the limit of \(maximumMessageBytes) bytes; "
                    + "send smaller events or raise limits.max_message_bytes", limit: .messageBytes)
        }
        var scanner = JSONScanner(message, limits: limits)
        let kind = try scanner.kindOfValue()
        guard kind == .object else {
            // Only a value that is valid JSON is reported as the wrong kind; `not json` is a syntax error.
            var whole = scanner
            try whole.skipValue()
            throw EventError(.notAnObject, "expected a JSON object, got \(kind.rawValue)")
        }
        return scanner
    }

    /// Reads the `prediction` object.
    private func readPrediction(from scanner: inout JSONScanner) throws(EventError) -> PredictionOutput {
        let kind = try scanner.kindOfValue()
        guard kind == .object else {
            throw try scanner.wrongType(field: "prediction", expected: "object")
        }
        var output = PredictionOutput()
        var cursor = try scanner.openObject()
        while let key = try scanner.nextKey(&cursor) {
            if scanner.key(key, is: "label") {
                output.label = try scanner.readLabel(field: "prediction.label")
            } else if scanner.key(key, is: "score") {
                output.score = try scanner.readOptionalNumber(field: "prediction.score")
                if let score = output.score, !(0...1).contains(score) {
                    throw EventError(
                        .invalidValue, "expected a probability between 0 and 1, got \(score)", field: "prediction.score"
                    )
                }
            } else if scanner.key(key, is: "value") {
                output.value = try scanner.readOptionalNumber(field: "prediction.value")
            } else {
                try scanner.skipValue()
            }
        }
        guard output.label != nil || output.score != nil || output.value != nil else {
            throw EventError(
                .missingField, "expected at least one of `label`, `score` or `value`", field: "prediction")
        }
        return output
    }

    /// An outcome's fields: `label` and `value`, at least one of them not null once read.
    fileprivate struct Outcome {
        var label: ClassLabel?
        var value: Double?
    }

    /// The fields every event has: `id`, `model` and `ts`.
    private struct Envelope {
        var id: String?
        var model: String?
        var eventTime: Int64?

        /// Reads the member's value if `key` is one of the envelope's fields; returns whether it was.
        mutating func read(_ key: JSONScanner.StringToken, from scanner: inout JSONScanner) throws(EventError) -> Bool {
            if scanner.key(key, is: "id") {
                id = try scanner.readText(field: "id")
            } else if scanner.key(key, is: "model") {
                model = try scanner.readText(field: "model")
            } else if scanner.key(key, is: "ts") {
                eventTime = try scanner.readTimestamp(field: "ts")
            } else {
                return false
            }
            return true
        }

        /// The event's id and model, once they are checked to be present, non-empty and configured.
        func identity(knownModels: Set<String>) throws(EventError) -> (id: String, model: String) {
            guard let id else { throw EventError(.missingField, "required field is missing", field: "id") }
            guard !id.isEmpty else { throw EventError(.missingField, "must not be empty", field: "id") }
            guard let model else { throw EventError(.missingField, "required field is missing", field: "model") }
            guard !model.isEmpty else { throw EventError(.missingField, "must not be empty", field: "model") }
            guard knownModels.contains(model) else {
                throw EventError(
                    .unknownModel,
                    "model \"\(model)\" is not in the configuration; add it under `models` or stop sending its events",
                    field: "model")
            }
            return (id, model)
        }
    }
}

extension EventDecoder.Outcome? {
    /// Reads the member's value if `key` is `label` or `value`; returns whether it was. Stays `nil` while both are
    /// absent or null.
    fileprivate mutating func read(_ key: JSONScanner.StringToken, from scanner: inout JSONScanner) throws(EventError)
        -> Bool
    {
        var outcome = self ?? EventDecoder.Outcome()
        if scanner.key(key, is: "label") {
            outcome.label = try scanner.readLabel(field: "label")
        } else if scanner.key(key, is: "value") {
            outcome.value = try scanner.readOptionalNumber(field: "value")
        } else {
            return false
        }
        self = outcome.label == nil && outcome.value == nil ? nil : outcome
        return true
    }
}
