import Foundation
import GRDB
import LiandongCore

/// The region tree a replica works with and the table statements built for it: a tree with moves
/// needs a visibility filter of several code ranges (`TableSQL.ranges(for:)`).
struct TreeState: Sendable {
    var tree: RegionTree
    var tables: [TableSQL]

    /// `lateColumns`: the columns upgrades appended in place (`TableSQL.lateColumns`).
    static func tables(_ schema: ReplicaSchema, tree: RegionTree, lateColumns: [String: [String: Int64]]) -> [TableSQL] {
        let ranges = TableSQL.ranges(for: tree)
        return schema.tables.enumerated().map { index, spec in
            TableSQL(spec, index: index, ranges: ranges, lateColumns: lateColumns[spec.name] ?? [:])
        }
    }
}

/// A local removal of rows this node no longer holds after a re-parenting (区划调整清理,
/// Protocols/SPEC.md §20.4): no stamps, no deletes sent.
public struct PurgeRecord: Sendable, Hashable, CustomStringConvertible {
    public var id: Int64
    public var atMillis: Int64
    /// The move that took the rows off this node's path.
    public var move: RegionMove
    /// Rows (live and deleted keys) removed, by table, tables without any left out.
    public var rows: [String: Int]
    /// Links to peers that are no longer this node's parent or child, removed.
    public var links: [NodeID]

    public var total: Int { rows.values.reduce(0, +) }

    public var description: String {
        let tables = rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let links = self.links.isEmpty ? "" : "; links dropped: \(self.links.map(\.description).joined(separator: ", "))"
        return "move \(move): \(total) rows purged (已清理)\(tables.isEmpty ? "" : " (\(tables))")\(links)"
    }
}

/// What recording or adopting moves did.
public struct MoveOutcome: Sendable {
    /// Moves now part of this node's tree.
    public var adopted: [RegionMove] = []
    /// Moves refused, with the rule each breaks; they change nothing.
    public var refused: [RegionMoveError] = []
    /// The purges the adopted moves caused here.
    public var purges: [PurgeRecord] = []
}

extension Replica {
    /// The moves this node knows (`_ld_move`, one per moved node: the standing decision) and the
    /// purges they caused here (`_ld_purge`). Created when the first move is recorded.
    static let moveTables = """
        CREATE TABLE IF NOT EXISTS _ld_move (
            node INTEGER PRIMARY KEY,
            parent INTEGER NOT NULL,
            decided_ms INTEGER NOT NULL,
            decided_by INTEGER NOT NULL,
            learned_ms INTEGER NOT NULL,
            learned_from INTEGER
        );
        CREATE TABLE IF NOT EXISTS _ld_purge (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            node INTEGER NOT NULL,
            parent INTEGER NOT NULL,
            decided_ms INTEGER NOT NULL,
            decided_by INTEGER NOT NULL,
            rows TEXT NOT NULL,
            links TEXT NOT NULL
        );
        """

