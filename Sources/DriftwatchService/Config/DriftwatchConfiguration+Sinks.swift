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
}
