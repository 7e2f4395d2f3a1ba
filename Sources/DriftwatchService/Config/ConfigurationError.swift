/// Why a configuration was rejected: every problem found, not only the first.
///
/// Its description prints one problem a line, in the order they appear in the file, each as
/// `file:line: field.path: message`.
package struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, ordered by line; problems without a line (an unreadable file) come first.
    package let problems: [ConfigurationProblem]

    /// Creates an error from `problems`, ordering them by line and keeping the order of problems on one line.
    package init(problems: [ConfigurationProblem]) {
        self.problems = problems.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }

    package var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

extension ConfigurationError {
    /// An error with a single problem that concerns the whole file, such as a file that cannot be read.
    init(file: String, _ message: String) {
        self.init(problems: [ConfigurationProblem(file: file, line: nil, path: "", message: message)])
    }
}
