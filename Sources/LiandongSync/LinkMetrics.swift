import LiandongCore
import Metrics

/// The swift-metrics one link records as its chunks go and come, labelled with the peer's node
/// id and its role (docs/metrics.md). Without a metrics backend (the default: `liandong run`
/// without `--http`, the tests, the simulator) these cost a no-op call.
final class LinkMetrics {
    let dimensions: [(String, String)]
    /// Reading, sealing and sending one chunk that carries rows (empty chunks are not timed).
    let chunkSend: Metrics.Timer
    /// Merging one chunk that carries rows into the replica, in its transaction.
    let merge: Metrics.Timer
    private var refusals: [String: Counter] = [:]

    /// The label of `chunkSend`.
    static let chunkSendLabel = "liandong_chunk_send_duration_seconds"
    /// The label of `merge`.
    static let mergeLabel = "liandong_chunk_merge_duration_seconds"
    /// The label of the refusals counter.
    static let refusalsLabel = "liandong_refusals_total"

    init(peer: NodeID, role: LinkRole) {
        dimensions = [("peer", "\(peer)"), ("role", role.rawValue)]
        chunkSend = Metrics.Timer(label: Self.chunkSendLabel, dimensions: dimensions, preferredDisplayUnit: .seconds)
        merge = Metrics.Timer(label: Self.mergeLabel, dimensions: dimensions, preferredDisplayUnit: .seconds)
    }

    /// Counts changes from this link refused (拒收) by `rule`: a `Rejection.Rule`'s raw value, or
    /// `clock-drift` / `invalid-chunk` for a chunk refused whole.
    func refused(_ count: Int, rule: String) {
        guard count > 0 else { return }
        let counter = refusals[rule] ?? Counter(label: Self.refusalsLabel, dimensions: dimensions + [("rule", rule)])
        refusals[rule] = counter
        counter.increment(by: Int64(count))
    }
}

/// The labels of the swift-metrics the sync engine records, for a backend that configures them
/// (the Prometheus buckets of LiandongHTTP).
public enum SyncMetricLabels {
    /// The duration histograms of chunks: send and merge.
    public static let chunkDurations = [LinkMetrics.chunkSendLabel, LinkMetrics.mergeLabel]
}
