import Kafka

/// A line-based control language for a running mock cluster, so that another process (a test, a person at
/// a terminal) can create topics and inject faults.
///
/// Commands, one per line:
/// - `topic NAME PARTITIONS` — create a topic;
/// - `fail API ERROR [ERROR…]` — fail the next requests of an API (`Produce`, `OffsetCommit`, …) with the given
///   errors, one per request (`NOT_LEADER_FOR_PARTITION`, `REQUEST_TIMED_OUT`, …);
/// - `down BROKER` / `up BROKER` — take a broker (id from 1) down or bring it back;
/// - `rtt BROKER MILLISECONDS` — delay a broker's responses.
///
/// Every command answers one line: `ok` or `error: <what is wrong>`.
public struct MockClusterControl: Sendable {
    private let cluster: KafkaMockCluster

    /// Controls `cluster`.
    public init(cluster: KafkaMockCluster) {
        self.cluster = cluster
    }

    /// Runs one command line and returns the answer line.
    public func execute(_ line: String) -> String {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let command = words.first else { return "error: empty command; try 'topic NAME PARTITIONS'" }
        do throws(KafkaError) {
            switch (command, words.count) {
            case ("topic", 3):
                guard let partitions = Int32(words[2]), partitions > 0 else {
                    return "error: PARTITIONS must be a positive integer, not '\(words[2])'"
                }
                try cluster.createTopic(words[1], partitions: partitions)
            case ("fail", 3...):
                guard let api = KafkaAPI(protocolName: words[1]) else {
                    let names = KafkaAPI.allCases.map(\.protocolName).joined(separator: ", ")
                    return "error: unknown API '\(words[1])'; one of \(names)"
                }
                var codes: [KafkaErrorCode] = []
                for name in words.dropFirst(2) {
                    guard let code = KafkaErrorCode(name: name) else {
                        return "error: unknown error '\(name)'; use librdkafka's names, e.g. NOT_LEADER_FOR_PARTITION"
                    }
                    codes.append(code)
                }
                cluster.failNextRequests(api, with: codes)
            case ("down", 2), ("up", 2):
                guard let broker = Int32(words[1]) else { return "error: BROKER must be an id, not '\(words[1])'" }
                try command == "down" ? cluster.setBrokerDown(broker) : cluster.setBrokerUp(broker)
            case ("rtt", 3):
                guard let broker = Int32(words[1]), let delay = Int64(words[2]), delay >= 0 else {
                    return "error: usage: rtt BROKER MILLISECONDS"
                }
                try cluster.setRoundTripTime(broker, .milliseconds(delay))
            default:
                return "error: unknown command '\(line)'; commands: topic NAME PARTITIONS | fail API ERROR… | "
                    + "down BROKER | up BROKER | rtt BROKER MILLISECONDS"
            }
        } catch {
            return "error: \(error.message)"
        }
        return "ok"
    }
}
