import GRDB
import LiandongCore

extension Replica {
    /// The next chunk of this node's changes for `peer`: rows changed after `after`, oldest
    /// first, at most `limit` of them, only rows the peer may see (Protocols/SPEC.md §17.1), and — unless
    /// `suppressEchoes` is false — skipping row states that came from `peer` itself. Personal
    /// data is masked for a peer above the privacy ceiling and withheld from one below it. When
    /// nothing more is pending, `upTo` is the node's head, so the peer's cursor moves past
    /// everything skipped.
    ///
    /// `tables` and `through` read again what a peer that upgraded its schema could not hold
    /// before (Protocols/SPEC.md §12.1): only those tables' rows, and only up to that stamp,
    /// which then stands for the head.
    ///
    /// `deltaBase`: the peer holds every cell this node stored at a stamp up to it (its last
    /// acknowledgement, Protocols/SPEC.md §5.5): a live row then goes as a delta of the cells
    /// stored after it, when it leaves any out. Never across the privacy ceiling. A row held back
    /// for its personal values (below) is stored whole again when they arrive (`CellStamps`).
    public func readChunk(
        for peer: NodeID, suppressEchoes: Bool = true, after: ChangeSeq, limit: Int, tables only: Set<Int>? = nil, through bound: ChangeSeq? = nil,
        deltaBase: ChangeSeq? = nil
    ) throws(StoreError) -> ChangeChunk {
        let limit = max(1, limit)
        let (allTables, visibility) = tablesAndVisibility(to: peer)
        let tables = only.map { only in allTables.filter { only.contains($0.index) } } ?? allTables
        return try readOnWriter { db in
            let projection = try self.privacyProjection(for: peer, db)
            let holdsBack = self.holdsBackWithheld(towards: peer)
            let deltaBase = projection == nil ? deltaBase?.rawValue : nil
            let head = min(try Self.head(db).rawValue, bound?.rawValue ?? .max)
            var found: [(seq: Int64, row: RowChange)] = []
            let common: [Int64] = [after.rawValue, head, suppressEchoes ? peer.rawValue : 0, Int64(limit + 1)]
            // Only the tables (and tombstones) stamped after `after` are read.
            let maxima = try self.stampMaxima(db)
            for table in tables where maxima.live[table.index] > after.rawValue || maxima.tombs[table.index] > after.rawValue {
                let arguments = StatementArguments(table.scopeIndex == nil ? common : common + visibility)
                if maxima.live[table.index] > after.rawValue {
                    let liveRows = try IndexedRowCursor(try db.cachedStatement(sql: table.changedLive), arguments: arguments)
                    if let deltaBase {
                        while let row = try liveRows.next() { found.append((row.int64(0), table.liveChange(row, deltaBase: deltaBase))) }
                    } else {
                        while let row = try liveRows.next() { found.append((row.int64(0), table.liveChange(row))) }
                    }
                }
                // A re-insert also stamps the key's old tombstone (which is then not sent): look
                // whenever the tombstones are stamped after `after`.
                if maxima.tombs[table.index] > after.rawValue {
                    let tombRows = try IndexedRowCursor(try db.cachedStatement(sql: table.changedTombs), arguments: arguments)
                    while let row = try tombRows.next() { found.append((row.int64(0), table.tombChange(row))) }
                }
            }
            found.sort { $0.seq < $1.seq }
            if holdsBack {
                // Rows the city sent with personal cells withheld wait for their raw values here
                // (SPEC §17.4): the chunk still covers their stamps, as it does another village's.
                found.removeAll { self.privacyProjections[$0.row.table].hasWithheldCell($0.row) }
            }
            var chunk: ChangeChunk
            if found.count > limit {
                let taken = found.prefix(limit)
                chunk = ChangeChunk(after: after, upTo: ChangeSeq(rawValue: taken.last!.seq), rows: taken.map(\.row), remaining: Int64(found.count - limit))
            } else {
                // Read up to the head: applied without a gap, it proves the peer's delta base (SPEC §5.5).
                chunk = ChangeChunk(
                    after: after, upTo: ChangeSeq(rawValue: max(head, after.rawValue)), rows: found.map(\.row), remaining: 0,
                    complete: projection == nil)
            }
            if peer.tier < node.tier {
                // Towards the parent: the seals and forgery reports stamped in the chunk's range
                // go with its rows (SPEC §18.3).
                let relayed = try self.relayedSeals(for: peer, after: after.rawValue, upTo: chunk.upTo.rawValue, db)
                if relayed.upTo < chunk.upTo.rawValue {
                    chunk.complete = false
                    let kept = found.prefix { $0.seq <= relayed.upTo }
                    chunk = ChangeChunk(
                        after: after, upTo: ChangeSeq(rawValue: relayed.upTo), rows: kept.prefix(limit).map(\.row), remaining: Int64(found.count - kept.prefix(limit).count))
                }
                chunk.seals = relayed.seals
                chunk.reports = relayed.reports
            }
            if let projection { chunk.rows = chunk.rows.map(projection) }
            if let deltaBase, chunk.rows.contains(where: \.isDelta) { chunk.deltaBase = ChangeSeq(rawValue: deltaBase) }
            return chunk
        }
    }

