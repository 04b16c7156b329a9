import LiandongCore

/// The statements the store runs against one replicated table, built once from its declaration.
/// A class, not a struct: the merge reads one per row, and a copy would retain its ~30 strings.
final class TableSQL: Sendable {
    let spec: TableSpec
    let index: Int
    let tomb: String
    let columnIndex: [String: Int]
    /// key…, columns…, _ld_cl, _ld_hlc, _ld_org, _ld_cc, _ld_seq, _ld_cs, _ld_src
    let selectLive: String
    /// _ld_cl, _ld_hlc, _ld_org[, scope]
    let selectTomb: String
    /// Whether the table holds any tombstone.
    let anyTomb: String
    /// Index of the scope column among the non-key columns (nil: unscoped table).
    let scopeIndex: Int?
    /// _ld_seq, key…, columns…, _ld_cl, _ld_hlc, _ld_org, _ld_cc, _ld_cs — rows changed in (?1, ?2], not from peer ?3,
    /// at most ?4; for a scoped table only rows visible to the peer (`visibleTo` from ?5).
    /// (Queries on the live table repeat `_ld_seq > 0` so that SQLite can use the partial index.)
    let changedLive: String
    /// _ld_seq, key…, _ld_cl, _ld_hlc, _ld_org[, scope] — deletions, parameters as `changedLive`
    let changedTombs: String
    /// As `changedLive` and `changedTombs`, every row changed after ?1 (no peer, no limit).
    let statesLive: String
    let statesTombs: String
    let countChanged: String
    /// The oldest clock among rows pending for a peer (parameters as `countChanged`).
    let oldestChanged: String
    /// key…, columns…, _ld_cl, _ld_hlc, _ld_org, _ld_cc — every stamped live row visible to the
    /// peer (`visibleTo` from ?1); and _ld_seq, key…, _ld_cl, _ld_hlc, _ld_org[, scope] — every
    /// deletion visible to it. What a digest covers (`Replica.digest`).
    let digestLive: String
    let digestTombs: String
    /// The visibility filter alone (` AND …`, parameters from ?1 as `visibility` binds them; empty
    /// for an unscoped table): what a snapshot for a new child copies (`Replica.bootstrap`).
    let visibleFromFirst: String
    /// key…, columns…, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_cc, _ld_src, _ld_cs
    let upsertLive: String
    let deleteLive: String
    /// key…, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src
    let upsertTomb: String
    /// Stamps the unstamped rows with rowids in [?1, ?2] as fresh local inserts: stamp
    /// ?3 + (rowid − ?1), clock ?5 + (rowid − ?1), origin ?4, causal length continued from the
    /// key's tombstone.
    let stampInserts: String
    /// `stampInserts` for a table that has no tombstone at all (the usual case): causal length 1,
    /// or the table's re-insert floor once tombstones were collected, without a tombstone look-up
    /// per row (a third of the stamp's cost).
    let stampInsertsUnburied: String
    /// Whether the table has any tombstone.
    let hasTombstones: String
    /// Stamps the row with key ?1…?k if it is still unstamped, as a fresh local insert with stamp
    /// ?(k+1), clock ?(k+2) and origin ?(k+3) (a merge meeting another program's insert).
    let stampKey: String
    /// The rowids of rows still unstamped, ascending (a full scan: rows inserted by other programs).
    let unstampedRowids: String
    /// Whether any row is still unstamped (a full scan when none is).
    let anyUnstamped: String
    /// Columns an upgrade appended in place (docs/upgrades.md), by index, with the node's clock
    /// when it did. Such a column was never written in the rows the file held then, and adding it
    /// rewrote none of them: in `_ld_cc` a late column without an entry has the never-written
    /// version (clock 0, origin 0) when the row's base clock is below that clock, and the base
    /// version otherwise (a row stored or inserted since). `store` writes an entry wherever the
    /// rule would read another version than the row's.
    let lateColumns: [Int: Int64]

    /// How many code ranges the visibility filter has (`visible(_:)`): one without moves, else
    /// enough for any node's subtree in the tree (`RegionTree.subtreeIntervals`).
    let ranges: Int

    /// The code ranges a visibility filter needs for `tree`.
    static func ranges(for tree: RegionTree) -> Int { 1 + 2 * tree.moves.count }

