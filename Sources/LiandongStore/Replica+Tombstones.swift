import GRDB
import LiandongCore

/// Tombstone collection (墓碑回收, Protocols/SPEC.md §21): a tombstone is dropped once every node
/// whose scope holds the row has the delete, as the settled marks aggregated up and down the tree
/// say; never by age.
///
/// The bookkeeping, all local to this node:
/// - `_ld_merge_mark (peer, cursor, head)`: a merge of a chunk from `peer` moved the cursor on it to
///   `cursor`, and this node's head after that commit was `head`, written in the merge's own
///   transaction. Marks no longer needed to compute a settled mark are pruned.
/// - `_ld_settled (peer, settled)`: the latest settled mark `peer` sent this node: every node on
///   the peer's side of the link holds this node's changes up to that stamp.
/// - `_ld_setting` key `tombstones.collected`: how many tombstones this node has dropped.
extension Replica {
    static let tombstoneTables = """
        CREATE TABLE IF NOT EXISTS _ld_merge_mark (
            peer INTEGER NOT NULL, cursor INTEGER NOT NULL, head INTEGER NOT NULL, PRIMARY KEY (peer, cursor)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _ld_settled (peer INTEGER PRIMARY KEY, settled INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS _ld_reinsert (tbl TEXT PRIMARY KEY, cl INTEGER NOT NULL) WITHOUT ROWID;
        """

    /// Raises `table`'s re-insert floor (`ChangeCaptureSQL.reinsertFloor`) to one above the causal
    /// lengths `select` yields (one column; no row, no change), in the caller's transaction.
    static func raiseReinsertFloor(_ table: String, above select: String, arguments: StatementArguments, _ db: Database) throws {
        // `| 1`: one above an even (deleted) length, the next odd one for a live length.
        try db.cachedStatement(sql: """
            INSERT INTO _ld_reinsert (tbl, cl) SELECT '\(table)', floor FROM (SELECT (max(cl) + 1) | 1 AS floor FROM (\(select))) WHERE floor IS NOT NULL
            ON CONFLICT (tbl) DO UPDATE SET cl = max(cl, excluded.cl)
            """).execute(arguments: arguments)
    }

    /// The `_ld_setting` key of the count of tombstones collected.
    static let collectedSetting = "tombstones.collected"

    /// Links that count for settling and collection: every peer with a durable link record, the
    /// parent and every child that ever opened a session (from its first session on it may hold
    /// rows, and the stored acknowledgement lags the real one, so it cannot tell "never synced").
    /// A child that never connected has no record, holds nothing of this node and does not count.
    static let countedLinks = "SELECT peer FROM _ld_link"

    /// Records, in a merge's transaction, that the cursor on `peer` is `cursor` with this node's head
    /// at `head`.
    static func recordMergeMark(peer: NodeID, cursor: Int64, head: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO _ld_merge_mark (peer, cursor, head) VALUES (?, ?, ?) ON CONFLICT (peer, cursor) DO UPDATE SET head = max(head, excluded.head)")
            .execute(arguments: [peer.rawValue, cursor, head])
    }

    /// The settled marks each counted link last sent (0 for one that sent none), in the caller's
    /// transaction.
    static func settledByLink(_ db: Database) throws -> [Int64: Int64] {
        var marks: [Int64: Int64] = [:]
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT l.peer, coalesce(s.settled, 0) FROM (\(countedLinks)) l LEFT JOIN _ld_settled s ON s.peer = l.peer"))
        for row in rows { marks[row[0]] = row[1] }
        return marks
    }

    /// The stamp at or below which this node's tombstones may go: the lowest settled mark over all
    /// its counted links; nil (never) for a node with no such link.
    static func collectionThreshold(_ db: Database) throws -> Int64? {
        try settledByLink(db).values.min()
    }

    /// The settled mark this node sends `peer` (SPEC §21.2): the largest cursor on `peer` recorded
    /// with a head that every other counted link has settled; with no other link, the cursor on
    /// `peer` itself.
    public func settledMark(for peer: NodeID) throws(StoreError) -> ChangeSeq {
        try readOnWriter { db in ChangeSeq(rawValue: try Self.settledMark(for: peer, db)) }
    }

