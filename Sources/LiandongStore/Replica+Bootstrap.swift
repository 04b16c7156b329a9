import Foundation
import GRDB
import LiandongCore
import Logging

/// What `Replica.bootstrap` copied from the parent's replica.
public struct BootstrapReport: Sendable {
    /// The parent, and its head: the new node holds the parent's changes up to it.
    public var parent: NodeID
    public var head: ChangeSeq
    /// Live rows copied, by table (tables with none left out), and deletions (tombstones) copied.
    public var rows: [String: Int] = [:]
    public var deletions = 0
    /// Rows the parent holds with a personal value withheld, which it would not send a child
    /// either (Protocols/SPEC.md §17.4): left out, they come once the parent has them whole.
    public var withheld = 0
    public var seconds = 0.0

    public var totalRows: Int { rows.values.reduce(0, +) }
}

/// The parent's file as a snapshot reads it: its node, schema, tree and late columns.
struct ParentSnapshot: Sendable {
    var node: NodeID
    var schema: ReplicaSchema
    var tree: RegionTree
    var lateColumns: [String: [String: Int64]]
}

extension Replica {
    /// Creates the replica of a new node `node` at `path` from a scope-filtered snapshot of its
    /// parent's replica at `parentPath` (the parent's live file, or a backup of it): one
    /// transaction copies every row state the parent would send the child — live rows and
    /// deletions visible to it (Protocols/SPEC.md §17.1), with their versions, causal lengths and
    /// cell stamps — and sets the child's link to the parent as if it had received all of them:
    /// cursor and delta base at the parent's head. Sync then continues from there; nothing the
    /// snapshot holds travels again (docs/bootstrap.md).
    ///
    /// The copied rows keep the parent's change stamps, which become the child's own (its stamp
    /// counter continues above them), and record the parent as their source, so that they are
    /// never echoed back up. The schema, its late columns, the re-parentings (区划调整) and the
    /// re-insert floors of collected tombstones come with them.
    ///
    /// Refused, with nothing created, when the node is not a child of the file's node in its
    /// tree, when the snapshot would cross the privacy ceiling (a district is bootstrapped from
    /// the city by ordinary sync: the city holds ID numbers only hashed), and when the node is
    /// not new: the parent holds rows of the node's own subtree or has received changes from it
    /// (such a node restores its backup, or starts empty and syncs).
    public static func bootstrap(
        at path: String, node: NodeID, fromParentReplica parentPath: String, logger: Logger, nowMillis: Int64
    ) throws(StoreError) -> (replica: Replica, report: BootstrapReport) {
        let started = Date()
        let parent = try parentIdentity(parentPath)
        guard parent.tree.isChild(node, of: parent.node) else {
            throw StoreError(
                .refused,
                "refused: node \(node) is not a child of node \(parent.node) (the replica at \(parentPath)) in its region tree; a new node is bootstrapped (快照初始化) from its own parent's replica",
                path: parentPath)
        }
        guard !crossesPrivacyCeiling(node, parent.node) else {
            throw StoreError(
                .refused,
                "refused: a snapshot from the city to district \(node) would cross the privacy ceiling (个人信息脱敏边界); initialise the district empty (`liandong init`) and let it sync",
                path: parentPath)
        }
        if DurableFiles.exists(path) {
            throw StoreError(.alreadyInitialised, "refused: \(path) exists; a snapshot (快照初始化) is written only as a new replica file", path: path)
        }
        let created = try create(at: path, node: node, schema: parent.schema, logger: logger)
        do throws(StoreError) {
            var report = try created.copySnapshot(of: parent, from: parentPath, nowMillis: nowMillis)
            let replica = try created.reopened()
            report.seconds = Date().timeIntervalSince(started)
            logger.info(
                "replica bootstrapped from the parent's snapshot (快照初始化)",
                metadata: [
                    "replica.path": "\(path)", "node.id": "\(node)", "peer.id": "\(parent.node)", "snapshot.head": "\(report.head.rawValue)",
                    "snapshot.rows": "\(report.totalRows)", "snapshot.deletions": "\(report.deletions)", "snapshot.withheld": "\(report.withheld)",
                ])
            return (replica, report)
        } catch {
            try? created.pool.close()
            DurableFiles.removeLeftovers(path)
            throw error
        }
    }

