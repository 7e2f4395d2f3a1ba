import Foundation

/// What driftwatch reads from librdkafka's statistics JSON (`statistics.interval.ms`).
enum BrokerStatistics {
    /// How many brokers the client holds an open connection to (`brokers.*.state == "UP"`), leaving out
    /// librdkafka's internal pseudo-broker; `nil` when the JSON cannot be read.
    static func connectedBrokers(inStatistics json: String) -> Int? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let brokers = root["brokers"] as? [String: Any]
        else { return nil }
        return brokers.count { name, value in
            guard !name.hasSuffix("/internal"), let broker = value as? [String: Any] else { return false }
            return broker["state"] as? String == "UP"
        }
    }
}
