import LiandongCore
import LiandongStore

/// One link as read from the replica at a moment: what `liandong status` prints and what
/// /metrics exports (docs/metrics.md). The one place that turns a stored `LinkState` into
/// pending counts, lag and a state, so that both say the same.
public struct LinkReading: Sendable, Hashable {
    /// The stored record.
    public var link: LinkState
    /// Changes this node holds that the peer has not acknowledged (待发 pending out).
    public var pendingOut: Int64
    /// Rows the peer said it still held for this node when last heard (待收 pending in).
    public var pendingIn: Int64
    /// How long the oldest change the peer does not hold yet has been waiting (滞后 lag), in
    /// seconds; 0 when nothing waits.
    public var lagSeconds: Double
    /// Seconds since the peer was last heard from (nil: never).
    public var secondsSinceContact: Int64?
    /// connected, lost, refused, idle, never, unknown, or silent (the peer has been silent for two
    /// dead-peer timeouts while connected, beyond the interval at which a live link's contact is
    /// written) or stopped (this node is not running).
    public var state: String
    /// Seconds in `state` (nil: unknown).
    public var secondsInState: Int64?

    /// The peer's node id.
    public var peer: NodeID { link.peer }
    /// The peer's role relative to this node.
    public var role: LinkRole { link.role }

    /// Every link `replica` records, read at wall-clock `nowMillis`. `nodeRunning`: whether the
    /// node that owns the replica runs now (a connected link of a stopped node reads `stopped`).
    /// Ages never go negative: a clock set back since a time was written reads as "just now".
    /// `includingUnreachedParent`: also the link to the parent the region tree names when none is
    /// recorded yet (state `never`), so that a village that has never reached its parent shows
    /// what waits for it and since when.
    public static func all(
        in replica: Replica, nowMillis now: Int64, nodeRunning running: Bool, peerTimeoutMillis: Int64 = SessionConfiguration().peerTimeoutMillis,
        includingUnreachedParent: Bool = false
    ) throws(StoreError) -> [LinkReading] {
        // A live link's contact is written only every `contactRecordMillis`: older than that
        // is not yet a sign of silence.
        let deadAfter = 2 * peerTimeoutMillis + SyncEngine.contactRecordMillis
        var readings: [LinkReading] = []
        var links = try replica.links()
        if includingUnreachedParent, let parent = replica.tree.parent(of: replica.node), !links.contains(where: { $0.peer == parent }) {
            links.insert(LinkState(neverContacted: parent, role: .parent), at: 0)
        }
        for link in links {
            let pendingOut = try replica.pendingCount(for: link.peer, after: link.acked)
            let oldest = try replica.oldestPending(for: link.peer, after: link.acked)
            let lag = oldest.map { Double(max(0, now - $0.millis)) / 1000 } ?? 0
            let sinceContact = link.lastContactMillis == 0 ? nil : max(0, now - link.lastContactMillis) / 1000
            var state = link.state?.rawValue ?? (link.lastContactMillis == 0 ? "never" : "unknown")
            var stateSince = link.stateMillis == 0 ? nil : max(0, now - link.stateMillis) / 1000
            if link.state == .connected, !running || now - link.lastContactMillis > deadAfter {
                state = running ? "silent" : "stopped"
                stateSince = sinceContact
            }
            readings.append(
                LinkReading(
                    link: link, pendingOut: pendingOut, pendingIn: link.inboundPending, lagSeconds: lag, secondsSinceContact: sinceContact, state: state,
                    secondsInState: stateSince))
        }
        return readings
    }
}
