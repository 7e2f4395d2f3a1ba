import DriftwatchTestSupport
import Foundation
import Testing

/// Bad configurations stop `driftwatch validate` and `driftwatch run` with exit status 2 and a message that names
/// the file, line and field.
@Suite("Configuration errors on the command line")
struct ConfigurationExitTests {
    struct BadConfiguration: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        /// What the message must contain: `file:line: field`.
        var location: String
        var testDescription: String { name }
    }

    static let valid = """
        kafka:
          brokers: "127.0.0.1:1"
          topics: {predictions: predictions, outcomes: outcomes, alerts: drift-alerts, retrain: retrain-triggers,
                   dlq: driftwatch-dlq}
        models:
          - name: fraud
            task: classification
            warmup: 1000
            window: {events: 500}
            features:
              amount: {type: numeric, test: psi}
        """

    static let cases = [
        BadConfiguration(
            name: "unknown test", yaml: valid.replacingOccurrences(of: "test: psi", with: "test: psy"),
            location: ":11: models[0].features.amount.test"),
        BadConfiguration(
            name: "negative window", yaml: valid.replacingOccurrences(of: "events: 500", with: "events: -5"),
            location: ":9: models[0].window.events"),
        BadConfiguration(
            name: "missing topic", yaml: valid.replacingOccurrences(of: "dlq: driftwatch-dlq", with: "dlq: \"\""),
            location: ":4: kafka.topics.dlq"),
        BadConfiguration(
            name: "unknown field", yaml: valid.replacingOccurrences(of: "warmup: 1000", with: "warmpu: 1000"),
            location: ":8: models[0].warmpu"),
    ]

    @Test(arguments: cases, ["validate", "run"])
    func exitsWithStatusTwoNamingTheField(_ configuration: BadConfiguration, command: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        try configuration.yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            DevBrokerProcess.driftwatchBinary().path, [command, "--config", file.path]
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains(file.path + configuration.location), "\(result.standardError)")
    }

    @Test func validConfigurationValidates() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        try Self.valid.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            DevBrokerProcess.driftwatchBinary().path, ["validate", "--config", file.path]
        )
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("ok (1 model)"))
    }

    @Test func aPortInUseStopsRunWithAdviceOnHTTPListen() async throws {
        // Holding the port of a listener started here keeps it in use for the processor.
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        try (Self.valid + "\nhttp: {listen: \"127.0.0.1:\(receiver.port)\"}").write(
            to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            DevBrokerProcess.driftwatchBinary().path, ["run", "--config", file.path]
        )
        #expect(result.status == 1)
        #expect(
            result.standardError.contains("127.0.0.1:\(receiver.port) (http.listen)"),
            "\(result.standardError.suffix(500))")
    }

    /// A profile that the configured model's tests cannot use is refused before it reaches the topic, where every
    /// running driftwatch would refuse it: here an `auto` KS test on a feature the profile holds as categorical.
    @Test func publishRefusesAProfileTheModelCannotUse() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (config, input, profile) = (
            directory.appendingPathComponent("driftwatch.yaml"), directory.appendingPathComponent("data.jsonl"),
            directory.appendingPathComponent("fraud-2.json")
        )
        try Self.valid.replacingOccurrences(of: "warmup: 1000", with: "reference: topic")
            .replacingOccurrences(of: "test: psi", with: "test: ks, alert: auto")
            .write(to: config, atomically: true, encoding: .utf8)
        try (0..<200).map {
            #"{"id":"\#($0)","model":"fraud","features":{"amount":"a\#($0 % 3)"},"prediction":{"label":"x"}}"#
        }
        .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let driftwatch = try DevBrokerProcess.driftwatchBinary().path
        let built = try await ChildProcess.run(
            driftwatch, ["profile", "build", "--model", "fraud", "--input", input.path, "-o", profile.path])
        try #require(built.status == 0, "\(built.standardError)")
        let published = try await ChildProcess.run(
            driftwatch,
            ["profile", "publish", "--model", "fraud", "--version", "2", profile.path, "--config", config.path])
        #expect(published.status == 2)
        #expect(published.standardError.contains("amount"), "\(published.standardError)")
    }

    /// Start-up can take a while (calibrating `auto` thresholds, reading the profiles topic): a SIGHUP then must not
    /// end the process, whose default action for it is to exit. Here a broker that takes connections but never
    /// answers holds `run` in its start-up until it gives up (exit status 1, by itself).
    @Test func aHangupDuringStartUpDoesNotEndRun() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let directory = FileManager.default.temporaryDirectory
        let file = directory.appendingPathComponent("driftwatch-\(UUID()).yaml")
        let log = directory.appendingPathComponent("driftwatch-\(UUID()).log")
        // A model with `reference: topic`: start-up reads the profiles topic before the pipeline runs.
        try Self.valid.replacingOccurrences(of: "127.0.0.1:1", with: "127.0.0.1:\(silent.port)")
            .replacingOccurrences(of: "warmup: 1000", with: "reference: topic\n    warmup: 1000")
            .write(to: file, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: log)
        }
        let processor = try DriftwatchProcess(config: file, logFile: log)
        let output = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        // Its first log line (librdkafka's, as the pipeline's clients are made) comes after `run` began.
        let started = try await eventually(timeout: .seconds(120)) { !output().isEmpty }
        try #require(started, "run logged nothing")
        processor.send(SIGHUP)
        let ending = await processor.ending(within: .seconds(60))
        #expect(ending != .uncaughtSignal, "SIGHUP ended run: \(output())")
        _ = await processor.stop(signal: SIGKILL)
    }
}

/// A TCP port on the loopback that takes connections (the kernel completes them) and never reads or answers.
private struct SilentListener {
    let port: Int
    private let socket: Int32

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && listen(socket, 16) == 0
                    && getsockname(socket, pointer, &length) == 0
            }
        }
        guard socket >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        self.socket = socket
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(socket) }
}
