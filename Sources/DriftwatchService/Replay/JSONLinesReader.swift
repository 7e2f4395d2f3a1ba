import Foundation

/// Reads a file of JSON lines one line at a time, through a large buffer, numbering the lines.
///
/// A line ends at `\n` (a `\r` before it is dropped); the last line needs no newline. Lines that hold nothing but
/// spaces and tabs are skipped, since they hold no event; they still count in the numbering.
struct JSONLinesReader {
    /// One line of the file.
    struct Line {
        /// The line's number in the file, from 0.
        var number: Int
        /// The line's bytes, without its line break.
        var bytes: [UInt8]
    }

    /// The file, as the user named it.
    let path: String
    /// The file's size in bytes when it was opened.
    let size: Int64
    /// The bytes of the lines read so far, line breaks included.
    private(set) var consumed: Int64 = 0

    private let handle: FileHandle
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` begins.
    private var start = 0
    private var isAtEnd = false
    private var nextNumber = 0

    /// Opens the file at `path`.
    ///
    /// - Parameter chunkSize: how many bytes each read asks for.
    /// - Throws: ``ReplayError`` (`unreadableInput`) when the file cannot be opened or is a directory.
    init(path: String, chunkSize: Int = 1 << 20) throws(ReplayError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ReplayError(.unreadableInput, "\(path): cannot read the file: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ReplayError(.unreadableInput, "\(path): cannot read the file: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw ReplayError(.unreadableInput, "\(path): is a directory; name a file of JSON lines")
        }
        self.path = path
        size = Int64(status.st_size)
        self.chunkSize = chunkSize
    }

    /// The next line that is not blank, or `nil` at the end of the file.
    ///
    /// - Throws: ``ReplayError`` (`unreadableInput`) when reading fails.
    mutating func next() throws(ReplayError) -> Line? {
        while true {
            let end: Int
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                end = newline
            } else if isAtEnd {
                guard start < buffer.count else { return nil }
                end = buffer.count
            } else {
                try refill()
                continue
            }
            var content = buffer[start..<end]
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            let following = min(end + 1, buffer.count)
            consumed += Int64(following - start)
            start = following
            let number = nextNumber
            nextNumber += 1
            if !content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                return Line(number: number, bytes: Array(content))
            }
        }
    }

    /// Drops the bytes already returned and appends the next chunk of the file.
    private mutating func refill() throws(ReplayError) {
        buffer.removeSubrange(..<start)
        start = 0
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: chunkSize)
        } catch {
            throw ReplayError(.unreadableInput, "\(path): cannot read the file: \(error.localizedDescription)")
        }
        guard let chunk, !chunk.isEmpty else {
            isAtEnd = true
            return
        }
        buffer.append(contentsOf: chunk)
    }
}