    /// The arguments that bind `visible(_:)`'s parameters for `peer`: its subtree's code ranges
    /// (padded with empty ones to `ranges`), then its four ancestors-or-self (the last repeated).
    static func visibility(to peer: NodeID, in tree: RegionTree = .prefix, ranges: Int = 1) -> [Int64] {
        var ancestors = tree.ancestorsOrSelf(of: peer).map(\.rawValue)
        while ancestors.count < 4 { ancestors.append(ancestors.last!) }
        var bounds: [Int64] = []
        for range in tree.subtreeIntervals(of: peer).prefix(ranges) { bounds += [range.lowerBound, range.upperBound] }
        while bounds.count < 2 * ranges { bounds += [1, 0] }
        return bounds + ancestors
    }

    /// True for a tombstone of `spec` that stands for a deletion: its key has no live row (else it
    /// is only history). `database` names an attached database holding both tables.
    static func buried(_ spec: TableSpec, tomb: String, in database: String? = nil) -> String {
        let live = database.map { "\($0).\(spec.name)" } ?? spec.name
        let tomb = database.map { "\($0).\(tomb)" } ?? tomb
        return "NOT EXISTS (SELECT 1 FROM \(live) WHERE \(spec.primaryKey.map { "\(live).\($0.name) = \(tomb).\($0.name)" }.joined(separator: " AND ")))"
    }

    /// The number of parameters `visibility` binds.
    var visibilityCount: Int { 2 * ranges + 4 }

