import DriftwatchService
import Foundation

/// Writes messages for a person to standard error, unbuffered.
enum StandardError {
    /// Writes `text` without the configuration's secrets (add the newline yourself).
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(SecretValues.process.redact(text).utf8))
    }
}
