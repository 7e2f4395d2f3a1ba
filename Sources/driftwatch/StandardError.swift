import Foundation

/// Writes messages for a person to standard error, unbuffered.
enum StandardError {
    /// Writes `text` as it is (add the newline yourself).
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
