import GRDB
import LiandongCore

/// What a node remembers about one peer, durably.
public struct LinkState: Sendable, Hashable {
    public var peer: NodeID
    /// The peer's role relative to this node.
    public var role: LinkRole
    /// This node holds every change of the peer up to this stamp (written with the change data).
    public var cursor: ChangeSeq
    /// The peer acknowledged this node's changes up to this stamp.
    public var acked: ChangeSeq
    /// The peer's newest stamp when last heard.
    public var peerHead: ChangeSeq
    /// Rows the peer still held for this node when last heard.
    public var inboundPending: Int64
    /// Wall-clock milliseconds of the last message from the peer (0: never).
    public var lastContactMillis: Int64
    public var lastError: String?
    /// When `lastError` was recorded (0: never).
    public var errorMillis: Int64
    /// The link as the running node last saw it, and since when.
    public var state: LinkCondition?
    public var stateMillis: Int64
    /// The peer's time minus this node's system clock, as last measured (nil: never).
    public var clockOffsetMillis: Int64?
    /// The last digest comparison (SPEC §16): agreed or not, when it ran, when digests last agreed.
    public var digestAgreed: Bool?
    public var digestCheckedMillis: Int64
    public var digestAgreedMillis: Int64
}

/// How a link stands, as the running node last saw it.
public enum LinkCondition: String, Sendable, Hashable {
    /// The session is open.
    case connected
    /// Nothing heard from the peer for the dead-peer timeout: frozen, stopped or unreachable.
    case lost
    /// The parent refused this node's hello; the node does not retry until restarted.
    case refused
    /// Closed on purpose (the sync window closed, the node stopped).
    case idle
}

