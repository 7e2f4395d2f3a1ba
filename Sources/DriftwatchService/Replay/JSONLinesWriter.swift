import Foundation

/// Writes lines to a file or to standard output, gathered into large writes.
package struct JSONLinesWriter {
    private let handle: FileHandle
    private let name: String
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    /// Creates (or empties) the file at `path`, or writes to standard output when `path` is `nil`.
    ///
    /// - Throws: ``ReplayError`` (`unwritableOutput`) when the file cannot be created.
    package init(path: String?) throws(ReplayError) {
        guard let path else {
            handle = FileHandle.standardOutput
            name = "standard output"
            return
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw ReplayError(.unwritableOutput, "\(path): cannot write the file: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        name = path
    }

    /// Adds `line` and a newline, writing out the buffer when it is full.
    ///
    /// - Throws: ``ReplayError`` (`unwritableOutput`) when writing fails.
    package mutating func write(_ line: [UInt8]) throws(ReplayError) {
        buffer += line
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= capacity { try flush() }
    }

    /// Writes out what is buffered.
    ///
    /// - Throws: ``ReplayError`` (`unwritableOutput`) when writing fails.
    package mutating func flush() throws(ReplayError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ReplayError(.unwritableOutput, "\(name): cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
