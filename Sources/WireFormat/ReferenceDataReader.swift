import DriftDetection
import DriftEngine

/// Reads training or validation data, JSON lines of prediction events, into a ``ProfileBuilder``
/// (`driftwatch profile build`).
///
/// Each line is read by ``EventDecoder`` with the rules of the live `predictions` topic, so a line `run` would
/// dead-letter stops a build with the same reason; a top-level `label` or `value` is the true outcome.
public enum ReferenceDataReader {
    /// Builds the profile of one model from a JSON-lines file's contents.
    ///
    /// Empty lines are skipped, as are valid events of other models.
    ///
    /// - Parameters:
    ///   - data: The file's contents.
    ///   - source: The file's name, for error messages.
    ///   - builder: A builder for the model; its ``ProfileBuilder/model`` selects the events.
    ///   - limits: The bounds each event must keep, as on the topic.
    /// - Returns: The profile.
    /// - Throws: ``DriftDetectionError`` naming the file, the 1-based line and the field of the first line that is
    ///   not a valid prediction event, or when no event is of the model.
    public static func buildProfile(
        from data: [UInt8], source: String, builder: ProfileBuilder, limits: EventLimits = EventLimits()
    ) throws -> ReferenceProfile {
        var builder = builder
        let decoder = EventDecoder(knownModels: [builder.model], limits: limits)
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { !JSONScanner.isWhitespace($0) }) else { continue }
            do throws(EventError) {
                let (event, outcome) = try decoder.decodeLabelledPrediction(Array(line))
                builder.add(event, outcome: outcome)
            } catch  where error.code == .unknownModel {
                continue
            } catch {
                throw DriftDetectionError(
                    .invalidInput, error.message, source: source, line: lineNumber, field: error.field)
            }
        }
        return try builder.build()
    }
}
