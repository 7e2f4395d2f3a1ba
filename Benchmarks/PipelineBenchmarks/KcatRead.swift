import Foundation

/// The raw librdkafka limit on this machine: `kcat -C -b ADDR -t TOPIC -e -o beginning -q` reading a whole topic
/// to /dev/null, timed from start to exit.
enum KcatRead {
    /// Seconds kcat took to read `topic` to its end.
    ///
    /// - Throws: when kcat cannot be started or exits with a failure.
    static func seconds(bootstrapServers: String, topic: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kcat", "-C", "-b", bootstrapServers, "-t", topic, "-e", "-o", "beginning", "-q"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let seconds = Measurement.seconds(since: start)
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("kcat exited with \(process.terminationStatus)")
        }
        return seconds
    }
}