    /// The parent's node, schema and tree, read through a read-only connection.
    private static func parentIdentity(_ parentPath: String) throws(StoreError) -> ParentSnapshot {
        guard DurableFiles.exists(parentPath) else {
            throw StoreError(.notInitialised, "no parent replica here to take a snapshot (快照) of", path: parentPath)
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(Double(Replica.busyMillis) / 1000)
            let queue = try DatabaseQueue(path: parentPath, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("_ld_clock"), let code = try Int64.fetchOne(db, sql: "SELECT node FROM _ld_clock"),
                    let schema = try StoredSchema.read(db)
                else {
                    throw StoreError(.notAReplica, "this file is not a Liandong replica: no snapshot (快照) can be taken of it", path: parentPath)
                }
                return ParentSnapshot(
                    node: NodeID(rawValue: code), schema: schema, tree: RegionTree(moves: try storedMoves(db)), lateColumns: try StoredSchema.lateColumns(db))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: parentPath, doing: "reading the parent's replica for a snapshot (快照)")
        }
    }

    /// Copies, in one transaction of this new replica, what the parent's file holds for this
    /// node, with the parent's file attached for the transaction's length (its reads are one
    /// snapshot of it).
    private func copySnapshot(
        of parent: ParentSnapshot, from parentPath: String, nowMillis: Int64
    ) throws(StoreError) -> BootstrapReport {
        let node = self.node
        let tables = TreeState.tables(schema, tree: parent.tree, lateColumns: parent.lateColumns)
        let visibility = TableSQL.visibility(to: node, in: parent.tree, ranges: TableSQL.ranges(for: parent.tree))
        let subtree = parent.tree.subtreeIntervals(of: node)
        let projections = privacyProjections
        let log = insertLog
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS ld_parent", arguments: [parentPath])
                defer { try? db.execute(sql: "DETACH DATABASE ld_parent") }
                var report = BootstrapReport(parent: parent.node, head: .zero)
                // Copied as a merge stores rows: every trigger would stand aside (`withTriggersOff`).
                try Self.withTriggersOff(db) { try db.inTransaction(.immediate) {
                    log.clear()
                    guard try Int64.fetchOne(db, sql: "SELECT node FROM ld_parent._ld_clock") == parent.node.rawValue else {
                        throw StoreError(.refused, "refused: the parent's replica changed while the snapshot (快照) was taken; try again", path: parentPath)
                    }
                    try Self.refuseIfNotNew(node, tables: tables, subtree: subtree, db, parentPath: parentPath)
                    let head = try Int64.fetchOne(db, sql: "SELECT seq FROM ld_parent._ld_clock") ?? 0
                    report.head = ChangeSeq(rawValue: head)
                    try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
                    for table in tables {
                        let arguments = StatementArguments(table.scopeIndex == nil ? [] : visibility)
                        try db.execute(sql: Self.copyLive(table, from: parent.node), arguments: arguments)
                        if db.changesCount > 0 { report.rows[table.spec.name] = db.changesCount }
                        try db.execute(sql: Self.copyTombs(table, from: parent.node), arguments: arguments)
                        report.deletions += db.changesCount
                        if !projections[table.index].isEmpty {
                            let withheld = try Self.dropWithheld(table, projection: projections[table.index], db)
                            report.withheld += withheld
                            if withheld > 0 { report.rows[table.spec.name]! -= withheld }
                        }
                    }
                    try Self.copyBookkeeping(from: parent.node, head: head, nowMillis: nowMillis, db)
                    try db.execute(sql: "DELETE FROM _ld_applying")
                    log.clear()
                    return .commit
                } }
                return report
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: path, doing: "copying the parent's snapshot (快照) into the new replica")
        }
    }

    /// Refuses a node the parent already holds rows of, or has heard from: a snapshot is for a
    /// node that starts with nothing of its own.
    private static func refuseIfNotNew(_ node: NodeID, tables: [TableSQL], subtree: [ClosedRange<Int64>], _ db: Database, parentPath: String) throws {
        if let cursor = try Int64.fetchOne(db, sql: "SELECT cursor FROM ld_parent._ld_link WHERE peer = ?", arguments: [node.rawValue]), cursor > 0 {
            throw StoreError(
                .refused,
                "refused: the parent has received changes from node \(node) already (cursor \(cursor)): it is not a new node; restore its backup (恢复) or initialise it empty and let it sync",
                path: parentPath)
        }
        let ranges = subtree.map { _ in "BETWEEN ? AND ?" }
        let bounds = StatementArguments(subtree.flatMap { [$0.lowerBound, $0.upperBound] })
        for table in tables {
            guard let scope = table.spec.scopeColumn else { continue }
            let inSubtree = ranges.map { "\(scope) \($0)" }.joined(separator: " OR ")
            for source in [table.spec.name, table.tomb] {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ld_parent.\(source) WHERE \(inSubtree))", arguments: bounds) == true else { continue }
                throw StoreError(
                    .refused,
                    "refused: the parent holds rows of \(table.spec.name) in node \(node)'s own scope: it is not a new node; restore its backup (恢复) or initialise it empty and let it sync",
                    path: parentPath)
            }
        }
    }

    /// Copies the parent's stamped live rows visible to this node, recording the parent as their source.
    static func copyLive(_ table: TableSQL, from parent: NodeID) -> String {
        let columns = (table.spec.primaryKey + table.spec.columns).map(\.name) + ["_ld_cl", "_ld_seq", "_ld_hlc", "_ld_org", "_ld_cc", "_ld_cs"]
        let list = columns.joined(separator: ", ")
        return """
            INSERT INTO main.\(table.spec.name) (\(list), _ld_src)
            SELECT \(list), \(parent.rawValue) FROM ld_parent.\(table.spec.name) WHERE _ld_seq > 0\(table.visibleFromFirst)
            """
    }

    /// Copies the parent's deletions visible to this node: tombstones of keys it holds no live row of.
    static func copyTombs(_ table: TableSQL, from parent: NodeID) -> String {
        let keys = table.spec.primaryKey.map(\.name)
        let scope = table.spec.scopeColumn.map { ", \($0)" } ?? ""
        let list = keys.joined(separator: ", ") + ", _ld_cl, _ld_seq, _ld_hlc, _ld_org"
        let buried = TableSQL.buried(table.spec, tomb: table.tomb, in: "ld_parent")
        return """
            INSERT INTO main.\(table.tomb) (\(list), _ld_src\(scope))
            SELECT \(list), \(parent.rawValue)\(scope) FROM ld_parent.\(table.tomb) WHERE \(buried)\(table.visibleFromFirst)
            """
    }

    /// Removes the copied rows with a personal value withheld (the parent holds them back from
    /// its children until it has them whole), returning how many.
    private static func dropWithheld(_ table: TableSQL, projection: PrivacyProjection, _ db: Database) throws -> Int {
        let columns = (table.spec.primaryKey + table.spec.columns).map(\.name).joined(separator: ", ")
        let candidates = try IndexedRowCursor(
            try db.makeStatement(
                sql: "SELECT \(columns), _ld_cl, _ld_hlc, _ld_org, _ld_cc FROM main.\(table.spec.name) WHERE \(ChangeCaptureSQL.mayHoldWithheldCell("main.\(table.spec.name)"))"),
            arguments: [])
        var withheld: [[ColumnValue]] = []
        while let row = try candidates.next() {
            let change = table.liveState(row, from: 0)
            if projection.hasWithheldCell(change) { withheld.append(change.key) }
        }
        let delete = try db.makeStatement(sql: table.deleteLive)
        for key in withheld { try delete.execute(arguments: StatementArguments(key.map(\.databaseValue))) }
        return withheld.count
    }

    /// The bookkeeping that goes with the rows: the clock and stamp counter above everything
    /// copied, the tree's moves, the re-insert floors and late columns, and the link to the parent
    /// at its head, with the delta base there too (every cell of those rows is held here).
    private static func copyBookkeeping(from parent: NodeID, head: Int64, nowMillis: Int64, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE main._ld_clock SET hlc = max(hlc, (SELECT hlc FROM ld_parent._ld_clock)), seq = max(seq, (SELECT seq FROM ld_parent._ld_clock))")
        func parentHas(_ table: String) throws -> Bool {
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ld_parent.sqlite_master WHERE type = 'table' AND name = ?)", arguments: [table]) ?? false
        }
        if try parentHas("_ld_move") {
            try db.execute(sql: moveTables)
            try db.execute(
                sql: "INSERT INTO main._ld_move (node, parent, decided_ms, decided_by, learned_ms, learned_from) SELECT node, parent, decided_ms, decided_by, ?, ? FROM ld_parent._ld_move",
                arguments: [nowMillis, parent.rawValue])
        }
        if try parentHas("_ld_reinsert") {
            try db.execute(sql: "INSERT OR REPLACE INTO main._ld_reinsert (tbl, cl) SELECT tbl, cl FROM ld_parent._ld_reinsert")
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO main._ld_setting (key, value) SELECT key, value FROM ld_parent._ld_setting WHERE key = ?",
            arguments: [StoredSchema.lateColumnsKey])
        try db.execute(
            sql: """
                INSERT INTO main._ld_link (peer, role, cursor, peer_head, delta_base) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (peer) DO UPDATE SET role = excluded.role, cursor = excluded.cursor, peer_head = excluded.peer_head, delta_base = excluded.delta_base
                """,
            arguments: [parent.rawValue, LinkRole.parent.rawValue, head, head, head])
    }
}
