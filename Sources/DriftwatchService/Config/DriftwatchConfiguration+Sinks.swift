import DriftEngine
import Foundation

extension DriftwatchConfiguration {
    /// The configured alert sinks, in the order Alertmanager, PagerDuty.
    ///
    /// - Parameters:
    ///   - instance: names this driftwatch as PagerDuty events' source.
    ///   - statusPage: the status page's address, linked from Alertmanager alerts.
    package func makeAlertSinks(instance: String, statusPage: String?) -> [any AlertSink] {
        var sinks: [any AlertSink] = []
        if let url = self.sinks.alertmanager {
            sinks.append(AlertmanagerSink(url: url, generatorURL: statusPage))
        }
        if let pagerDuty = self.sinks.pagerDuty {
            sinks.append(PagerDutySink(url: pagerDuty.url, routingKey: pagerDuty.routingKey, instance: instance))
        }
        return sinks
    }

    /// Whether a model's retrain triggers wait for approval.
    package var hasApprovalRequired: Bool {
        models.contains { $0.retrain.mode == .approvalRequired }
    }

    /// Whether a model compares its versions with their profiles on the profiles topic (`reference: topic`).
    package var readsProfilesTopic: Bool {
        models.contains { $0.reference.isTopic }
    }

    /// The configured retrain sinks, in the order written.
    package func makeRetrainSinks() -> [any RetrainSink] {
        sinks.retrain.map { sink in
            switch sink {
            case .webhook(let webhook):
                WebhookRetrainSink(name: webhook.name, url: webhook.url, headers: webhook.headers, body: webhook.body)
            case .airflow(let airflow):
                AirflowRetrainSink(
                    name: airflow.name, url: airflow.url, dagID: airflow.dagID, username: airflow.username,
                    password: airflow.password)
            }
        }
    }
}