    /// The stored moves (none in a file that never recorded one).
    static func storedMoves(_ db: Database) throws -> [RegionMove] {
        guard try db.tableExists("_ld_move") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT node, parent, decided_ms, decided_by FROM _ld_move").map {
            RegionMove(
                node: NodeID(rawValue: $0[0]), parent: NodeID(rawValue: $0[1]), decidedMillis: $0[2], decidedBy: NodeID(rawValue: $0[3]))
        }
    }

    /// The tables' statements and the arguments binding their visibility filter for `peer`, read
    /// together so that both belong to one tree.
    func tablesAndVisibility(to peer: NodeID) -> (tables: [TableSQL], visibility: [Int64]) {
        let state = treeState.withLock { $0 }
        let ranges = state.tables.first?.ranges ?? 1
        return (state.tables, TableSQL.visibility(to: peer, in: state.tree, ranges: ranges))
    }

    /// Records a move this node decides (`liandong reparent`): it must be the move's authority
    /// (an ancestor-or-self of both the old and the new parent) and the move must pass
    /// `RegionTree.check`. Throws the rule it breaks; nothing changes then.
    public func recordMove(_ move: RegionMove, nowMillis: Int64) throws(StoreError) -> MoveOutcome {
        guard move.decidedBy == node else {
            throw StoreError(.invalidChange, "node \(node) records only moves it decides itself; this one names \(move.decidedBy)", path: path)
        }
        do {
            _ = try tree.applying(move)
        } catch {
            throw StoreError(.invalidChange, error.description, path: path)
        }
        let outcome = try adoptMoves([move], from: nil, nowMillis: nowMillis)
        if let refused = outcome.refused.first { throw StoreError(.invalidChange, refused.description, path: path) }
        return outcome
    }

    /// Adopts the moves `source` (this node's parent, from its welcome; nil: decided here)
    /// announced, in decision order (`RegionTree.adopting`). For each adopted move this node
    /// removes, locally, every row whose scope it no longer sees in the new tree but saw in the
    /// old one, drops its links to nodes that are no longer its parent or child, and records
    /// the purge (`_ld_purge`, and the audit log). Refused moves change nothing.
    public func adoptMoves(_ announced: [RegionMove], from source: NodeID?, nowMillis: Int64) throws(StoreError) -> MoveOutcome {
        let node = self.node
        let schema = self.schema
        let start = tree
        let (_, adoptable, refused) = start.adopting(announced)
        guard !adoptable.isEmpty else { return MoveOutcome(refused: refused) }
        let result = try write { db -> (RegionTree, [PurgeRecord]) in
            try db.execute(sql: Replica.moveTables)
            var current = RegionTree(moves: try Replica.storedMoves(db))
            var purges: [PurgeRecord] = []
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            for move in adoptable {
                let next = current.inserting(move)
                try db.execute(
                    sql: """
                        INSERT INTO _ld_move (node, parent, decided_ms, decided_by, learned_ms, learned_from) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (node) DO UPDATE SET parent = excluded.parent, decided_ms = excluded.decided_ms,
                            decided_by = excluded.decided_by, learned_ms = excluded.learned_ms, learned_from = excluded.learned_from
                        """,
                    arguments: [move.node.rawValue, move.parent.rawValue, move.decidedMillis, move.decidedBy.rawValue, nowMillis, source?.rawValue])
                try self.appendAudit(.move, peer: source, detail: "re-parenting (区划调整) \(move)", nowMillis: nowMillis, db)
                var rows: [String: Int] = [:]
                for spec in schema.tables {
                    guard let scope = spec.scopeColumn else { continue }
                    var removed = 0
                    for name in [spec.name, ChangeCaptureSQL.tombName(spec)] {
                        let scopes = try Int64.fetchAll(db, sql: "SELECT DISTINCT \(scope) FROM \(name) WHERE \(scope) IS NOT NULL").map(NodeID.init(rawValue:))
                        let gone = scopes.filter {
                            spec.isVisible(scope: $0, at: node, in: current) && !spec.isVisible(scope: $0, at: node, in: next)
                        }
                        for chunk in stride(from: 0, to: gone.count, by: 500) {
                            let part = gone[chunk..<min(gone.count, chunk + 500)]
                            try db.execute(
                                sql: "DELETE FROM \(name) WHERE \(scope) IN (\(part.map { _ in "?" }.joined(separator: ", ")))",
                                arguments: StatementArguments(part.map(\.rawValue)))
                            removed += db.changesCount
                        }
                    }
                    if removed > 0 { rows[spec.name] = removed }
                }
                var dropped: [NodeID] = []
                for link in try Row.fetchAll(db, sql: "SELECT peer, role FROM _ld_link") {
                    let peer = NodeID(rawValue: link[0])
                    let role = LinkRole(rawValue: link[1] ?? "")
                    let stays = role == .child ? next.parent(of: peer) == node : next.parent(of: node) == peer || next.parent(of: node) == current.parent(of: node)
                    if !stays {
                        try db.execute(sql: "DELETE FROM _ld_link WHERE peer = ?", arguments: [peer.rawValue])
                        dropped.append(peer)
                    }
                }
                if !rows.isEmpty || !dropped.isEmpty {
                    let rowsText = rows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                    let linksText = dropped.map(\.description).joined(separator: ",")
                    try db.execute(
                        sql: "INSERT INTO _ld_purge (at_ms, node, parent, decided_ms, decided_by, rows, links) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [nowMillis, move.node.rawValue, move.parent.rawValue, move.decidedMillis, move.decidedBy.rawValue, rowsText, linksText])
                    let record = PurgeRecord(id: db.lastInsertedRowID, atMillis: nowMillis, move: move, rows: rows, links: dropped)
                    try self.appendAudit(.purge, peer: source, detail: record.description, nowMillis: nowMillis, db)
                    purges.append(record)
                }
                current = next
            }
            try db.execute(sql: "DELETE FROM _ld_applying")
            return (current, purges)
        }
        let (tree, purges) = result
        treeState.withLock { $0 = TreeState(tree: tree, tables: TreeState.tables(schema, tree: tree, lateColumns: lateColumns)) }
        for purge in purges {
            logger.info("purged the rows of a moved node's scope (区划调整清理)", metadata: ["move.node": "\(purge.move.node)", "move.parent": "\(purge.move.parent)", "purge.rows": "\(purge.total)"])
        }
        return MoveOutcome(adopted: adoptable.filter { tree.moves[$0.node] == $0 }, refused: refused, purges: purges)
    }

    /// Starts this node's durable cursor on `peer` at `cursor` (never lowering it): a node moved
    /// under a new parent takes the parent's head from its welcome, as the parent starts its
    /// sender there (Protocols/SPEC.md §20.5).
    public func startCursor(on peer: NodeID, role: LinkRole, at cursor: ChangeSeq) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO _ld_link (peer, role, cursor) VALUES (?, ?, ?) ON CONFLICT (peer) DO UPDATE SET cursor = max(cursor, excluded.cursor)",
                arguments: [peer.rawValue, role.rawValue, cursor.rawValue])
        }
    }

    /// The purges recorded here, oldest first.
    public func purges() throws(StoreError) -> [PurgeRecord] {
        try read { db in
            guard try db.tableExists("_ld_purge") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, at_ms, node, parent, decided_ms, decided_by, rows, links FROM _ld_purge ORDER BY id").map { row in
                var rows: [String: Int] = [:]
                for pair in (row[6] as String).split(separator: ",") {
                    let parts = pair.split(separator: "=")
                    if parts.count == 2, let count = Int(parts[1]) { rows[String(parts[0])] = count }
                }
                let links = (row[7] as String).split(separator: ",").compactMap { Int64($0) }.map(NodeID.init(rawValue:))
                return PurgeRecord(
                    id: row[0], atMillis: row[1],
                    move: RegionMove(node: NodeID(rawValue: row[2]), parent: NodeID(rawValue: row[3]), decidedMillis: row[4], decidedBy: NodeID(rawValue: row[5])),
                    rows: rows, links: links)
            }
        }
    }
}
