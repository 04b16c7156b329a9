import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync

/// What the console shows, read from a replica in one go for one page. Every reading goes
/// through the code the command line uses, so that both say the same: links through
/// `LinkReading` (as `liandong status`), statistics through `SupervisionStatistics.compute` (as
/// `liandong stats`), refusals from `_ld_reject`.
enum ConsoleReading {
    /// A node of the tree (节点树): the replica's own node and every node of its subtree it knows of.
    struct TreeNode: Sendable {
        var node: NodeID
        /// The region's name (the `region` table), where the replica holds it.
        var name: String?
        /// The link to this node when it is a direct peer.
        var link: LinkReading?
        /// The child link through which this node's rows arrive (a node below a direct child).
        var via: NodeID?
        /// Cases (办件) registered at this node (`case_accept.scope`) that the replica holds.
        var cases: Int
    }

    /// The tree: the replica's node first, then depth first, children ordered by code; and the
    /// parent link apart (the parent is outside the subtree).
    struct Tree: Sendable {
        var root: NodeID
        var running: Bool
        var nodes: [TreeNode]
        var parentLink: LinkReading?
        /// Depth below the root, per node.
        func depth(_ node: NodeID) -> Int { node.tier.rawValue - root.tier.rawValue }
    }

    /// Region code → name, from the `region` table (empty when it has none).
    static func regionNames(_ db: Database) throws -> [String: String] {
        guard try db.tableExists("region") else { return [:] }
        var names: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT region_code, name FROM region") { names[row[0]] = row[1] }
        return names
    }

    /// The node tree of `replica`'s subtree at wall-clock `nowMillis`.
    static func tree(_ replica: Replica, path: String, nowMillis: Int64) throws -> Tree {
        let root = replica.node
        let running = NodeLock.isHeld(path: NodeConfiguration.lockPath(forReplica: path))
        let readings = try LinkReading.all(in: replica, nowMillis: nowMillis, nodeRunning: running, includingUnreachedParent: true)
        let range = root.subtreeRange
        let (names, cases) = try replica.read { db -> ([String: String], [Int64: Int]) in
            var cases: [Int64: Int] = [:]
            if try db.tableExists("case_accept") {
                for row in try Row.fetchAll(
                    db, sql: "SELECT scope, count(*) FROM case_accept WHERE scope BETWEEN ? AND ? GROUP BY scope", arguments: [range.lowerBound, range.upperBound])
                {
                    cases[row[0]] = row[1]
                }
            }
            return (try regionNames(db), cases)
        }
        var known: Set<NodeID> = [root]
        for code in names.keys {
            if let node = try? NodeID(validating: code), root.isAncestorOrSelf(of: node) { known.insert(node) }
        }
        for scope in cases.keys { known.insert(NodeID(rawValue: scope)) }
        for reading in readings where root.isAncestorOrSelf(of: reading.peer) { known.insert(reading.peer) }
        // Every known node's ancestors up to the root, so that the tree has no gaps.
        for node in known { for ancestor in node.ancestorsOrSelf where root.isAncestorOrSelf(of: ancestor) { known.insert(ancestor) } }
        var children: [NodeID: [NodeID]] = [:]
        for node in known where node != root { if let parent = node.parentCode { children[parent, default: []].append(node) } }
        let links = Dictionary(readings.map { ($0.peer, $0) }, uniquingKeysWith: { first, _ in first })
        let childPeers = readings.filter { $0.role == .child }.map(\.peer)
        var ordered: [TreeNode] = []
        func visit(_ node: NodeID) {
            let via = node == root || links[node] != nil ? nil : childPeers.first { $0.isAncestorOrSelf(of: node) }
            ordered.append(TreeNode(node: node, name: names[node.description], link: links[node], via: via, cases: cases[node.rawValue] ?? 0))
            for child in (children[node] ?? []).sorted() { visit(child) }
        }
        visit(root)
        let parentLink = readings.first { $0.role == .parent }
        return Tree(root: root, running: running, nodes: ordered, parentLink: parentLink)
    }

    /// One supervision alert (电子监察预警) with its answer.
    struct Alert: Sendable {
        var id: String
        var rule: String
        var color: String
        var subject: String?
        var projectNo: String?
        var scope: Int64
        var raisedAt: String
        var dueDate: String?
        var responsibleNode: Int64?
        var raisedBy: Int64?
        var response: String?
        var answeredAt: String?
        var closedAt: String?
    }

    /// The alerts of `root`'s subtree, newest first, at most `limit`, and how many there are.
    static func alerts(_ db: Database, root: NodeID, limit: Int) throws -> (count: Int, alerts: [Alert]) {
        guard try db.tableExists("supervision_alert") else { return (0, []) }
        let range = root.subtreeRange
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM supervision_alert WHERE scope BETWEEN ? AND ?", arguments: [range.lowerBound, range.upperBound]) ?? 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT alert_id, rule, color, subject, project_no, scope, raised_at, due_date, responsible_node, raised_by, response, answered_at, closed_at
                FROM supervision_alert WHERE scope BETWEEN ? AND ? ORDER BY raised_at DESC, alert_id LIMIT ?
                """,
            arguments: [range.lowerBound, range.upperBound, limit])
        return (
            count,
            rows.map { row in
                Alert(
                    id: row["alert_id"], rule: row["rule"], color: row["color"], subject: row["subject"], projectNo: row["project_no"], scope: row["scope"],
                    raisedAt: row["raised_at"], dueDate: row["due_date"], responsibleNode: row["responsible_node"], raisedBy: row["raised_by"],
                    response: row["response"], answeredAt: row["answered_at"], closedAt: row["closed_at"])
            }
        )
    }

    /// One refused change (拒收, `_ld_reject`).
    struct Refusal: Sendable {
        var atMillis: Int64
        var peer: Int64
        var writer: Int64?
        var table: String
        var column: String?
        var rule: String
        var detail: String
    }

    /// Refusals per rule, and the newest `limit` of them.
    static func refusals(_ db: Database, limit: Int) throws -> (byRule: [(rule: String, count: Int)], newest: [Refusal]) {
        let byRule = try Row.fetchAll(db, sql: "SELECT rule, count(*) FROM _ld_reject GROUP BY rule ORDER BY count(*) DESC, rule").map { (rule: $0[0] as String, count: $0[1] as Int) }
        let newest = try Row.fetchAll(db, sql: "SELECT at_ms, peer, writer, tbl, col, rule, detail FROM _ld_reject ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
            Refusal(atMillis: row[0], peer: row[1], writer: row[2], table: row[3], column: row[4], rule: row[5], detail: row[6])
        }
        return (byRule, newest)
    }
}
