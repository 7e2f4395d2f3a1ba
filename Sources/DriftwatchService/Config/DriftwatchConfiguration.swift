/// The whole of a driftwatch configuration file: Kafka, the watched models, the join, the HTTP
/// endpoint and the alert sinks.
///
/// Load one with ``load(contentsOf:)``; every optional field already holds its default (see
/// ``ConfigurationDefaults``), and every check has passed.
package struct DriftwatchConfiguration: Sendable, Equatable {
    /// How to reach Kafka (`kafka`).
    package var kafka: KafkaConfiguration
    /// The watched models, in file order (`models`, at least one, names unique).
    package var models: [ModelConfiguration]
    /// How outcomes join predictions (`join`).
    package var join: JoinConfiguration
    /// Where metrics and health checks listen (`http`).
    package var http: HTTPConfiguration
    /// Where alerts go besides Kafka (`sinks`).
    package var sinks: SinksConfiguration
    /// How often the durable state is written (`state`).
    package var state: StateConfiguration
    /// The bounds on what events may make driftwatch hold (`limits`).
    package var limits: LimitsConfiguration
    /// How long a graceful shutdown may take before the process exits with status 1 (`shutdown_timeout`).
    package var shutdownTimeout: Duration
    /// Every value the file took from `${env:…}` or `${file:…}`: never to be logged or shown (see `SecretValues`).
    package var secretValues: Set<String> = []

    /// The document's top-level fields.
    static let fields = ["kafka", "models", "join", "http", "sinks", "state", "limits", "shutdown_timeout"]
}
