import CoreMetrics
import Prometheus

/// swift-metrics handlers in a Prometheus registry, each family with the `# HELP` text of its ``MetricName``.
///
/// `PrometheusMetricsFactory` registers every family with an empty help text, and the registry refuses a second
/// registration of a name with a different one, so the families driftwatch knows are made here through the
/// registry's descriptors; names it does not know (from libraries) and every `destroy` go to the plain factory.
public struct DocumentedMetricsFactory: MetricsFactory {
    private let registry: PrometheusCollectorRegistry
    private let plain: PrometheusMetricsFactory

    /// Handlers registered in `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        plain = PrometheusMetricsFactory(registry: registry)
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor? {
        MetricName(rawValue: label).map {
            MetricNameDescriptor(metricName: $0.rawValue, unitName: "", helpText: $0.help)
        }
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let descriptor = descriptor(label) else { return plain.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)])
        -> any FloatingPointCounterHandler
    {
        guard let descriptor = descriptor(label) else {
            return plain.makeFloatingPointCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let descriptor = descriptor(label) else {
            return plain.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        guard aggregate else { return registry.makeGauge(descriptor: descriptor, labels: dimensions) }
        return registry.makeValueHistogram(
            descriptor: descriptor, labels: dimensions, buckets: plain.defaultValueHistogramBuckets)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let descriptor = descriptor(label) else { return plain.makeMeter(label: label, dimensions: dimensions) }
        return registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let descriptor = descriptor(label) else { return plain.makeTimer(label: label, dimensions: dimensions) }
        return registry.makeDurationHistogram(
            descriptor: descriptor, labels: dimensions, buckets: plain.defaultDurationHistogramBuckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) { plain.destroyCounter(handler) }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        plain.destroyFloatingPointCounter(handler)
    }

    public func destroyRecorder(_ handler: any RecorderHandler) { plain.destroyRecorder(handler) }

    public func destroyMeter(_ handler: any MeterHandler) { plain.destroyMeter(handler) }

    public func destroyTimer(_ handler: any TimerHandler) { plain.destroyTimer(handler) }
}
