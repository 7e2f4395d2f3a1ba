/// One thing wrong with a configuration: where it is (file, line, field path) and what to do about it.
package struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The configuration file, as the user named it.
    package let file: String
    /// The 1-based line the problem is on; `nil` when it concerns the whole file (e.g. it cannot be read).
    package let line: Int?
    /// The field's path, e.g. `models[0].features.amount.test`; empty when no field is concerned.
    package let path: String
    /// A sentence a person can act on, e.g. `unknown test 'psy'; one of psi, kl, ...`.
    package let message: String

    /// Creates a problem.
    package init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    /// `file:line: path: message`, leaving out the line and the path when there is none.
    package var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