    /// How rows are reshaped for `peer` across the privacy ceiling, or nil when they travel as
    /// stored. A district sending to the city needs its privacy key (`privacyKey`).
    func privacyProjection(for peer: NodeID, _ db: Database) throws -> (@Sendable (RowChange) -> RowChange)? {
        let ceiling = PrivacyProjection.ceiling
        guard !privacyProjections.allSatisfy(\.isEmpty) else { return nil }
        let projections = privacyProjections
        if node.tier >= ceiling, peer.tier < ceiling {
            guard let key = privacyKey else {
                let keyFile = try String.fetchOne(db, sql: "SELECT value FROM _ld_setting WHERE key = ?", arguments: [Self.privacyKeyFileSetting])
                throw StoreError(
                    .configuration,
                    "node \(node) sends to \(peer) above the privacy ceiling but has no privacy key (个人信息脱敏密钥); "
                        + "put the city's key file at \(keyFile ?? PrivacyKeyFile.defaultPath(forReplicaAt: path)) or give `liandong run --privacy-key-file`",
                    path: path)
            }
            return { change in projections[change.table].maskedForAbove(change, key: key) }
        }
        if node.tier < ceiling, peer.tier >= ceiling {
            return { change in projections[change.table].withheldForBelow(change) }
        }
        return nil
    }

    /// The clock of the oldest change `peer` does not hold yet, that is when it was written at
    /// its origin (nil: none pending).
    public func oldestPending(for peer: NodeID, after: ChangeSeq) throws(StoreError) -> HLC? {
        let (tables, visibility) = tablesAndVisibility(to: peer)
        return try read { db in
            var oldest: Int64?
            for table in tables {
                let common = [after.rawValue, peer.rawValue]
                let stamp = try Int64.fetchOne(db, sql: table.oldestChanged, arguments: StatementArguments(table.scopeIndex == nil ? common : common + visibility))
                if let stamp { oldest = min(oldest ?? stamp, stamp) }
            }
            return oldest.map(HLC.init(rawValue:))
        }
    }

    /// How many row changes this node holds for `peer` after `after`.
    public func pendingCount(for peer: NodeID, after: ChangeSeq) throws(StoreError) -> Int64 {
        let (tables, visibility) = tablesAndVisibility(to: peer)
        return try read { db in
            var total: Int64 = 0
            for table in tables {
                let common = [after.rawValue, peer.rawValue]
                total += try Int64.fetchOne(db, sql: table.countChanged, arguments: StatementArguments(table.scopeIndex == nil ? common : common + visibility)) ?? 0
            }
            return total
        }
    }
}

