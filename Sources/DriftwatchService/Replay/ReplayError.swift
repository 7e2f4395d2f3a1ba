/// Why a replay stopped: an input that cannot be read or an output that cannot be written.
package struct ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which decides the exit status (2 for an input, 1 for the output).
    package enum Code: Sendable, Equatable {
        /// An input file is missing, is a directory or fails while it is read.
        case unreadableInput
        /// The output cannot be created or written.
        case unwritableOutput
    }

    package var code: Code
    /// The message, naming the file: `FILE: what happened`.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
