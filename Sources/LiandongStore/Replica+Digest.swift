import GRDB
import LiandongCore

extension Replica {
    /// True when the link between `node` and `peer` crosses the privacy ceiling, so that digests
    /// leave the personal columns out.
    static func crossesPrivacyCeiling(_ a: NodeID, _ b: NodeID) -> Bool {
        let ceiling = PrivacyProjection.ceiling
        return (a.tier >= ceiling) != (b.tier >= ceiling)
    }

    /// The digest of the rows visible to `child` (the child of the link between this node and
    /// `peer`: this node or the peer), as this replica holds them.
    /// With `bridge`, the link speaks an earlier version of the schema (Protocols/SPEC.md §12.1):
    /// the rows as that version holds them, narrowed as chunks to that peer are.
    public func digest(linkWith peer: NodeID, bridge: SchemaBridge? = nil) throws(StoreError) -> LinkDigest {
        let child = peer.tier > node.tier ? peer : node
        let excludePersonal = Self.crossesPrivacyCeiling(node, peer)
        let (tables, visibility) = tablesAndVisibility(to: child)
        return try readOnWriter { db in
            var buckets: [Int64: (rows: Int64, hash: UInt64)] = [:]
            try Self.forEachState(tables: tables, visibility: visibility, db) { table, state in
                guard let (spec, state) = Self.spoken(state, table: table, bridge: bridge) else { return }
                let (bucket, hash) = Self.digestEntry(state, table: spec, index: table.index, excludePersonal: excludePersonal)
                var entry = buckets[bucket] ?? (0, 0)
                entry.rows += 1
                entry.hash &+= hash
                buckets[bucket] = entry
            }
            return LinkDigest(buckets: buckets.map { LinkDigest.Bucket(index: $0.key, rows: $0.value.rows, hash: $0.value.hash) })
        }
    }

    /// The row states visible to the link's child that fall in `buckets`, shaped for `peer` as
    /// chunks are (privacy), echoes included: what this node sends when digests differ.
    public func statesInBuckets(_ buckets: Set<Int64>, linkWith peer: NodeID, bridge: SchemaBridge? = nil) throws(StoreError) -> [RowChange] {
        let child = peer.tier > node.tier ? peer : node
        let excludePersonal = Self.crossesPrivacyCeiling(node, peer)
        let (tables, visibility) = tablesAndVisibility(to: child)
        return try readOnWriter { db in
            var found: [RowChange] = []
            try Self.forEachState(tables: tables, visibility: visibility, db) { table, state in
                guard let (spec, state) = Self.spoken(state, table: table, bridge: bridge) else { return }
                if buckets.contains(Self.digestEntry(state, table: spec, index: table.index, excludePersonal: excludePersonal).bucket) { found.append(state) }
            }
            if self.holdsBackWithheld(towards: peer) { found.removeAll { self.privacyProjections[$0.table].hasWithheldCell($0) } }
            if let projection = try self.privacyProjection(for: peer, db) { found = found.map(projection) }
            return found
        }
    }

    /// The row states `child` sees because of `move` and did not see before it (rows scoped to
    /// the moved subtree, for a node on its new path; rows scoped to its new ancestors, for a node
    /// in it), shaped for the child as chunks are: what a parent sends a child once after a move
    /// (Protocols/SPEC.md §20.5), instead of digest buckets that would carry everything else too.
    /// Empty without a scan when the move changes nothing `child` sees.
    public func statesNewlyVisible(through move: RegionMove, toChild child: NodeID) throws(StoreError) -> [RowChange] {
        let after = tree
        var earlier = after.moves
        earlier[move.node] = nil
        let before = RegionTree(moves: Array(earlier.values))
        let intoSubtree = after.isAncestorOrSelf(child, of: move.node) && !before.isAncestorOrSelf(child, of: move.node)
        guard intoSubtree || after.isAncestorOrSelf(move.node, of: child) else { return [] }
        let (tables, visibility) = tablesAndVisibility(to: child)
        return try readOnWriter { db in
            var found: [RowChange] = []
            // Every state read is visible to the child now; by flow and scope, was it before?
            var verdicts: [String: Bool] = [:]
            try Self.forEachState(tables: tables, visibility: visibility, db) { table, state in
                guard let scope = state.scope else { return }
                let key = "\(table.spec.flow.rawValue) \(scope)"
                let newlyVisible = verdicts[key] ?? (!table.spec.isVisible(scope: scope, at: child, in: before))
                verdicts[key] = newlyVisible
                if newlyVisible { found.append(state) }
            }
            if self.holdsBackWithheld(towards: child) { found.removeAll { self.privacyProjections[$0.table].hasWithheldCell($0) } }
            if let projection = try self.privacyProjection(for: child, db) { found = found.map(projection) }
            return found
        }
    }

