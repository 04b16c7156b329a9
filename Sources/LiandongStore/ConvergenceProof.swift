import LiandongCore

/// The convergence proof of a tree (Protocols/SPEC.md §17.1): for every node, a digest of what it should hold
/// (every row whose scope is on its root path, personal data masked above the privacy ceiling)
/// against a digest of what it holds.
///
/// What a node should hold is taken from the nodes that see each scope whole: the city for rows
/// scoped to the city, each district for rows scoped inside its subtree (the district sees all of
/// it raw). The proof is therefore only as strong as those sources: they are checked too, since
/// each district must hold what the city and its own subtree say, and the city what every
/// district says (masked).
public enum ConvergenceProof {
    public struct NodeReport: Sendable, Hashable {
        public var node: NodeID
        public var expectedRows: Int
        public var heldRows: Int
        public var expectedDigest: String
        public var heldDigest: String
        public var converged: Bool { expectedDigest == heldDigest }
    }

    /// Checks every replica of one tree. `replicas` must include the city and every district;
    /// `privacyKey` is the city's key, to recompute what the city should hold (nil: the key the
    /// districts were opened with).
    public static func check(_ replicas: [Replica], privacyKey: PrivacyKey? = nil) throws(StoreError) -> [NodeReport] {
        guard let city = replicas.first(where: { $0.node.tier == .city }) else {
            throw StoreError(.invalidChange, "a convergence proof needs the city's replica")
        }
        let schema = city.schema
        let districts = replicas.filter { $0.node.tier == .district }
        let key = privacyKey ?? districts.lazy.compactMap(\.privacyKey).first
        // Source rows per table: (scope, row).
        var sources: [[(scope: NodeID?, row: [ColumnValue])]] = []
        for table in schema.tables {
            let keyCount = table.primaryKey.count
            let scopeAt = table.scopeIndex.map { keyCount + $0 }
            var rows: [(scope: NodeID?, row: [ColumnValue])] = []
            func scope(_ row: [ColumnValue]) -> NodeID? { scopeAt.flatMap { row[$0].integerValue }.map(NodeID.init(rawValue:)) }
            for row in try city.dump(table: table.name) where scopeAt == nil || scope(row) == city.node {
                rows.append((scope(row), row))
            }
            if scopeAt != nil {
                for district in districts {
                    for row in try district.dump(table: table.name) {
                        if let s = scope(row), district.node.isAncestorOrSelf(of: s) { rows.append((s, row)) }
                    }
                }
            }
            sources.append(rows)
        }
        return try replicas.map { replica throws(StoreError) in
            var expected = FNV1a()
            var held = FNV1a()
            var expectedCount = 0
            var heldCount = 0
            for (index, table) in schema.tables.enumerated() {
                let projection = PrivacyProjection(table)
                let keyCount = table.primaryKey.count
                var rows = sources[index].filter { $0.scope.map { table.isVisible(scope: $0, at: replica.node) } ?? true }.map(\.row)
                if replica.node.tier < PrivacyProjection.ceiling, !projection.isEmpty, let key {
                    rows = rows.map { row in
                        let change = RowChange(
                            table: index, key: Array(row[..<keyCount]), causalLength: 1, values: Array(row[keyCount...]),
                            versions: CompactVersions(base: CellVersion(hlc: .zero, origin: replica.node)))
                        return change.key + projection.maskedForAbove(change, key: key).values
                    }
                }
                let mine = try replica.dump(table: table.name)
                expectedCount += rows.count
                heldCount += mine.count
                for row in sorted(rows, keyCount) { expected.mix(table.name + "|" + row.map(\.description).joined(separator: "|") + "\n") }
                for row in sorted(mine, keyCount) { held.mix(table.name + "|" + row.map(\.description).joined(separator: "|") + "\n") }
            }
            return NodeReport(node: replica.node, expectedRows: expectedCount, heldRows: heldCount, expectedDigest: expected.hex, heldDigest: held.hex)
        }
    }

    static func sorted(_ rows: [[ColumnValue]], _ keyCount: Int) -> [[ColumnValue]] {
        rows.map { (Array($0[..<keyCount].map(\.description).joined(separator: "\u{1F}").utf8), $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            .map(\.1)
    }
}