extension Replica {
    public func links() throws(StoreError) -> [LinkState] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM _ld_link ORDER BY role DESC, peer").map(LinkState.init(row:))
        }
    }

    public func link(_ peer: NodeID) throws(StoreError) -> LinkState? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]).map(LinkState.init(row:))
        }
    }

    /// Records what was just heard from `peer` (`nowMillis`: when it was heard, or when the
    /// state changed). Nil fields keep their stored value. Waits only briefly for another
    /// writer: this is bookkeeping, written again on the next occasion.
    public func recordContact(
        peer: NodeID, role: LinkRole, nowMillis: Int64, acked: ChangeSeq? = nil, peerHead: ChangeSeq? = nil,
        inboundPending: Int64? = nil, error: String?? = nil, state: LinkCondition? = nil, clockOffsetMillis: Int64? = nil
    ) throws(StoreError) {
        // Contact is the peer's traffic; losing it, being refused or hanging up is not.
        let heard = state == nil || state == .connected ? nowMillis : 0
        try writeWaiting(atMost: Self.bookkeepingBusyMillis) { db in
            let before = try Row.fetchOne(db.cachedStatement(sql: "SELECT acked, state FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue])
            let ackedBefore: Int64 = before?[0] ?? 0
            let stateBefore: String? = before?[1]
            if let acked, acked.rawValue > ackedBefore {
                try appendAudit(.relayed, peer: peer, detail: "\(role) \(peer) acknowledged this node's changes (\(ackedBefore), \(acked.rawValue)]", nowMillis: nowMillis, db)
            }
            if state == .connected, stateBefore != LinkCondition.connected.rawValue {
                try appendAudit(.session, peer: peer, detail: "session with \(role) \(peer) opened", nowMillis: nowMillis, db)
            }
            try db.cachedStatement(sql: "INSERT INTO _ld_link (peer, role) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET role = excluded.role")
                .execute(arguments: [peer.rawValue, role.rawValue])
            try db.cachedStatement(
                sql: """
                    UPDATE _ld_link SET last_contact_ms = max(last_contact_ms, ?), acked = max(acked, coalesce(?, acked)),
                        peer_head = coalesce(?, peer_head), inbound_pending = coalesce(?, inbound_pending),
                        last_error = CASE WHEN ? THEN ? ELSE last_error END,
                        error_ms = CASE WHEN ? THEN ? ELSE error_ms END,
                        state_ms = CASE WHEN ? IS NOT NULL AND state IS NOT ? THEN ? ELSE state_ms END,
                        state = coalesce(?, state), clock_offset_ms = coalesce(?, clock_offset_ms)
                    WHERE peer = ?
                    """
            ).execute(
                arguments: [
                    heard, acked?.rawValue, peerHead?.rawValue, inboundPending, error != nil, error ?? nil, error != nil, nowMillis,
                    state?.rawValue, state?.rawValue, nowMillis, state?.rawValue, clockOffsetMillis, peer.rawValue,
                ])
        }
    }
}

extension Replica {
    /// Records a digest comparison with `peer` (SPEC §16).
    public func recordDigest(peer: NodeID, role: LinkRole, agreed: Bool, nowMillis: Int64) throws(StoreError) {
        try writeWaiting(atMost: Self.bookkeepingBusyMillis) { db in
            try db.cachedStatement(sql: "INSERT INTO _ld_link (peer, role) VALUES (?, ?) ON CONFLICT (peer) DO NOTHING").execute(arguments: [peer.rawValue, role.rawValue])
            try db.cachedStatement(
                sql: """
                    UPDATE _ld_link SET digest_state = ?, digest_checked_ms = ?, digest_agreed_ms = CASE WHEN ? THEN ? ELSE digest_agreed_ms END
                    WHERE peer = ?
                    """
            ).execute(arguments: [agreed ? "agree" : "differ", nowMillis, agreed, nowMillis, peer.rawValue])
        }
    }
}

extension LinkState {
    /// The record of a link to `peer` that has never been made: nothing acknowledged, never
    /// heard from (a village that has not reached its parent yet).
    public init(neverContacted peer: NodeID, role: LinkRole) {
        self.peer = peer
        self.role = role
        cursor = .zero
        acked = .zero
        peerHead = .zero
        inboundPending = 0
        lastContactMillis = 0
        errorMillis = 0
        stateMillis = 0
        digestCheckedMillis = 0
        digestAgreedMillis = 0
    }

    init(row: Row) {
        peer = NodeID(rawValue: row["peer"])
        // Link records hold only the two roles; anything else was written by hand and reads as a child.
        role = LinkRole(rawValue: row["role"] ?? "") ?? .child
        cursor = ChangeSeq(rawValue: row["cursor"])
        acked = ChangeSeq(rawValue: row["acked"])
        peerHead = ChangeSeq(rawValue: row["peer_head"])
        inboundPending = row["inbound_pending"]
        lastContactMillis = row["last_contact_ms"]
        lastError = row["last_error"]
        errorMillis = row["error_ms"] ?? 0
        state = (row["state"] as String?).flatMap(LinkCondition.init(rawValue:))
        stateMillis = row["state_ms"] ?? 0
        clockOffsetMillis = row["clock_offset_ms"]
        digestAgreed = (row["digest_state"] as String?).map { $0 == "agree" }
        digestCheckedMillis = row["digest_checked_ms"] ?? 0
        digestAgreedMillis = row["digest_agreed_ms"] ?? 0
    }
}

extension Replica {
    /// How many changes this node refused (`_ld_reject`), and the oldest `limit` of them.
    public func refusals(limit: Int) throws(StoreError) -> (count: Int64, oldest: [Rejection]) {
        try read { db in
            let count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM _ld_reject") ?? 0
            let oldest = try Row.fetchAll(db, sql: "SELECT writer, tbl, col, rule, detail FROM _ld_reject ORDER BY id LIMIT ?", arguments: [limit]).map { row in
                Rejection(
                    writer: (row["writer"] as Int64?).map(NodeID.init(rawValue:)), table: row["tbl"], column: row["col"],
                    rule: Rejection.Rule(rawValue: row["rule"]) ?? .shape, detail: row["detail"])
            }
            return (count, oldest)
        }
    }
}
