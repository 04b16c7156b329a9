import GRDB
import LiandongCore

/// What adopting a new clock offset did (`Replica.adoptClockOffset`).
public struct ClockCorrection: Sendable, Hashable {
    /// The offset now in force: milliseconds added to the system clock.
    public var offsetMillis: Int64
    /// The offset before.
    public var previousOffsetMillis: Int64
    /// The clock before and after: after is lower when the clock had run ahead of corrected time.
    public var clockBefore: HLC
    public var clockAfter: HLC
    /// Row states this node wrote with a clock ahead of corrected time, stamped again.
    public var restamped: Int
    /// The replica's head after the correction (re-stamped rows take new change stamps).
    public var head: ChangeSeq
}

extension Replica {
    /// How far a clock value may run ahead of corrected time before the node's own writes
    /// stamped with it are stamped again when the clock is corrected (Protocols/SPEC.md §4.5).
    public static let restampToleranceMillis: Int64 = 10_000

    /// The correction added to the system clock, in milliseconds: the offset to the parent's
    /// time learned at the last contact (0 for the city, or a node that never met its parent).
    public func clockOffsetMillis() throws(StoreError) -> Int64 {
        try read { try Int64.fetchOne($0.cachedStatement(sql: "SELECT offset_ms FROM _ld_clock")) ?? 0 }
    }

    /// Adopts `offsetMillis` as the correction to the system clock (whose reading is
    /// `wallMillis`), durably, in one transaction:
    /// - from then on every stamp, by this process or any other client of the file (the capture
    ///   triggers read the offset from the clock row), is taken from corrected time;
    /// - when the clock had run more than `restampToleranceMillis` ahead of corrected time (the
    ///   system clock was fast), it is set back, and every row state that carries a version this
    ///   node wrote beyond that point is stamped again, in its old order, just after the clock:
    ///   such writes can then never beat writes others make later in real time. The change
    ///   stamps those rows take are new, so they are sent again, to every peer.
    ///
    /// Writes by other nodes are never re-stamped: their version is theirs.
    public func adoptClockOffset(_ offsetMillis: Int64, wallMillis: Int64) throws(StoreError) -> ClockCorrection {
        let tables = self.tables
        let node = self.node
        return try write { db in
            var before = HLC.zero
            var seq: Int64 = 0
            var previous: Int64 = 0
            let rows = try IndexedRowCursor(try db.cachedStatement(sql: "SELECT hlc, seq, offset_ms FROM _ld_clock"), arguments: [])
            while let row = try rows.next() {
                before = HLC(rawValue: row.int64(0))
                seq = row.int64(1)
                previous = row.int64(2)
            }
            let corrected = wallMillis + offsetMillis
            var clock = before
            var restamped = 0
            let limit = HLC(millis: corrected + Self.restampToleranceMillis)
            if before > limit {
                clock = limit
                // Every row state holding a version of ours beyond the limit, in clock order.
                var found: [(oldest: HLC, table: TableSQL, row: RowChange)] = []
                for table in tables {
                    let live = try IndexedRowCursor(try db.cachedStatement(sql: table.liveWithClockAbove), arguments: [limit.rawValue])
                    while let state = try live.next() {
                        var row = table.liveState(state, from: 0)
                        let columnCount = table.spec.columns.count
                        let versions = row.versions.expanded(columnCount: columnCount)
                        let ahead = versions.filter { $0.origin == node && $0.hlc > limit }.map(\.hlc)
                        guard let oldest = ahead.min() else { continue }
                        row.versions = CompactVersions(versions, fallback: row.versions.base)
                        found.append((oldest, table, row))
                    }
                    let tombs = try IndexedRowCursor(try db.cachedStatement(sql: table.tombsWithClockAbove), arguments: [limit.rawValue, node.rawValue])
                    while let state = try tombs.next() {
                        let row = table.tombState(state)
                        found.append((row.versions.base.hlc, table, row))
                    }
                }
                found.sort { $0.oldest < $1.oldest }
                // Not local writes of the rows' values: the capture and guard triggers stay silent.
                try db.cachedStatement(sql: "INSERT INTO _ld_applying (flag) VALUES (1)").execute()
                for (_, table, var row) in found {
                    let columnCount = row.isLive ? table.spec.columns.count : 0
                    clock = clock.tick(nowMillis: corrected)
                    let fresh = CellVersion(hlc: clock, origin: node)
                    if row.isLive {
                        let versions = row.versions.expanded(columnCount: columnCount).map { $0.origin == node && $0.hlc > limit ? fresh : $0 }
                        row.versions = CompactVersions(versions, fallback: fresh)
                    } else {
                        row.versions = CompactVersions(base: fresh)
                    }
                    seq = HLC.nextStamp(after: seq, wallMillis: wallMillis)
                    try table.store(row, seq: seq, source: nil, db)
                    restamped += 1
                }
                try db.cachedStatement(sql: "DELETE FROM _ld_applying").execute()
            }
            try db.cachedStatement(sql: "UPDATE _ld_clock SET hlc = ?, seq = ?, offset_ms = ?").execute(arguments: [clock.rawValue, seq, offsetMillis])
            return ClockCorrection(
                offsetMillis: offsetMillis, previousOffsetMillis: previous, clockBefore: before, clockAfter: clock, restamped: restamped,
                head: ChangeSeq(rawValue: seq))
        }
    }

