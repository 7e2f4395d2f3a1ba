/// A line the engine turned down, reported as `FILE:LINE: reason` with the line counted from 1.
package struct ReplayRejection: Sendable, Equatable, CustomStringConvertible {
    /// The input file, as the user named it.
    package var file: String
    /// The line's number, from 1.
    package var line: Int
    /// The engine's reason, the text a dead letter would carry.
    package var reason: String

    package var description: String { "\(file):\(line): \(reason)" }
}
