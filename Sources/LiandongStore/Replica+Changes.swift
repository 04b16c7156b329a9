import GRDB
import LiandongCore

extension Replica {
    /// The next chunk of this node's changes for `peer`: rows changed after `after`, oldest
    /// first, at most `limit` of them, skipping row states that came from `peer` itself. When
    /// nothing more is pending, `upTo` is the node's head, so the peer's cursor moves past
    /// everything skipped.
    public func readChunk(for peer: NodeID?, after: ChangeSeq, limit: Int) throws(StoreError) -> ChangeChunk {
        let limit = max(1, limit)
        let tables = self.tables
        return try read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT hlc FROM _ld_clock") ?? 0
            var found: [(seq: Int64, row: RowChange)] = []
            let arguments: StatementArguments = [after.rawValue, head, peer?.rawValue ?? 0, limit + 1]
            for table in tables {
                let keyCount = table.spec.primaryKey.count
                let columnCount = table.spec.columns.count
                let live = try db.cachedStatement(sql: table.changedLive)
                let liveRows = try Row.fetchCursor(live, arguments: arguments)
                while let row = try liveRows.next() {
                    let seq: Int64 = row[0]
                    var key: [ColumnValue] = []
                    key.reserveCapacity(keyCount)
                    for i in 0..<keyCount { key.append(ColumnValue(row[1 + i] as DatabaseValue)) }
                    var values: [ColumnValue] = []
                    values.reserveCapacity(columnCount)
                    for i in 0..<columnCount { values.append(ColumnValue(row[1 + keyCount + i] as DatabaseValue)) }
                    let meta = 1 + keyCount + columnCount
                    let versions = table.versions(
                        hlc: row[meta + 1], origin: row[meta + 2], exceptions: row[meta + 3] as String?)
                    found.append((seq, RowChange(table: table.index, key: key, causalLength: row[meta], values: values, versions: versions)))
                }
                let tombs = try db.cachedStatement(sql: table.changedTombs)
                let tombRows = try Row.fetchCursor(tombs, arguments: arguments)
                while let row = try tombRows.next() {
                    let key = (0..<keyCount).map { ColumnValue(row[1 + $0] as DatabaseValue) }
                    let version = CellVersion(hlc: HLC(rawValue: row[keyCount + 2]), origin: NodeID(rawValue: row[keyCount + 3]))
                    found.append(
                        (row[0], RowChange(table: table.index, key: key, causalLength: row[keyCount + 1], values: [], versions: CompactVersions(base: version))))
                }
            }
            found.sort { $0.seq < $1.seq }
            if found.count > limit {
                let taken = found.prefix(limit)
                return ChangeChunk(after: after, upTo: ChangeSeq(rawValue: taken.last!.seq), rows: taken.map(\.row), remaining: Int64(found.count - limit))
            }
            return ChangeChunk(after: after, upTo: ChangeSeq(rawValue: max(head, after.rawValue)), rows: found.map(\.row), remaining: 0)
        }
    }

    /// The stamp of the oldest change `peer` does not hold yet (nil: none pending).
    public func oldestPending(for peer: NodeID?, after: ChangeSeq) throws(StoreError) -> ChangeSeq? {
        let tables = self.tables
        return try read { db in
            var oldest: Int64?
            for table in tables {
                let stamp = try Int64.fetchOne(db, sql: table.oldestChanged, arguments: [after.rawValue, peer?.rawValue ?? 0])
                if let stamp { oldest = min(oldest ?? stamp, stamp) }
            }
            return oldest.map(ChangeSeq.init(rawValue:))
        }
    }

    /// How many row changes this node holds for `peer` after `after`.
    public func pendingCount(for peer: NodeID?, after: ChangeSeq) throws(StoreError) -> Int64 {
        let tables = self.tables
        return try read { db in
            var total: Int64 = 0
            for table in tables {
                total += try Int64.fetchOne(db, sql: table.countChanged, arguments: [after.rawValue, peer?.rawValue ?? 0]) ?? 0
            }
            return total
        }
    }
}

extension TableSQL {
    func versions(hlc: Int64, origin: Int64, exceptions: String?) -> CompactVersions {
        let base = CellVersion(hlc: HLC(rawValue: hlc), origin: NodeID(rawValue: origin))
        guard let exceptions, let parsed = CellVersionJSON.decode(exceptions, columnIndex: columnIndex) else {
            return CompactVersions(base: base)
        }
        // Normalise: an exception equal to the base is no exception.
        return CompactVersions(base: base, exceptions: parsed.filter { $0.version != base })
    }
}