    static func settledMark(for peer: NodeID, _ db: Database) throws -> Int64 {
        var others = try settledByLink(db)
        others[peer.rawValue] = nil
        guard let floor = others.values.min() else {
            return try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]) ?? 0
        }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT max(cursor) FROM _ld_merge_mark WHERE peer = ? AND head <= ?"), arguments: [peer.rawValue, floor]) ?? 0
    }

    /// What one round of collection did.
    public struct TombstoneCollection: Sendable, Hashable {
        /// Tombstones dropped in this round.
        public var collected: Int
        /// Tombstones dropped by this node so far, this round included.
        public var total: Int64
        /// The stamp at or below which tombstones were dropped; nil: none may be (no link).
        public var threshold: ChangeSeq?
    }

    /// Stores the settled marks heard from peers (`settled`: the latest per peer; a peer's lower
    /// mark replaces a higher one, the conservative side) and drops every tombstone at or below
    /// the new collection threshold, in one durable transaction. Local: no stamp is taken and
    /// nothing is sent. Also prunes merge marks no settled mark needs any more.
    @discardableResult
    public func collectTombstones(settled: [NodeID: ChangeSeq]) throws(StoreError) -> TombstoneCollection {
        let tables = self.tables
        return try writeWaiting(atMost: Self.bookkeepingBusyMillis) { db in
            for (peer, mark) in settled {
                try db.cachedStatement(sql: "INSERT INTO _ld_settled (peer, settled) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET settled = excluded.settled")
                    .execute(arguments: [peer.rawValue, mark.rawValue])
            }
            var collected = 0
            let threshold = try Self.collectionThreshold(db)
            if let threshold, threshold > 0 {
                for table in tables {
                    // A key inserted again here after this starts above every length dropped (SPEC §21.5).
                    try Self.raiseReinsertFloor(
                        table.spec.name, above: "SELECT _ld_cl AS cl FROM \(table.tomb) WHERE _ld_seq <= ?", arguments: [threshold], db)
                    try db.cachedStatement(sql: "DELETE FROM \(table.tomb) WHERE _ld_seq <= ?").execute(arguments: [threshold])
                    collected += db.changesCount
                }
            }
            // A mark below the newest one a settled mark can use is never needed again.
            let links = try Self.settledByLink(db)
            for peer in try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT peer FROM _ld_merge_mark")) {
                var others = links
                others[peer] = nil
                guard let floor = others.values.min() else {
                    try db.cachedStatement(sql: "DELETE FROM _ld_merge_mark WHERE peer = ?").execute(arguments: [peer])
                    continue
                }
                if let usable = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT max(cursor) FROM _ld_merge_mark WHERE peer = ? AND head <= ?"), arguments: [peer, floor])
                {
                    try db.cachedStatement(sql: "DELETE FROM _ld_merge_mark WHERE peer = ? AND cursor < ?").execute(arguments: [peer, usable])
                }
            }
            var total = Int64(try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM _ld_setting WHERE key = ?"), arguments: [Self.collectedSetting]) ?? "0") ?? 0
            if collected > 0 {
                total += Int64(collected)
                try db.cachedStatement(sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                    .execute(arguments: [Self.collectedSetting, String(total)])
            }
            return TombstoneCollection(collected: collected, total: total, threshold: threshold.map(ChangeSeq.init(rawValue:)))
        }
    }

    /// Tombstones collected by this node so far.
    public func tombstonesCollected() throws(StoreError) -> Int64 {
        Int64(try setting(Self.collectedSetting) ?? "0") ?? 0
    }

    /// Tombstones this node holds now (deleted keys, and the history of keys live again).
    public func tombstoneCount() throws(StoreError) -> Int64 {
        let tables = self.tables
        return try read { db in
            var count: Int64 = 0
            for table in tables { count += try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(table.tomb)") ?? 0 }
            return count
        }
    }

    /// The settled marks stored per peer (for status and tests).
    public func settledMarks() throws(StoreError) -> [NodeID: ChangeSeq] {
        try read { db in
            var marks: [NodeID: ChangeSeq] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT peer, settled FROM _ld_settled") {
                marks[NodeID(rawValue: row[0])] = ChangeSeq(rawValue: row[1])
            }
            return marks
        }
    }
}

