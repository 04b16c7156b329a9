import LiandongSync
import Prometheus

/// The swift-metrics backend of a node that serves /metrics: a Prometheus registry, and the
/// factory to bootstrap `MetricsSystem` with, once per process, in the executable (a library
/// never bootstraps). Durations the sync engine times get buckets for chunks (a millisecond to
/// half a minute) instead of the factory's defaults.
public enum PrometheusBackend {
    /// Buckets of the chunk send and merge histograms, in seconds (docs/metrics.md).
    public static let chunkDurationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// The factory that records into `registry`.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        for label in SyncMetricLabels.chunkDurations { factory.durationHistogramBuckets[label] = chunkDurationBuckets }
        return factory
    }
}