extension Replica {
    /// The state this replica holds of each of `keys`, live or deleted (nil: it holds nothing of
    /// the key, not even a tombstone).
    public func states(of keys: [RowKey]) throws(StoreError) -> [RowChange?] {
        let tables = self.tables
        return try readOnWriter { db in try keys.map { try tables[$0.table].load($0.key, db) } }
    }

    /// Every row state (live rows, and tombstones of deleted keys) changed after `after`, in
    /// stamp order: what the replica holds, bookkeeping decoded. The simulator compares replicas
    /// with it; `tables` (indexes) narrows the scan.
    public func rowStates(changedAfter after: ChangeSeq = .zero, tables only: [Int]? = nil) throws(StoreError) -> [RowChange] {
        try read { db in try self.rowStates(after: after, tables: only, db) }
    }

    /// `rowStates(changedAfter:tables:)` inside the caller's write transaction, as the writer
    /// sees its own write before it commits (its inserts stamped first: `stampInserts`).
    public func rowStates(changedAfter after: ChangeSeq = .zero, tables only: [Int]? = nil, _ db: Database) throws -> [RowChange] {
        try stampInserts(db)
        return try rowStates(after: after, tables: only, db)
    }

    private func rowStates(after: ChangeSeq, tables only: [Int]?, _ db: Database) throws -> [RowChange] {
        let tables = only.map { $0.map { self.tables[$0] } } ?? self.tables
        var found: [(seq: Int64, row: RowChange)] = []
        // Across all tables, the newest stamps say which to read; a few named tables are read directly.
        let maxima = only == nil ? try stampMaxima(db) : nil
        for table in tables {
            if maxima.map({ $0.live[table.index] > after.rawValue }) ?? true {
                let live = try IndexedRowCursor(try db.cachedStatement(sql: table.statesLive), arguments: [after.rawValue])
                while let row = try live.next() { found.append((row.int64(0), table.liveChange(row))) }
            }
            if maxima.map({ $0.tombs[table.index] > after.rawValue }) ?? true {
                let tombs = try IndexedRowCursor(try db.cachedStatement(sql: table.statesTombs), arguments: [after.rawValue])
                while let row = try tombs.next() { found.append((row.int64(0), table.tombChange(row))) }
            }
        }
        return found.sorted { $0.seq < $1.seq }.map(\.row)
    }

    /// Each table's newest stamp, and its tombstones', in the caller's transaction: one
    /// statement, so that reading changes visits only the tables stamped after a cursor.
    func stampMaxima(_ db: Database) throws -> StampMaxima {
        let count = tables.count
        var maxima = StampMaxima(live: Array(repeating: 0, count: count), tombs: Array(repeating: 0, count: count))
        let rows = try IndexedRowCursor(try db.cachedStatement(sql: stampMaximaSQL), arguments: [])
        while let row = try rows.next() {
            for i in 0..<count {
                maxima.live[i] = row.optionalInt64(i) ?? 0
                maxima.tombs[i] = row.optionalInt64(count + i) ?? 0
            }
        }
        return maxima
    }
}

/// The newest stamp (`_ld_seq`) of each table's rows and of its tombstones, 0 for none.
struct StampMaxima: Sendable {
    var live: [Int64]
    var tombs: [Int64]
}

extension TableSQL {
    /// Decodes a row of `changedLive` or `statesLive`.
    func liveChange(_ row: IndexedRow) -> RowChange {
        liveState(row, from: 1)
    }

