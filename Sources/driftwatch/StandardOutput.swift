import Foundation

/// Writes lines to standard output at once, unbuffered, so that a process reading them sees each line as it is
/// written (the dev broker's address, JSON lines piped to another program).
enum StandardOutput {
    static func writeLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