    init(_ spec: TableSpec, index: Int, ranges: Int = 1, lateColumns: [String: Int64] = [:]) {
        self.spec = spec
        self.ranges = ranges
        self.index = index
        let tomb = ChangeCaptureSQL.tombName(spec)
        self.tomb = tomb
        let columnIndex = Dictionary(uniqueKeysWithValues: spec.columns.enumerated().map { ($1.name, $0) })
        self.columnIndex = columnIndex
        self.lateColumns = Dictionary(uniqueKeysWithValues: lateColumns.compactMap { name, since in columnIndex[name].map { ($0, since) } })
        self.scopeIndex = spec.scopeIndex
        let scope = spec.scopeColumn
        let tombScope = scope.map { ", \($0)" } ?? ""
        // Protocols/SPEC.md §17.1: a row is visible to a peer when its scope lies in the peer's subtree or on
        // the peer's path to the root (at most four ancestors-or-self).
        // An upward table's rows go only to the scope's ancestors-or-self: scopes in the peer's subtree.
        let upward = spec.flow == .upward
        // With moves (SPEC §20) a subtree is several code ranges, one BETWEEN each.
        func visible(_ first: Int) -> String {
            guard let scope else { return "" }
            let subtree = (0..<ranges).map { "\(scope) BETWEEN ?\(first + 2 * $0) AND ?\(first + 2 * $0 + 1)" }.joined(separator: " OR ")
            let a = first + 2 * ranges
            if upward { return " AND (\(subtree)) AND ?\(a) + ?\(a + 1) + ?\(a + 2) + ?\(a + 3) IS NOT NULL" }
            return " AND (\(subtree) OR \(scope) IN (?\(a), ?\(a + 1), ?\(a + 2), ?\(a + 3)))"
        }
        let keys = spec.primaryKey.map(\.name)
        let columns = spec.columns.map(\.name)
        let keyWhere = keys.map { "\($0) = ?" }.joined(separator: " AND ")
        // A tombstone is a deletion only while its key has no live row.
        let buried = Self.buried(spec, tomb: tomb)
        let liveColumns = (keys + columns).joined(separator: ", ")
        selectLive = "SELECT \(liveColumns), _ld_cl, _ld_hlc, _ld_org, _ld_cc, _ld_seq, _ld_cs, _ld_src, rowid FROM \(spec.name) WHERE \(keyWhere)"
        anyTomb = "SELECT EXISTS (SELECT 1 FROM \(tomb))"
        selectTomb = "SELECT _ld_cl, _ld_hlc, _ld_org\(tombScope) FROM \(tomb) WHERE \(keyWhere)"
        changedLive = """
            SELECT _ld_seq, \(liveColumns), _ld_cl, _ld_hlc, _ld_org, _ld_cc, _ld_cs FROM \(spec.name)
            WHERE _ld_seq > 0 AND _ld_seq > ?1 AND _ld_seq <= ?2 AND _ld_src IS NOT ?3\(visible(5)) ORDER BY _ld_seq LIMIT ?4
            """
        changedTombs = """
            SELECT _ld_seq, \(keys.joined(separator: ", ")), _ld_cl, _ld_hlc, _ld_org\(tombScope) FROM \(tomb)
            WHERE _ld_seq > ?1 AND _ld_seq <= ?2 AND _ld_src IS NOT ?3 AND \(buried)\(visible(5)) ORDER BY _ld_seq LIMIT ?4
            """
        statesLive = "SELECT _ld_seq, \(liveColumns), _ld_cl, _ld_hlc, _ld_org, _ld_cc FROM \(spec.name) WHERE _ld_seq > 0 AND _ld_seq > ?1"
        statesTombs = "SELECT _ld_seq, \(keys.joined(separator: ", ")), _ld_cl, _ld_hlc, _ld_org\(tombScope) FROM \(tomb) WHERE _ld_seq > ?1 AND \(buried)"
        countChanged = """
            SELECT (SELECT count(*) FROM \(spec.name) WHERE _ld_seq > 0 AND _ld_seq > ?1 AND _ld_src IS NOT ?2\(visible(3)))
                 + (SELECT count(*) FROM \(tomb) WHERE _ld_seq > ?1 AND _ld_src IS NOT ?2 AND \(buried)\(visible(3)))
            """
        oldestChanged = """
            SELECT min(stamp) FROM (SELECT min(_ld_hlc) AS stamp FROM \(spec.name) WHERE _ld_seq > 0 AND _ld_seq > ?1 AND _ld_src IS NOT ?2\(visible(3))
                UNION ALL SELECT min(_ld_hlc) FROM \(tomb) WHERE _ld_seq > ?1 AND _ld_src IS NOT ?2 AND \(buried)\(visible(3)))
            """
        let visibleFromFirst = visible(1)
        self.visibleFromFirst = visibleFromFirst
        digestLive = "SELECT \(liveColumns), _ld_cl, _ld_hlc, _ld_org, _ld_cc FROM \(spec.name) WHERE _ld_seq > 0\(visibleFromFirst)"
        digestTombs = "SELECT _ld_seq, \(keys.joined(separator: ", ")), _ld_cl, _ld_hlc, _ld_org\(tombScope) FROM \(tomb) WHERE \(buried)\(visibleFromFirst)"
        let allLive = keys + columns + ["_ld_cl", "_ld_seq", "_ld_hlc", "_ld_org", "_ld_cc", "_ld_src", "_ld_cs"]
        let updates = (columns + ["_ld_cl", "_ld_seq", "_ld_hlc", "_ld_org", "_ld_cc", "_ld_src", "_ld_cs"])
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        upsertLive = """
            INSERT INTO \(spec.name) (\(allLive.joined(separator: ", "))) VALUES (\(allLive.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(updates)
            """
        let unstamped = ChangeCaptureSQL.unstamped
        let fresh = ChangeCaptureSQL.freshInsert(spec, spec.name)
        stampInserts = """
            UPDATE \(spec.name) SET _ld_seq = ?3 + (rowid - ?1), _ld_hlc = ?5 + (rowid - ?1), _ld_org = ?4, \(fresh)
            WHERE rowid BETWEEN ?1 AND ?2 AND \(unstamped)
            """
        stampInsertsUnburied = """
            UPDATE \(spec.name) SET _ld_seq = ?3 + (rowid - ?1), _ld_hlc = ?5 + (rowid - ?1), _ld_org = ?4, _ld_cl = coalesce(\(ChangeCaptureSQL.reinsertFloor(spec)), 1), _ld_cc = NULL, _ld_cs = NULL, _ld_src = NULL
            WHERE rowid BETWEEN ?1 AND ?2 AND \(unstamped)
            """
        hasTombstones = "SELECT EXISTS (SELECT 1 FROM \(tomb))"
        let k = keys.count
        stampKey = """
            UPDATE \(spec.name) SET _ld_seq = ?\(k + 1), _ld_hlc = ?\(k + 2), _ld_org = ?\(k + 3), \(fresh)
            WHERE \(keys.enumerated().map { "\($1) = ?\($0 + 1)" }.joined(separator: " AND ")) AND \(unstamped)
            """
        unstampedRowids = "SELECT rowid FROM \(spec.name) WHERE \(unstamped) ORDER BY rowid"
        anyUnstamped = "SELECT EXISTS (SELECT 1 FROM \(spec.name) WHERE \(unstamped))"
        deleteLive = "DELETE FROM \(spec.name) WHERE \(keyWhere)"
        upsertTomb = """
            INSERT INTO \(tomb) (\(keys.joined(separator: ", ")), _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src\(tombScope))
            VALUES (\(keys.map { _ in "?" }.joined(separator: ", ")), ?, ?, ?, ?, ?\(scope == nil ? "" : ", ?"))
            ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
                _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = excluded._ld_src\(scope.map { ", \($0) = excluded.\($0)" } ?? "")
            """
    }
}
