import DriftwatchTestSupport
import Foundation
import Testing

/// `driftwatch profile build --config` stores the null distributions of the model's `auto` tests in the profile,
/// and `run` reads the profile without simulating again.
@Suite("Profile calibration on the command line")
struct ProfileCalibrationTests {
    static let configuration = """
        models:
          - name: fraud
            task: classification
            reference: PROFILE
            window: {events: 800}
            features:
              amount: {type: numeric, test: psi, warn: 0.1, alert: auto, false_alarm_rate: 0.001}
              country: {type: categorical, test: chi2, alert: auto}
              age: {type: numeric, test: ks}
            prediction: {test: js, warn: auto}
        """

    /// 5,000 predictions; `amount` is missing from one in four.
    static var events: String {
        (0..<5_000).map { index in
            let amount = index % 4 == 0 ? "null" : "\(Double(index % 97) * 1.5)"
            let country = ["KR", "US", "DE"][index % 3]
            return
                #"{"id": "\#(index)", "model": "fraud", "features": {"amount": \#(amount), "country": "\#(country)", "#
                + #""age": \#(20 + index % 50)}, "prediction": {"score": \#(Double(index % 100) / 100)}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func storesCalibrationsAtTheWindowsSize() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("events.jsonl")
        let profile = directory.appendingPathComponent("profile.json")
        let config = directory.appendingPathComponent("driftwatch.yaml")
        try Self.events.write(to: input, atomically: true, encoding: .utf8)
        try Self.configuration.replacingOccurrences(of: "PROFILE", with: profile.path)
            .write(to: config, atomically: true, encoding: .utf8)
        let binary = try DevBrokerProcess.driftwatchBinary().path
        let built = try await ChildProcess.run(
            binary,
            [
                "profile", "build", "--model", "fraud", "--input", input.path, "-o", profile.path, "--config",
                config.path,
            ])
        #expect(built.status == 0, "\(built.standardError)")
        #expect(built.standardOutput.contains("2 feature calibrations"), "\(built.standardOutput)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: profile)) as? [String: Any])
        #expect(json["format_version"] as? Int == 2)
        let features = try #require(json["features"] as? [String: [String: Any]])
        let amount = try #require(features["amount"]?["calibrations"] as? [[String: Any]])
        // 800 events of which three in four carry an amount.
        #expect(amount.first?["window_values"] as? Int == 600)
        #expect(amount.first?["metric"] as? String == "psi")
        #expect((features["country"]?["calibrations"] as? [[String: Any]])?.first?["window_values"] as? Int == 800)
        #expect(features["age"]?["calibrations"] == nil)
        let score = (json["prediction"] as? [String: [String: Any]])?["score"]
        #expect((score?["calibrations"] as? [[String: Any]])?.first?["metric"] as? String == "js")

        let unknown = try await ChildProcess.run(
            binary,
            ["profile", "build", "--model", "eta", "--input", input.path, "-o", profile.path, "--config", config.path])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no model named 'eta'"), "\(unknown.standardError)")
        let validated = try await ChildProcess.run(binary, ["validate", "--config", config.path])
        #expect(validated.status == 0, "\(validated.standardError)")
    }
}
