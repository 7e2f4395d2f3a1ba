import Foundation

/// Reads JSON-lines prediction events (README, "Events in and out") into a ``ProfileBuilder``.
public enum JSONLinesProfileReader {
    /// Builds the profile of one model from a JSON-lines file's contents.
    ///
    /// Empty lines are skipped, as are events of other models.
    ///
    /// - Parameters:
    ///   - data: The file's contents.
    ///   - source: The file's name, for error messages.
    ///   - builder: A builder for the model; its ``ProfileBuilder/model`` selects the events.
    /// - Returns: The profile.
    /// - Throws: ``DriftDetectionError`` naming the file, the 1-based line and the field of the
    ///   first line that is not a valid prediction event, or when no event is of the model.
    public static func buildProfile(from data: Data, source: String, builder: ProfileBuilder) throws -> ReferenceProfile
    {
        var builder = builder
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard
                line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }
                )
            else { continue }
            let record: PredictionRecord
            do {
                record = try decoder.decode(PredictionRecord.self, from: Data(line))
            } catch let error as DecodingError {
                throw describe(error, source: source, line: lineNumber)
            }
            if record.model == builder.model {
                builder.add(record)
            }
        }
        return try builder.build()
    }

    /// Turns a decoding error into a message that names the field.
    private static func describe(_ error: DecodingError, source: String, line: Int) -> DriftDetectionError {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String? {
            let keys = (codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return DriftDetectionError(
                .invalidInput, "a required field is missing", source: source, line: line,
                field: path(context.codingPath, key))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return DriftDetectionError(
                .invalidInput, "expected \(Self.describe(type))", source: source, line: line,
                field: path(context.codingPath))
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return DriftDetectionError(
                .invalidInput, field == nil ? "not a valid JSON object" : "invalid value", source: source, line: line,
                field: field)
        @unknown default:
            return DriftDetectionError(.invalidInput, "not a valid prediction event", source: source, line: line)
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type: "a number"
        case is [String: Any].Type, is [String: FeatureValue].Type: "an object"
        default: "a value of another type"
        }
    }
}
