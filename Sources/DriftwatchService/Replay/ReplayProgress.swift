/// How far a replay has come.
package struct ReplayProgress: Sendable, Equatable {
    /// Bytes of the input files read so far.
    package var bytesRead: Int64
    /// The input files' total size in bytes.
    package var totalBytes: Int64
    /// Lines handed to the engine so far, accepted or not.
    package var events: Int

    package init(bytesRead: Int64, totalBytes: Int64, events: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.events = events
    }

    /// The share of the bytes read, from 0 to 1 (1 for empty inputs).
    package var fraction: Double {
        totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1
    }
}
