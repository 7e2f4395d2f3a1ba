import Yams

/// How driftwatch reaches Kafka: the `kafka` section.
package struct KafkaConfiguration: Sendable, Equatable {
    /// Bootstrap brokers as `host:port` (`kafka.brokers`, a comma-separated string or a list); default
    /// `localhost:9092`.
    package var brokers: [String]
    /// The consumer group (`kafka.group_id`); default `driftwatch`.
    package var groupID: String
    /// The topics read and written (`kafka.topics`).
    package var topics: KafkaTopics
    /// Further librdkafka properties passed as they are (`kafka.properties`: `security.protocol`, `sasl.*`,
    /// `ssl.*`, ...); default none.
    package var properties: [String: String]

    /// The section's fields.
    static let fields = ["brokers", "group_id", "topics", "properties"]

    /// Properties driftwatch sets itself, with the reason a user may not.
    static let reservedProperties = [
        "bootstrap.servers": "set kafka.brokers instead",
        "group.id": "set kafka.group_id instead",
        "enable.auto.commit": "driftwatch commits offsets itself, once the outputs they caused are acknowledged",
        "enable.auto.offset.store": "driftwatch stores offsets itself, once the outputs they caused are acknowledged",
    ]
}

extension KafkaConfiguration {
    /// Reads the `kafka` section; absent fields take their defaults.
    init(reading fields: YAMLMapping?, with reader: inout ConfigurationReader) {
        brokers = Self.readBrokers(fields, with: &reader) ?? ConfigurationDefaults.brokers
        groupID = reader.string(fields, "group_id") ?? ConfigurationDefaults.groupID
        topics = KafkaTopics(
            reading: reader.section("topics", of: fields, fields: KafkaTopics.fields.map(\.name)),
            with: &reader
        )
        properties = [:]
        guard let fields, let node = fields["properties"],
            let mapping = reader.openMapping(node, at: fields.path("properties"))
        else { return }
        for entry in mapping.entries {
            let path = mapping.path(entry.name)
            if let reason = Self.reservedProperties[entry.name] {
                reader.report("driftwatch sets '\(entry.name)': \(reason)", at: entry.key, path)
            } else if let value = reader.text(entry.value, at: path) {
                properties[entry.name] = value
            }
        }
    }

    /// Reads `brokers`, either `"a:9092,b:9092"` or a list; every entry must be non-empty.
    private static func readBrokers(_ fields: YAMLMapping?, with reader: inout ConfigurationReader) -> [String]? {
        guard let fields, let node = fields["brokers"] else { return nil }
        let path = fields.path("brokers")
        let items: [(text: String, node: Node, path: FieldPath)]
        if case .sequence(let sequence) = node {
            items = sequence.enumerated().compactMap { index, element in
                reader.text(element, at: path.appending(index: index)).map {
                    ($0, element, path.appending(index: index))
                }
            }
        } else if let text = reader.text(node, at: path) {
            items = text.split(separator: ",", omittingEmptySubsequences: false).map { (String($0), node, path) }
        } else {
            return nil
        }
        var brokers: [String] = []
        for item in items {
            let broker = item.text.filter { !$0.isWhitespace }
            if broker.isEmpty {
                reader.report(
                    "a broker address is empty; write host:port, e.g. localhost:9092", at: item.node, item.path)
            } else {
                brokers.append(broker)
            }
        }
        guard !brokers.isEmpty else {
            reader.report("needs at least one broker, e.g. localhost:9092", at: node, path)
            return nil
        }
        return brokers
    }
}
