import DriftEngine
import Kafka
import Logging
import ServiceLifecycle

/// Follows the profiles topic for `run`: every version profile on it goes to the engine (through
/// ``EngineUpdates``), those already there before the pipeline starts, and those published while it runs.
///
/// Its description is its name: the service group logs it, and its client settings have secrets.
package struct ProfileFollower: Service, CustomStringConvertible {
    package var description: String { "ProfileFollower" }

    private let reader: WholeTopicReader
    private let updates: EngineUpdates
    private let logger: Logger

    package init(topic: String, client: KafkaClientSettings, groupID: String, updates: EngineUpdates, logger: Logger)
        throws(KafkaError)
    {
        reader = try WholeTopicReader(topic: topic, role: "profiles", client: client, groupID: groupID, logger: logger)
        self.updates = updates
        self.logger = logger
    }

    /// Reads the topic as it is now, so that versions whose profile is there compare with it from their first event.
    ///
    /// - Throws: `KafkaError` when the topic does not exist or cannot be read to its end.
    package func catchUp(timeout: Duration = .seconds(60)) async throws(KafkaError) {
        var count = 0
        try await reader.readToEnd(timeout: timeout) { count += post($0) }
        logger.info("Read the profiles topic", metadata: ["topic": "\(reader.topic)", "profiles": "\(count)"])
    }

    /// Follows the topic after ``catchUp(timeout:)`` until shutdown; a failing read is logged and tried again.
    package func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = post(try await reader.read())
            } catch {
                logger.warning("Cannot read the profiles topic; trying again in 10 s: \(error)")
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(10)) }
            }
        }
        await reader.close()
    }

    /// Posts a read's records; returns how many profiles it held. Records that are not profiles are logged and
    /// skipped.
    private func post(_ batch: WholeTopicReader.Batch) -> Int {
        var profiles = 0
        for record in reader.records(of: batch, { try ProfileTopicRecord(key: $0.key, value: $0.value) }) {
            switch record {
            case .profile(let published):
                updates.post(.profile(published))
                profiles += 1
            case .withdrawal(let model, let version):
                updates.post(.withdrawal(model: model, modelVersion: version))
            }
        }
        return profiles
    }
}
