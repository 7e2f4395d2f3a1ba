/// A Kafka broker a test starts for itself and reaches over TCP: librdkafka's mock cluster (`DevBrokerProcess`) or
/// an independent implementation (`TansuProcess`).
package protocol TestBroker: Sendable {
    /// The bootstrap address, `host:port`.
    var bootstrapServers: String { get }
    /// Creates a topic with a name unique to this run and returns the name.
    func createTopic(prefix: String, partitions: Int) async throws -> String
    /// Stops the broker (SIGTERM) and returns its exit status.
    func stop() async -> Int32
}

extension DevBrokerProcess: TestBroker {}
