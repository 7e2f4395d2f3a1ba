import DriftwatchService
import Foundation
import Kafka
import Logging
import Synchronization

/// Reads what driftwatch publishes (alerts, retrain triggers, dead letters), prints each as it arrives and keeps
/// them for the summary.
final class OutputWatcher: Sendable {
    /// One published record, parsed.
    struct Published: Sendable {
        var topic: String
        /// The CloudEvent's `data` (alerts and retrain triggers); empty for dead letters.
        var data: [String: String]
        var reason: String?
    }

    private let consumer: KafkaConsumer
    private let write: @Sendable (String) -> Void
    private let published = Mutex<[Published]>([])

    init(settings: KafkaClientSettings, topics: [String], logger: Logger, write: @escaping @Sendable (String) -> Void)
        throws
    {
        var configuration = KafkaConsumerConfiguration(client: settings, groupID: "driftwatch-demo-watcher")
        configuration.sessionTimeout = .seconds(6)
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.subscribe(topics: topics)
        self.write = write
    }

    /// What has been published so far.
    var collected: [Published] { published.withLock { $0 } }

    /// Reads until cancelled, then leaves the group.
    func run() async throws {
        while !Task.isCancelled {
            for event in try await consumer.poll() {
                guard case .messages(let messages) = event else { continue }
                for message in messages { show(message) }
            }
        }
        await consumer.close()
    }

    private func show(_ message: KafkaConsumerMessage) {
        let topic = message.topicPartition.topic
        guard let value = message.value,
            let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
            let data = object["data"] as? [String: Any]
        else {
            let reason =
                message.headers.first { $0.key == "driftwatch.error" }?.value
                .map { String(decoding: $0, as: UTF8.self) } ?? "unknown"
            published.withLock { $0.append(Published(topic: topic, data: [:], reason: reason)) }
            write("  ✗ dead letter: \(reason)")
            return
        }
        var fields = data.compactMapValues { value -> String? in
            switch value {
            case let text as String: text
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
        if let window = data["window"] as? [String: Any], let end = window["end"] as? String {
            fields["window_end"] = end
        }
        published.withLock { $0.append(Published(topic: topic, data: fields, reason: nil)) }
        if let status = fields["status"] {
            let mark = status == "firing" ? (fields["severity"] == "critical" ? "🔴" : "🟠") : "🟢"
            write("  \(mark) \(status) \(fields["severity"] ?? ""): \(fields["summary"] ?? "")")
        } else {
            write(
                "  🔁 retrain trigger for \(fields["model"] ?? "?") v\(fields["model_version"] ?? "?") "
                    + "(\(fields["mode"] ?? "?"))")
        }
    }
}