    /// True when rows with withheld cells stay here instead of going to `peer`: a child of a node
    /// at or below the privacy ceiling, which refuses them (SPEC §17.4).
    func holdsBackWithheld(towards peer: NodeID) -> Bool {
        node.tier >= PrivacyProjection.ceiling && peer.tier > node.tier
    }

    /// Calls `body` with every stamped row state (live rows, deletions) visible to `child`.
    /// `visibility` binds the tables' filters for the child (`tablesAndVisibility`).
    private static func forEachState(tables: [TableSQL], visibility: [Int64], _ db: Database, _ body: (TableSQL, RowChange) throws -> Void) throws {
        let collectable = try Replica.collectionThreshold(db)
        for table in tables {
            let arguments = StatementArguments(table.scopeIndex == nil ? [] : visibility)
            let live = try IndexedRowCursor(try db.cachedStatement(sql: table.digestLive), arguments: arguments)
            while let row = try live.next() { try body(table, table.liveState(row, from: 0)) }
            let tombs = try IndexedRowCursor(try db.cachedStatement(sql: table.digestTombs), arguments: arguments)
            while let row = try tombs.next() {
                // A tombstone this node may collect counts as absent, collected yet or not (SPEC §16.1, §21.4).
                if let collectable, row.int64(0) <= collectable { continue }
                try body(table, table.tombChange(row))
            }
        }
    }

    /// `state` and its table's declaration as the link speaks them: narrowed by `bridge` (nil:
    /// a row that version does not hold), as stored without one.
    private static func spoken(_ state: RowChange, table: TableSQL, bridge: SchemaBridge?) -> (TableSpec, RowChange)? {
        guard let bridge else { return (table.spec, state) }
        guard let narrowed = bridge.narrowed(state) else { return nil }
        return (bridge.older.tables[table.index], narrowed)
    }

    /// A row state's bucket and hash.
    static func digestEntry(_ state: RowChange, table: TableSpec, index: Int, excludePersonal: Bool) -> (bucket: Int64, hash: UInt64) {
        var hasher = DigestHasher()
        hasher.combine(UInt64(index))
        for value in state.key { hasher.combine(value) }
        hasher.combine(UInt64(bitPattern: state.causalLength))
        var newest = state.versions.base.hlc
        if state.isLive {
            let versions = state.versions.expanded(columnCount: table.columns.count)
            newest = .zero
            for (index, version) in versions.enumerated() {
                if excludePersonal, table.columns[index].personal != nil { continue }
                hasher.combine(UInt64(bitPattern: version.hlc.rawValue))
                hasher.combine(UInt64(bitPattern: version.origin.rawValue))
                newest = max(newest, version.hlc)
            }
        } else {
            hasher.combine(UInt64(bitPattern: state.versions.base.hlc.rawValue))
            hasher.combine(UInt64(bitPattern: state.versions.base.origin.rawValue))
        }
        let millis = max(0, newest.millis)
        return (millis / LinkDigest.bucketMillis, hasher.finalize())
    }
}

/// FNV-1a over 64-bit words and value bytes, finished with a SplitMix64 mix so that summing the
/// hashes of a bucket's rows spreads well.
struct DigestHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ word: UInt64) {
        var word = word
        for _ in 0..<8 {
            state = (state ^ (word & 0xff)) &* 0x0000_0100_0000_01b3
            word >>= 8
        }
    }

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    mutating func combine(_ value: ColumnValue) {
        switch value {
        case .null: combine(UInt64(0))
        case .integer(let v):
            combine(UInt64(1))
            combine(UInt64(bitPattern: v))
        case .real(let v):
            combine(UInt64(2))
            combine(v.bitPattern)
        case .text(let v):
            combine(UInt64(3))
            combine(UInt64(v.utf8.count))
            combine(v.utf8)
        case .blob(let v):
            combine(UInt64(4))
            combine(UInt64(v.count))
            combine(v)
        }
    }

    func finalize() -> UInt64 {
        var z = state &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
