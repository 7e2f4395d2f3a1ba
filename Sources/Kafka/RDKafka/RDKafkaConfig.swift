import CRdKafka

/// Builds a librdkafka configuration object (`rd_kafka_conf_t`) from ordered key/value pairs.
enum RDKafkaConfig {
    /// Creates a configuration with `rd_kafka_conf_new` and sets every property with `rd_kafka_conf_set`.
    ///
    /// - Parameters:
    ///   - properties: the properties in the order they are applied; a later value for the same key wins.
    ///   - events: the `RD_KAFKA_EVENT_*` mask the client delivers on its queues (`rd_kafka_conf_set_events`).
    /// - Returns: the configuration; the caller owns it until it hands it to `rd_kafka_new`.
    /// - Throws: `KafkaError.Code.configuration` naming the first property librdkafka rejects, with its reason
    ///   (a secret value is redacted).
    static func make(properties: [(key: String, value: String)], events: Int32) throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                // librdkafka quotes the rejected value, which may be a password.
                let reason = SecretProperties.redact(String(cBuffer: errorText), properties: [(key, value)])
                throw KafkaError(
                    code: .configuration,
                    message: "Kafka property '\(key)' is not accepted: \(reason). Fix or remove it."
                )
            }
        }
        rd_kafka_conf_set_events(conf, events)
        return conf
    }
}