    /// Decodes a row of `changedLive` for a peer whose delta base is `deltaBase`: a delta of
    /// the cells stored after it when it leaves some out (`CellStamps`), else the whole row.
    func liveChange(_ row: IndexedRow, deltaBase: Int64) -> RowChange {
        let whole = liveState(row, from: 1)
        let count = spec.columns.count
        let stampsAt = 1 + spec.primaryKey.count + count + 4
        let stamps = CellStamps(rowStamp: row.int64(0), text: row.optionalBytes(stampsAt), columnIndex: columnIndex)
        guard stamps.base <= deltaBase || stamps.exceptions.contains(where: { $0.stamp <= deltaBase }) else { return whole }
        let carried = stamps.expanded(columnCount: count).enumerated().compactMap { $0.element > deltaBase ? $0.offset : nil }
        guard !carried.isEmpty, carried.count < count else { return whole }
        return whole.delta(carrying: carried, columnCount: count)
    }

    /// Decodes a live row whose key starts at column `first`: key…, columns…, _ld_cl, _ld_hlc,
    /// _ld_org, _ld_cc (`selectLive` from 0; the change reads after their stamp).
    func liveState(_ row: IndexedRow, from first: Int) -> RowChange {
        let keyCount = spec.primaryKey.count
        let columnCount = spec.columns.count
        var key: [ColumnValue] = []
        key.reserveCapacity(keyCount)
        for i in 0..<keyCount { key.append(row.value(first + i)) }
        var values: [ColumnValue] = []
        values.reserveCapacity(columnCount)
        for i in 0..<columnCount { values.append(row.value(first + keyCount + i)) }
        let meta = first + keyCount + columnCount
        let versions = versions(hlc: row.int64(meta + 1), origin: row.int64(meta + 2), exceptions: row.optionalString(meta + 3))
        let scope = scopeIndex.flatMap { values[$0].integerValue.map(NodeID.init(rawValue:)) }
        return RowChange(table: index, key: key, causalLength: row.int64(meta), values: values, versions: versions, scope: scope)
    }

    /// Decodes a row of `changedTombs` or `statesTombs`.
    func tombChange(_ row: IndexedRow) -> RowChange {
        let keyCount = spec.primaryKey.count
        let key = (0..<keyCount).map { row.value(1 + $0) }
        let version = CellVersion(hlc: HLC(rawValue: row.int64(keyCount + 2)), origin: NodeID(rawValue: row.int64(keyCount + 3)))
        let scope: NodeID? = scopeIndex == nil ? nil : row.optionalInt64(keyCount + 4).map(NodeID.init(rawValue:))
        return RowChange(table: index, key: key, causalLength: row.int64(keyCount + 1), values: [], versions: CompactVersions(base: version), scope: scope)
    }

    func versions(hlc: Int64, origin: Int64, exceptions: String?) -> CompactVersions {
        let base = CellVersion(hlc: HLC(rawValue: hlc), origin: NodeID(rawValue: origin))
        let parsed = exceptions.flatMap { CellVersionJSON.decode($0, columnIndex: columnIndex) } ?? []
        guard !lateColumns.isEmpty else {
            // Normalise: an exception equal to the base is no exception.
            return CompactVersions(base: base, exceptions: parsed.filter { $0.version != base })
        }
        var all = parsed
        for (column, since) in lateColumns where hlc < since && !parsed.contains(where: { $0.column == column }) {
            all.append((column, SchemaBridge.neverWritten))
        }
        all.sort { $0.column < $1.column }
        return CompactVersions(base: base, exceptions: all.filter { $0.version != base })
    }

    /// The `_ld_cc` text of `versions`: its exceptions, and for late columns whatever the
    /// reading rule (`lateColumns`) would otherwise get wrong.
    func storedExceptions(_ versions: CompactVersions) -> [UInt8]? {
        guard !lateColumns.isEmpty else { return CellVersionJSON.encode(versions.exceptions, columns: spec.columns) }
        var all = versions.exceptions
        for (column, since) in lateColumns where versions.base.hlc.rawValue < since && !all.contains(where: { $0.column == column }) {
            all.append((column, versions.base))
        }
        all.sort { $0.column < $1.column }
        return CellVersionJSON.encode(all, columns: spec.columns)
    }
}
