import DriftDetection

/// Reads the one-value-per-line files of `driftwatch distance`.
///
/// Surrounding spaces and tabs are ignored, as are empty lines (a trailing newline, say).
enum ValueListParser {
    /// Reads numbers, one per line.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - source: The file's name, used in error messages.
    /// - Throws: ``DriftDetectionError`` naming the file and the 1-based line of the first value
    ///   that is not a finite number, or when the file holds no value.
    static func numbers(in text: String, source: String) throws -> [Double] {
        var numbers: [Double] = []
        for (index, line) in lines(of: text) {
            guard let number = Double(line), number.isFinite else {
                throw DriftDetectionError(
                    .invalidInput,
                    "'\(line)' is not a finite number",
                    source: source,
                    line: index
                )
            }
            numbers.append(number)
        }
        guard !numbers.isEmpty else {
            throw DriftDetectionError(.invalidInput, "the file holds no values", source: source)
        }
        return numbers
    }

    /// Reads category labels, one per line.
    ///
    /// - Throws: ``DriftDetectionError`` when the file holds no value.
    static func categories(in text: String, source: String) throws -> [String] {
        let categories = lines(of: text).map(\.text)
        guard !categories.isEmpty else {
            throw DriftDetectionError(.invalidInput, "the file holds no values", source: source)
        }
        return categories
    }

    /// The non-empty trimmed lines with their 1-based line numbers.
    private static func lines(of text: String) -> [(line: Int, text: String)] {
        var result: [(line: Int, text: String)] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = rawLine.trimming(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if !trimmed.isEmpty {
                result.append((lineNumber, String(trimmed)))
            }
        }
        return result
    }
}

extension Substring {
    /// The substring without leading and trailing characters that satisfy `predicate`.
    fileprivate func trimming(while predicate: (Character) -> Bool) -> Substring {
        guard let start = firstIndex(where: { !predicate($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !predicate($0) })!
        return self[start...end]
    }
}
