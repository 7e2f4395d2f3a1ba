import DriftDetection

/// Runs one detector over text with one number per line, as `driftwatch detect` does, and formats its
/// signals as JSON lines.
///
/// Lines hold one number each (0 or 1 for a binary detector); surrounding spaces are ignored and blank
/// lines are skipped without counting as an update. The index printed is the 0-based number of the
/// update that raised the signal.
struct DetectorLineRunner: Sendable {
    /// The catalog entry of the detector being run.
    let descriptor: DetectorDescriptor
    private var detector: AnyDetector
    private let source: String
    private var lineNumber = 0
    private var updates = 0

    /// Builds the detector.
    /// - Parameters:
    ///   - name: the detector's catalog name.
    ///   - assignments: `name=value` parameter assignments, as given to `--param`.
    ///   - source: what the input is called in error messages: a file path, or `<stdin>`.
    /// - Throws: `DriftDetectionError` for an unknown detector or an unknown, repeated or invalid parameter; the
    ///   message lists the valid detectors, or the valid parameters with their defaults.
    init(detector name: String, assignments: [String], source: String) throws(DriftDetectionError) {
        descriptor = try DetectorCatalog.descriptor(named: name)
        detector = try descriptor.makeDetector(Self.parseAssignments(assignments, for: descriptor))
        self.source = source
    }

    /// Feeds the next line of input.
    /// - Returns: the JSON line to print if the update raised a signal (two lines, the warning first, if it raised
    ///   both), otherwise `nil`.
    /// - Throws: `DriftDetectionError.Code.invalidInput`, naming the source and line, if the line is not a
    ///   number (or not 0/1 for a binary detector).
    mutating func feed(line: some StringProtocol) throws(DriftDetectionError) -> String? {
        lineNumber += 1
        let text = line.trimmingSpaces
        guard !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw invalidLine("'\(text)' is not a finite number")
        }
        if descriptor.input == .binary && value != 0 && value != 1 {
            throw invalidLine("'\(text)' is not 0 or 1, and detector '\(descriptor.name)' reads binary values")
        }
        let index = updates
        updates += 1
        switch detector.update(value) {
        case .none: return nil
        case .warning: return Self.jsonLine(index: index, signal: .warning)
        case .drift: return Self.jsonLine(index: index, signal: .drift)
        case .warningAndDrift:
            return Self.jsonLine(index: index, signal: .warning) + "\n" + Self.jsonLine(index: index, signal: .drift)
        }
    }

    /// `{"index": i, "signal": "drift"}` or `"warning"`.
    static func jsonLine(index: Int, signal: DriftSignal) -> String {
        "{\"index\": \(index), \"signal\": \"\(signal.rawValue)\"}"
    }

    /// Parses `name=value` assignments into a dictionary.
    /// - Throws: `DriftDetectionError.Code.invalidParameter` for an assignment without `=` or a repeated name.
    static func parseAssignments(
        _ assignments: [String],
        for descriptor: DetectorDescriptor
    ) throws(DriftDetectionError) -> [String: String] {
        var parameters: [String: String] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw DriftDetectionError(
                    .invalidParameter,
                    "--param '\(assignment)' must have the form name=value; valid parameters of '\(descriptor.name)' "
                        + "(with defaults): \(descriptor.parameterDefaults)"
                )
            }
            let name = String(assignment[..<equals])
            guard parameters[name] == nil else {
                throw DriftDetectionError(.invalidParameter, "parameter '\(name)' is given more than once")
            }
            parameters[name] = String(assignment[assignment.index(after: equals)...])
        }
        return parameters
    }

    private func invalidLine(_ problem: String) -> DriftDetectionError {
        DriftDetectionError(.invalidInput, "\(source):\(lineNumber): \(problem); expected one number per line")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return Substring(self[first...last])
    }
}