    /// This node's clock (the newest version it has stamped or seen).
    public func clock() throws(StoreError) -> HLC {
        try read { HLC(rawValue: try Int64.fetchOne($0.cachedStatement(sql: "SELECT hlc FROM _ld_clock")) ?? 0) }
    }
}

extension TableSQL {
    /// Live rows (as `selectLive`) that may carry a version beyond clock ?1: the base beyond it,
    /// or any per-column exception (checked by the caller).
    var liveWithClockAbove: String {
        let keys = spec.primaryKey.map(\.name)
        let columns = (keys + spec.columns.map(\.name)).joined(separator: ", ")
        return "SELECT \(columns), _ld_cl, _ld_hlc, _ld_org, _ld_cc FROM \(spec.name) WHERE _ld_seq > 0 AND (_ld_hlc > ?1 OR _ld_cc IS NOT NULL)"
    }

    /// Tombstones of deleted keys written by node ?2 with a clock beyond ?1: key…, _ld_cl, _ld_hlc, _ld_org[, scope].
    var tombsWithClockAbove: String {
        let keys = spec.primaryKey.map(\.name)
        let scope = spec.scopeColumn.map { ", \($0)" } ?? ""
        let buried = "NOT EXISTS (SELECT 1 FROM \(spec.name) WHERE \(keys.map { "\(spec.name).\($0) = \(tomb).\($0)" }.joined(separator: " AND ")))"
        return "SELECT \(keys.joined(separator: ", ")), _ld_cl, _ld_hlc, _ld_org\(scope) FROM \(tomb) WHERE _ld_hlc > ?1 AND _ld_org = ?2 AND \(buried)"
    }

    /// Decodes a row of `tombsWithClockAbove`.
    func tombState(_ row: IndexedRow) -> RowChange {
        let keyCount = spec.primaryKey.count
        let key = (0..<keyCount).map { ColumnValue(row[$0]) }
        let version = CellVersion(hlc: HLC(rawValue: row.int64(keyCount + 1)), origin: NodeID(rawValue: row.int64(keyCount + 2)))
        let scope: NodeID? = scopeIndex == nil ? nil : row.optionalInt64(keyCount + 3).map(NodeID.init(rawValue:))
        return RowChange(table: index, key: key, causalLength: row.int64(keyCount), values: [], versions: CompactVersions(base: version), scope: scope)
    }
}
