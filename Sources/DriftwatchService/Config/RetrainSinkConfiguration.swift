import Foundation
import Yams

/// One entry of `sinks.retrain`: where retrain triggers go to start a model update.
package enum RetrainSinkConfiguration: Sendable, Equatable {
    /// `{type: webhook, url, headers, body, name}`.
    case webhook(WebhookRetrainSinkConfiguration)
    /// `{type: airflow, url, dag_id, username, password, name}`.
    case airflow(AirflowRetrainSinkConfiguration)

    /// The sink's name in receipts, metrics and logs: `name`, else its type (numbered from the second of a type).
    package var name: String {
        switch self {
        case .webhook(let webhook): webhook.name
        case .airflow(let airflow): airflow.name
        }
    }

    /// The entry's types.
    enum Kind: String, CaseIterable {
        case webhook, airflow
    }
}

/// A plain webhook: the trigger, or a body made from it, posted as JSON.
package struct WebhookRetrainSinkConfiguration: Sendable, Equatable {
    package var name: String
    package var url: URL
    /// Extra request headers (`headers`), e.g. `Authorization: "Bearer ${env:TOKEN}"`.
    package var headers: [String: String]
    /// The JSON body (`body`); `nil` posts the trigger's CloudEvent as it is.
    package var body: BodyTemplate?

    static let fields = ["type", "name", "url", "headers", "body"]
}

/// Airflow's stable REST API: `POST <url>/api/v1/dags/<dag_id>/dagRuns`.
package struct AirflowRetrainSinkConfiguration: Sendable, Equatable {
    package var name: String
    package var url: URL
    package var dagID: String
    /// Basic authentication (`username`, `password`); both or neither.
    package var username: String?
    package var password: String?

    static let fields = ["type", "name", "url", "dag_id", "username", "password"]
}

extension RetrainSinkConfiguration {
    /// Reads the `sinks.retrain` list.
    static func list(reading node: Node?, at path: FieldPath, with reader: inout ConfigurationReader) -> [Self] {
        guard let node, !node.isNull else { return [] }
        guard case .sequence(let sequence) = node else {
            reader.report("must be a list of sinks, e.g. [{type: webhook, url: …}]", at: node, path)
            return []
        }
        var sinks: [Self] = []
        var counts: [Kind: Int] = [:]
        for (index, element) in sequence.enumerated() {
            let elementPath = path.appending(index: index)
            guard let fields = reader.openMapping(element, at: elementPath) else { continue }
            guard let kind: Kind = reader.choice(fields, "type", as: Kind.self) else {
                if fields["type"] == nil { reader.reportMissing("type", in: fields, " (webhook or airflow)") }
                continue
            }
            counts[kind, default: 0] += 1
            let count = counts[kind]!
            let defaultName = count == 1 ? kind.rawValue : "\(kind.rawValue)-\(count)"
            let sink: Self? =
                switch kind {
                case .webhook:
                    WebhookRetrainSinkConfiguration(reading: fields, name: defaultName, with: &reader)
                        .map(Self.webhook)
                case .airflow:
                    AirflowRetrainSinkConfiguration(reading: fields, name: defaultName, with: &reader)
                        .map(Self.airflow)
                }
            guard let sink else { continue }
            if sinks.contains(where: { $0.name == sink.name }) {
                reader.report(
                    "two retrain sinks are named '\(sink.name)'; give each a distinct name", at: element, elementPath)
            }
            sinks.append(sink)
        }
        return sinks
    }

    /// Reads the required `url` of a sink.
    fileprivate static func requiredURL(_ fields: YAMLMapping, _ hint: String, with reader: inout ConfigurationReader)
        -> URL?
    {
        if fields["url"] == nil {
            reader.reportMissing("url", in: fields, hint)
            return nil
        }
        return SinksConfiguration.url(fields, with: &reader)
    }
}

extension WebhookRetrainSinkConfiguration {
    init?(reading fields: YAMLMapping, name defaultName: String, with reader: inout ConfigurationReader) {
        _ = reader.mapping(fields.node, at: fields.path, fields: Self.fields)
        name = reader.string(fields, "name") ?? defaultName
        headers = [:]
        if let node = fields["headers"], let mapping = reader.openMapping(node, at: fields.path("headers")) {
            for entry in mapping.entries {
                if let value = reader.text(entry.value, at: mapping.path(entry.name)) { headers[entry.name] = value }
            }
        }
        body = fields["body"].flatMap { BodyTemplate(reading: $0, at: fields.path("body"), with: &reader) }
        guard let url = RetrainSinkConfiguration.requiredURL(fields, " (where the trigger is posted)", with: &reader)
        else { return nil }
        self.url = url
    }
}

extension AirflowRetrainSinkConfiguration {
    init?(reading fields: YAMLMapping, name defaultName: String, with reader: inout ConfigurationReader) {
        _ = reader.mapping(fields.node, at: fields.path, fields: Self.fields)
        name = reader.string(fields, "name") ?? defaultName
        username = reader.string(fields, "username")
        password = reader.string(fields, "password")
        if (username == nil) != (password == nil) {
            reader.report(
                "username and password go together (Airflow's basic authentication); give both or neither",
                at: fields.node, fields.path(username == nil ? "username" : "password"))
        }
        let dagID = reader.string(fields, "dag_id")
        if fields["dag_id"] == nil { reader.reportMissing("dag_id", in: fields, " (the DAG that retrains the model)") }
        let url = RetrainSinkConfiguration.requiredURL(
            fields, " (Airflow's base URL, e.g. http://airflow-webserver:8080)", with: &reader)
        guard let url, let dagID else { return nil }
        self.url = url
        self.dagID = dagID
    }
}
