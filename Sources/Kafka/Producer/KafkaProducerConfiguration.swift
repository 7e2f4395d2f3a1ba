/// Configuration of a `KafkaProducer`.
public struct KafkaProducerConfiguration: Sendable {
    /// Brokers, client id, statistics and pass-through properties.
    public var client: KafkaClientSettings
    /// Whether the producer is idempotent (`enable.idempotence`): no duplicates or reordering from its own
    /// retries. Default `true`, which also implies `acks=all`; `client.properties` may then change neither.
    public var idempotent: Bool = true
    /// How long messages wait to fill a batch (`linger.ms`). Default 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// How long librdkafka keeps retrying a message before reporting it undeliverable
    /// (`message.timeout.ms`). Default 5 minutes.
    public var deliveryTimeout: Duration = .seconds(300)

    /// Creates a configuration.
    /// The codec for record batches (`compression.type`: `lz4`, `zstd`, `gzip`, `snappy`); `nil` for librdkafka's
    /// default (none) or whatever `client.properties` sets.
    public var compression: String?
    /// The largest record the producer accepts (`message.max.bytes`); `nil` for librdkafka's default (1 MB).
    public var maximumRecordBytes: Int?

    public init(client: KafkaClientSettings) {
        self.client = client
    }

    func rdKafkaProperties() throws(KafkaError) -> [(key: String, value: String)] {
        try client.rdKafkaProperties(
            typed: (idempotent ? [] : [("enable.idempotence", "false")]) + [
                ("linger.ms", String(linger.milliseconds)),
                ("message.timeout.ms", String(deliveryTimeout.milliseconds)),
            ] + (compression.map { [("compression.type", $0)] } ?? [])
                + (maximumRecordBytes.map { [("message.max.bytes", String($0))] } ?? []),
            managed: idempotent ? [("enable.idempotence", "true"), ("acks", "all")] : [])
    }
}
