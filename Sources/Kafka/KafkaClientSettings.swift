/// Settings every driftwatch Kafka client shares, plus librdkafka properties passed through as they are.
public struct KafkaClientSettings: Sendable {
    /// Brokers to bootstrap from, as `host:port` (`bootstrap.servers`). Must not be empty.
    public var bootstrapServers: [String]
    /// The client id brokers see in their logs and quotas (`client.id`). Default `driftwatch`.
    public var clientID: String = "driftwatch"
    /// How often librdkafka emits statistics JSON (`statistics.interval.ms`); `nil` (default) turns them off.
    public var statisticsInterval: Duration?
    /// Any other librdkafka property (`security.protocol`, `sasl.*`, `ssl.*`, ...), applied after the typed
    /// settings so that it can override them. Properties driftwatch manages itself are rejected.
    public var properties: [String: String] = [:]

    /// Creates settings for the given brokers.
    public init(bootstrapServers: [String], clientID: String = "driftwatch", properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.properties = properties
    }

    /// The properties in the order they are applied: shared settings, `typed`, `managed`, then `properties`.
    ///
    /// - Parameters:
    ///   - typed: the client's typed settings, which `properties` may override.
    ///   - managed: properties the client relies on for its guarantees, which `properties` may not set to another
    ///     value.
    /// - Throws: `KafkaError.Code.configuration` when there are no brokers or `properties` sets a managed key.
    func rdKafkaProperties(
        typed: [(key: String, value: String)],
        managed: [(key: String, value: String)] = []
    ) throws(KafkaError) -> [(key: String, value: String)] {
        let brokers = bootstrapServers.map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        guard !brokers.isEmpty else {
            throw KafkaError(
                code: .configuration,
                message: "No Kafka brokers given (bootstrap.servers is empty): set at least one host:port."
            )
        }
        for (key, value) in managed where properties[key].map({ $0 != value }) ?? false {
            throw KafkaError(
                code: .configuration,
                message: "Kafka property '\(key)' is managed by driftwatch (\(key)=\(value)) to keep delivery at "
                    + "least once and partitions together; remove it."
            )
        }
        var result: [(key: String, value: String)] = [
            ("bootstrap.servers", brokers.joined(separator: ",")),
            ("client.id", clientID),
        ]
        if let statisticsInterval {
            result.append(("statistics.interval.ms", String(statisticsInterval.milliseconds)))
        }
        result += typed + managed
        result += properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return result
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