/// A row's identity: its table's index and its primary key.
public struct RowKey: Hashable, Sendable {
    public var table: Int
    public var key: [ColumnValue]
    public init(table: Int, key: [ColumnValue]) {
        self.table = table
        self.key = key
    }
}

/// A replica put back from a backup (SPEC §21.6): until its digests agree with a peer it held a
/// link with, a live row that peer lacks entirely and had settled is taken as deleted and
/// collected there, and dropped here instead of being sent back.
extension Replica {
    /// The `_ld_setting` key listing, comma-separated, the peers a restored replica has not yet
    /// agreed with by digest.
    static let restoredSetting = "restored.links"

    /// Marks the replica as restored from a backup, for every link it records.
    public func markRestored() throws(StoreError) {
        try write { db in try Self.markRestored(db) }
    }

    /// As `markRestored()`, in the caller's transaction (the restore command, on the file about to
    /// be put in place).
    public static func markRestored(_ db: Database) throws {
        let peers = try Int64.fetchAll(db, sql: "SELECT peer FROM _ld_link ORDER BY peer")
        guard !peers.isEmpty else { return }
        try db.execute(
            sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [restoredSetting, peers.map(String.init).joined(separator: ",")])
    }

    /// The peers this restored replica has not yet agreed with by digest (empty: not restored).
    public func restoredLinks() throws(StoreError) -> Set<NodeID> {
        let text = try setting(Self.restoredSetting) ?? ""
        return Set(text.split(separator: ",").compactMap { Int64($0) }.map(NodeID.init(rawValue:)))
    }

    /// Digests agreed with `peer`: the restore is over on that link.
    public func restoreReconciled(with peer: NodeID) throws(StoreError) {
        var links = try restoredLinks()
        guard links.remove(peer) != nil else { return }
        try setSetting(Self.restoredSetting, links.isEmpty ? nil : links.map { String($0.rawValue) }.sorted().joined(separator: ","))
    }

    /// The change stamp of each of `rows`' live state here (nil: not live here).
    public func liveStamps(of rows: [RowChange]) throws(StoreError) -> [Int64?] {
        let tables = self.tables
        return try readOnWriter { db in
            try rows.map { row in
                let table = tables[row.table]
                let sql = "SELECT _ld_seq FROM \(table.spec.name) WHERE " + table.spec.primaryKey.map { "\($0.name) = ?" }.joined(separator: " AND ")
                return try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(row.key.map(\.databaseValue)))
            }
        }
    }

    /// Drops `rows` locally, leaving no tombstone and taking no stamp: rows a restored replica
    /// holds that every other node deleted and collected (SPEC §21.6). Returns how many went.
    @discardableResult
    public func dropCollectedElsewhere(_ rows: [RowKey]) throws(StoreError) -> Int {
        let tables = self.tables
        return try onWriter(.immediate, stampsInserts: false, doing: "dropping \(rows.count) rows deleted and collected elsewhere") { db in
            try db.cachedStatement(sql: "INSERT INTO _ld_applying (flag) VALUES (1)").execute()
            var dropped = 0
            for row in rows {
                let table = tables[row.table]
                let keyWhere = table.spec.primaryKey.map { "\($0.name) = ?" }.joined(separator: " AND ")
                let key = StatementArguments(row.key.map(\.databaseValue))
                // Its deletion elsewhere was at least one length above; an insert again goes above that.
                try Self.raiseReinsertFloor(
                    table.spec.name, above: "SELECT _ld_cl + 1 AS cl FROM \(table.spec.name) WHERE \(keyWhere)", arguments: key, db)
                try db.cachedStatement(sql: "DELETE FROM \(table.spec.name) WHERE \(keyWhere)").execute(arguments: key)
                dropped += db.changesCount
            }
            try db.cachedStatement(sql: "DELETE FROM _ld_applying").execute()
            return dropped
        }!
    }
}
