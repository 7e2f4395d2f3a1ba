/// librdkafka properties whose values are credentials: they never appear in logs or error messages.
package enum SecretProperties {
    /// Whether a property holds a secret: passwords, private keys, client secrets, JAAS and OAuth settings.
    package static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        return [
            "password", "secret", "ssl.key.pem", "ssl_key", "private.key", "sasl.jaas.config",
            "sasl.oauthbearer.config",
        ]
        .contains { key.contains($0) }
    }

    /// The text with every secret value among `properties` replaced by `[redacted]`.
    package static func redact(_ text: String, properties: [(key: String, value: String)]) -> String {
        properties.reduce(into: text) { text, property in
            guard isSecret(property.key), !property.value.isEmpty else { return }
            text = text.replacing(property.value, with: "[redacted]")
        }
    }
}
