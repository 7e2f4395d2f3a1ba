import Kafka
import Testing

/// Credentials among librdkafka properties never reach logs or error messages.
struct SecretPropertiesTests {
    @Test(arguments: [
        "sasl.password", "ssl.key.password", "ssl.keystore.password", "ssl.key.pem", "sasl.oauthbearer.client.secret",
        "sasl.jaas.config", "sasl.oauthbearer.config",
    ])
    func secretKeysAreRecognised(_ key: String) {
        #expect(SecretProperties.isSecret(key))
    }

    @Test(arguments: ["sasl.username", "security.protocol", "ssl.ca.location", "bootstrap.servers"])
    func otherKeysAreNot(_ key: String) {
        #expect(!SecretProperties.isSecret(key))
    }

    @Test func secretValuesAreRedactedFromText() {
        let text = #"Invalid value "hunter2" for configuration property "sasl.password"; user "alice""#
        let redacted = SecretProperties.redact(
            text, properties: [("sasl.password", "hunter2"), ("sasl.username", "alice")])
        #expect(redacted == #"Invalid value "[redacted]" for configuration property "sasl.password"; user "alice""#)
    }
}
