import DriftDetection
import DriftEngine

/// Readers for the typed fields of prediction and outcome events. Each reads the value at the
/// scanner and throws an ``EventError`` that names `field` when the value has the wrong type.
extension JSONScanner {
    /// Reads a string.
    mutating func readText(field: String) throws(EventError) -> String {
        guard try peekValue() == UInt8(ascii: "\"") else { throw try wrongType(field: field, expected: "string") }
        return try locating(at: field) { scanner throws(EventError) in try scanner.readString() }
    }

    /// Reads a number within ±`limits.maximumOutputMagnitude`, or `nil` for null.
    mutating func readOptionalNumber(field: String) throws(EventError) -> Double? {
        switch try kindOfValue() {
        case .null:
            try readNull()
            return nil
        case .number:
            let number = try locating(at: field) { scanner throws(EventError) in try scanner.readNumber() }
            guard abs(number) <= limits.maximumOutputMagnitude else {
                throw EventError(
                    .invalidValue,
                    "expected a number within ±\(limits.maximumOutputMagnitude) (limits.max_output_magnitude), "
                        + "got \(number)", field: field, limit: .outputMagnitude)
            }
            return number
        default:
            throw try wrongType(field: field, expected: "number")
        }
    }

    /// Reads a class label (a string or an integer), or `nil` for null.
    mutating func readLabel(field: String) throws(EventError) -> ClassLabel? {
        switch try kindOfValue() {
        case .null:
            try readNull()
            return nil
        case .string:
            return ClassLabel(try locating(at: field) { scanner throws(EventError) in try scanner.readString() })
        case .number:
            let number = try locating(at: field) { scanner throws(EventError) in try scanner.readNumber() }
            guard let integer = Int64(exactly: number) else {
                throw EventError(.invalidValue, "expected a string or an integer, got \(number)", field: field)
            }
            return ClassLabel(String(integer), isNumeric: true)
        default:
            throw try wrongType(field: field, expected: "string or integer")
        }
    }

    /// Reads an RFC 3339 date-time as milliseconds since the epoch, or `nil` for null.
    mutating func readTimestamp(field: String) throws(EventError) -> Int64? {
        switch try kindOfValue() {
        case .null:
            try readNull()
            return nil
        case .string:
            let token = try readStringToken()
            if !token.hasEscapes, let milliseconds = RFC3339Time.milliseconds(rawBytes(token)) {
                return milliseconds
            }
            var text = try string(token)
            if let milliseconds = text.withUTF8({ RFC3339Time.milliseconds(UnsafeRawBufferPointer($0)) }) {
                return milliseconds
            }
            throw EventError(
                .invalidValue,
                "expected an RFC 3339 date-time such as \"2026-11-22T10:00:00.123Z\", got \"\(text)\"",
                field: field)
        default:
            throw try wrongType(field: field, expected: "string (an RFC 3339 date-time)")
        }
    }

    /// Reads the `features` object; null reads as no features. A name that repeats keeps its last value.
    mutating func readFeatures(field: String) throws(EventError) -> [String: FeatureValue] {
        var features: [String: FeatureValue] = [:]
        guard try openFeatures(field: field) else { return features }
        features.reserveCapacity(16)
        var cursor = try openObject()
        var count = 0
        while let key = try nextKey(&cursor) {
            try countFeature(&count, field: field)
            let name = try featureName(key, field: field)
            features[name] = try readFeatureValue(field: field + "." + name)
        }
        return features
    }

    /// Reads the `features` object into `layout`'s order; null reads as no features. A name that repeats keeps
    /// its last value. Values, checks and errors are those of ``readFeatures(field:)``.
    mutating func readFeatures(field: String, layout: FeatureLayout) throws(EventError) -> FeatureVector {
        var vector = FeatureVector(count: layout.count)
        guard try openFeatures(field: field) else { return vector }
        var cursor = try openObject()
        var count = 0
        var unexpected: Set<String> = []
        while let key = try nextKey(&cursor) {
            try countFeature(&count, field: field)
            // Raw bytes that match a layout name are valid UTF-8 and need no unescaping.
            if !key.hasEscapes, let position = layout.position(of: rawBytes(key)) {
                vector.values[position] = try readFeatureValue(field: field + "." + layout.names[position])
                continue
            }
            let name = try featureName(key, field: field)
            let value = try readFeatureValue(field: field + "." + name)
            if let position = layout.position(of: name) {
                vector.values[position] = value
            } else if unexpected.insert(name).inserted {
                vector.unexpected.append(name)
            }
        }
        return vector
    }

    /// Counts a feature, up to `limits.maximumFeatures`: each distinct name costs a window and metric series
    /// downstream.
    private func countFeature(_ count: inout Int, field: String) throws(EventError) {
        count += 1
        guard count <= limits.maximumFeatures else {
            throw EventError(
                .oversize,
                "more than \(limits.maximumFeatures) features (limits.max_features_per_event); send only the "
                    + "model's inputs", field: field, limit: .featuresPerEvent)
        }
    }

    /// A feature's name; an error names the `features` field.
    private func featureName(_ key: StringToken, field: String) throws(EventError) -> String {
        do throws(EventError) {
            return try string(key)
        } catch {
            throw error.located(at: field)
        }
    }

    /// Checks the type of the `features` value: `true` at an object, `false` after reading a null.
    private mutating func openFeatures(field: String) throws(EventError) -> Bool {
        switch try kindOfValue() {
        case .null:
            try readNull()
            return false
        case .object:
            return true
        default:
            throw try wrongType(field: field, expected: "object")
        }
    }

    /// Reads one feature value: a number, string, boolean or null.
    private mutating func readFeatureValue(field: @autoclosure () -> String) throws(EventError) -> FeatureValue {
        switch try peekValue() {
        case UInt8(ascii: "\""):
            return .string(try locating(at: field()) { scanner throws(EventError) in try scanner.readString() })
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            try readNull()
            return .null
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw try wrongType(field: field(), expected: "number, string, boolean or null")
        default:
            return .number(try locating(at: field()) { scanner throws(EventError) in try scanner.readNumber() })
        }
    }

    /// The error for a value of the wrong JSON type at the scanner.
    mutating func wrongType(field: String, expected: String) throws(EventError) -> EventError {
        EventError(.wrongType, "expected \(expected), got \(try kindOfValue().rawValue)", field: field)
    }
}

extension JSONScanner {
    /// Runs `read` on the scanner, locating what it throws at `field` (unless the error already names a field).
    fileprivate mutating func locating<Value>(
        at field: @autoclosure () -> String, _ read: (inout Self) throws(EventError) -> Value
    ) throws(EventError) -> Value {
        do throws(EventError) {
            return try read(&self)
        } catch {
            throw error.located(at: field())
        }
    }
}

extension EventError {
    /// The error located at `field`, unless it already names a field.
    func located(at field: @autoclosure () -> String) -> EventError {
        guard self.field == nil, code != .malformedJSON else { return self }
        var located = self
        located.field = field()
        return located
    }
}
