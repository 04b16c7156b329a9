import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import Prometheus
import Synchronization

/// The series /metrics reads from the replica when it is scraped (docs/metrics.md): per link
/// (labels `peer`, `role`) last contact, pending each way, lag, the peer's clock offset, whether
/// it is connected and whether digests agreed, the parent's link included before it is first
/// reached; for the node its clock correction, the replica's size on disk and the audit chain's
/// length. Reading them costs one count per link, so they
/// are read on a scrape, on the scraping request's thread through the replica's reader pool
/// (never on the node's loop), and at most once per `minimumIntervalMillis`: a scraper that
/// asks more often gets the values read last.
public final class ReplicaGauges: Sendable {
    private let replica: Replica
    private let registry: PrometheusCollectorRegistry
    private let peerTimeoutMillis: Int64
    /// Wall-clock milliseconds of the last read; 0: never.
    private let lastRead = Mutex<Int64>(0)

    /// Two reads of the replica are at least this far apart.
    public static let minimumIntervalMillis: Int64 = 5_000

    /// Gauges of `replica`'s links and files in `registry`.
    public init(replica: Replica, registry: PrometheusCollectorRegistry, peerTimeoutMillis: Int64 = SessionConfiguration().peerTimeoutMillis) {
        self.replica = replica
        self.registry = registry
        self.peerTimeoutMillis = peerTimeoutMillis
    }

    /// Reads the replica and sets every gauge, unless it was read less than
    /// `minimumIntervalMillis` before `nowMillis` (wall clock). Blocking: call it off the
    /// cooperative pool.
    public func refresh(nowMillis now: Int64) throws(StoreError) {
        let due = lastRead.withLock { last in
            guard last == 0 || now - last >= Self.minimumIntervalMillis || now < last else { return false }
            last = now
            return true
        }
        guard due else { return }
        let readings = try LinkReading.all(in: replica, nowMillis: now, nodeRunning: true, peerTimeoutMillis: peerTimeoutMillis, includingUnreachedParent: true)
        for reading in readings {
            let labels = [("peer", "\(reading.peer)"), ("role", reading.role.rawValue)]
            func gauge(_ series: MetricNameDescriptor) -> Gauge { registry.makeGauge(descriptor: series, labels: labels) }
            gauge(.lastContact).set(Double(reading.link.lastContactMillis) / 1000)
            gauge(.pendingOut).set(reading.pendingOut)
            gauge(.pendingIn).set(reading.pendingIn)
            gauge(.lag).set(reading.lagSeconds)
            gauge(.connected).set(reading.state == LinkCondition.connected.rawValue ? 1.0 : 0.0)
            if let offset = reading.link.clockOffsetMillis { gauge(.peerClockOffset).set(Double(offset) / 1000) }
            if let agreed = reading.link.digestAgreed { gauge(.digestsAgree).set(agreed ? 1.0 : 0.0) }
        }
        func nodeGauge(_ series: MetricNameDescriptor) -> Gauge { registry.makeGauge(descriptor: series) }
        nodeGauge(.clockCorrection).set(Double(try replica.clockOffsetMillis()) / 1000)
        nodeGauge(.replicaSize).set(Self.fileSize(replica.path) + Self.fileSize(replica.path + "-wal"))
        nodeGauge(.auditChainLength).set(try replica.auditChainLength())
    }

    /// Bytes of the file at `path`; 0 when it does not exist (no write-ahead log yet).
    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

/// The series /metrics serves besides the engine's: each one's name and HELP line (docs/metrics.md).
/// Computed: the descriptor type is not `Sendable`, so it cannot be a stored static.
extension MetricNameDescriptor {
    static var lastContact: Self {
        Self(
            metricName: "liandong_link_last_contact_timestamp_seconds", unitName: "",
            helpText: "When the peer was last heard from (最近联系), seconds since the epoch; 0: never.")
    }
    static var pendingOut: Self {
        Self(
            metricName: "liandong_link_pending_out_changes", unitName: "", helpText: "Changes this node holds that the peer has not acknowledged (待发).")
    }
    static var pendingIn: Self {
        Self(
            metricName: "liandong_link_pending_in_changes", unitName: "", helpText: "Rows the peer said it still held for this node when last heard (待收).")
    }
    static var lag: Self {
        Self(
            metricName: "liandong_link_lag_seconds", unitName: "",
            helpText: "How long the oldest change the peer does not hold yet has been waiting (滞后); 0: nothing waits.")
    }
    static var connected: Self {
        Self(
            metricName: "liandong_link_connected", unitName: "", helpText: "1 while a session with the peer is open and the peer is heard, else 0.")
    }
    static var peerClockOffset: Self {
        Self(
            metricName: "liandong_link_peer_clock_offset_seconds", unitName: "",
            helpText: "The peer's time minus this node's system clock, last measured (对端时钟偏差).")
    }
    static var digestsAgree: Self {
        Self(
            metricName: "liandong_link_digests_agree", unitName: "",
            helpText: "1 when the last digest comparison found both replicas equal (数据一致), 0 when they differed.")
    }
    static var clockCorrection: Self {
        Self(
            metricName: "liandong_clock_correction_seconds", unitName: "",
            helpText: "What this node adds to its system clock to get its parent's time (时钟校正); 0 at the city.")
    }
    static var replicaSize: Self {
        Self(
            metricName: "liandong_replica_size_bytes", unitName: "", helpText: "The replica file and its write-ahead log on disk, in bytes.")
    }
    static var auditChainLength: Self {
        Self(metricName: "liandong_audit_chain_length", unitName: "", helpText: "Entries in the audit chain (审计日志).")
    }
    static var ready: Self {
        Self(
            metricName: "liandong_ready", unitName: "", helpText: "1 once the node's replica is open and its sockets are bound, 0 before that and while stopping.")
    }
}
