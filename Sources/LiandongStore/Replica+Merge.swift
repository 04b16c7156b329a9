import GRDB
import LiandongCore

/// What applying one chunk did.
public struct ApplyOutcome: Sendable, Hashable {
    /// The row states written, in the chunk's order: rows whose state changed.
    public var stored: [RowChange] = []
    public var changed: Int { stored.count }
    /// How many of `stored` are exactly the sender's state (kept as from it, never sent back to it).
    public var storedAsSent = 0
    /// Rows the replica already held (duplicates, or older than what it holds).
    public var unchanged: Int
    /// Rows refused by the scope, authority, status or privacy rules: not applied, not relayed.
    public var rejected: [Rejection] = []
    /// Rows from a child held back (counted in `unchanged` too) because they carry a cell written
    /// above this node that this node does not hold: it takes that from its parent (SPEC §17.3).
    public var heldBack = 0
    /// The cursor on the sending peer after this chunk.
    public var cursor: ChangeSeq
    /// The replica's head (its clock) once the chunk is merged.
    public var head: ChangeSeq = .zero
    /// This node's delta base on the peer after the chunk (Protocols/SPEC.md §5.5).
    public var deltaBase: ChangeSeq = .zero
}

extension Replica {
    /// Merges a chunk received from `peer` in one transaction, committed with
    /// `synchronous=FULL` (as every commit) so that an acknowledgement sent after this returns
    /// survives power loss. `nowMillis` is corrected time (the offset to the parent's time added).
    /// Either every row of the chunk and the peer's new cursor are stored, or nothing is.
    ///
    /// The cursor advances only when the chunk starts at or before the current cursor, so a stale
    /// or out-of-order chunk is merged (merging is idempotent) without creating a gap.
    ///
    /// Every row passes `Admission` first (scope, write authority, append-only, status by tier,
    /// provenance, privacy). A refused row is skipped, recorded in `_ld_reject` and reported in the
    /// outcome; the rest of the chunk applies and the cursor moves past it, since resending
    /// cannot make it acceptable.
    ///
    /// Rows sent to repair a difference found by comparing digests (`repair`) merge the same
    /// way but leave the cursor and the peer's pending count as they are. `wallMillis` is the
    /// system clock's reading (default: `nowMillis`), from which change stamps never fall behind.
    ///
    /// From a child, the chunk's seals and forgery reports are kept for relaying upwards, and with
    /// `seals` (a district, the city) every cell it sets in the name of a node below the child
    /// must be covered by a verified seal (Protocols/SPEC.md §18.4): a row with a cell that is not
    /// is refused (`seal`) and recorded as a forgery by the child's link; in a repair it is
    /// skipped (a repair carries only the sender's own seals). A checking receiver merges no
    /// chunk that follows a gap: the missing chunk may hold the seals of the rows after it.
    /// `ownSealed` are this node's own cells a child vouches for with this node's verified seals
    /// (a repair after a restore, SPEC §18.5). From the parent, its seals over its own cells are
    /// kept for that, and the cells in this node's own name it sets are recorded as unvouched:
    /// this node never seals them (SPEC §18.6) unless `ownSealed` covers them.
    ///
    /// Delta rows (SPEC §5.5) are expanded against the row held here before admission: a chunk
    /// whose `deltaBase` is above this node's delta base on the peer, or with a delta row for a
    /// row not held whole here at its causal length, is refused whole (`.deltaBase`, and the
    /// delta base drops to 0, so the peer resends whole rows). A complete chunk applied without
    /// a gap, every row stored or already held, moves the delta base to its `upTo`.
    /// `peerHolds` is the peer's delta base on this node (its last acknowledgement): an expanded
    /// delta is kept as the peer's own state, not echoed back, only when every cell it left out
    /// was stored here at or below it.
    public func apply(
        _ chunk: ChangeChunk, from peer: NodeID, role: LinkRole, repair: Bool = false, drift: ClockDriftPolicy, nowMillis: Int64,
        wallMillis: Int64? = nil, seals check: SealCheck? = nil, ownSealed: Set<UInt64> = [], peerHolds: ChangeSeq = .zero
    ) throws(StoreError) -> ApplyOutcome {
        let wallMillis = wallMillis ?? nowMillis
        try validate(chunk, from: peer, drift: drift, nowMillis: nowMillis)
        let hasDeltas = chunk.rows.contains(where: \.isDelta)
        if hasDeltas, repair {
            throw StoreError(.invalidChange, "repair from node \(peer): a repair carries whole rows, never a delta row (SPEC §5.5)")
        }
        do {
            return try merge(
                chunk, from: peer, role: role, repair: repair, hasDeltas: hasDeltas, nowMillis: nowMillis, wallMillis: wallMillis, seals: check,
                ownSealed: ownSealed, peerHolds: peerHolds)
        } catch where error.code == .deltaBase {
            // Nothing of the chunk was kept; from now on the peer sends whole rows until a
            // complete chunk proves a new base.
            try? resetDeltaBase(on: peer)
            throw error
        }
    }

    /// Forgets what this node's delta base on `peer` vouched for (SPEC §5.5): a refused delta,
    /// or a peer that went back in time (restored from a backup).
    public func resetDeltaBase(on peer: NodeID) throws(StoreError) {
        try onWriter(.immediate, waitingAtMost: Self.mergeBusyMillis, stampsInserts: false, doing: "resetting the delta base on node \(peer)") { db in
            try db.execute(sql: "UPDATE _ld_link SET delta_base = 0 WHERE peer = ?", arguments: [peer.rawValue])
        }
    }

    /// This node's durable delta base on `peer` (SPEC §5.5): it holds every cell the peer stored
    /// at a stamp up to it.
    public func deltaBase(on peer: NodeID) throws(StoreError) -> ChangeSeq {
        try read { db in
            ChangeSeq(rawValue: try Int64.fetchOne(db.cachedStatement(sql: "SELECT delta_base FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]) ?? 0)
        }
    }

    private func merge(
        _ chunk: ChangeChunk, from peer: NodeID, role: LinkRole, repair: Bool, hasDeltas: Bool, nowMillis: Int64, wallMillis: Int64,
        seals check: SealCheck?, ownSealed: Set<UInt64>, peerHolds: ChangeSeq
    ) throws(StoreError) -> ApplyOutcome {
        let tables = self.tables
        let tree = self.tree
        let admissions = schema.tables.map { Admission(table: $0, receiver: node, tree: tree) }
        let senderIsChild = role == .child
        let fromParent = role == .parent
        // Durable: an acknowledgement is sent after this returns. Waits less for another writer
        // than a peer waits for this node (see `mergeBusyMillis`). Merged rows carry their stamps.
        return try onWriter(
            .immediate, waitingAtMost: Self.mergeBusyMillis, stampsInserts: false,
            doing: "applying \(chunk.rows.count) changes from node \(peer)"
        ) { db in try Self.withTriggersOff(db) {
            var outcome = ApplyOutcome(unchanged: 0, cursor: .zero)
            let deltaBase = try Int64.fetchOne(db.cachedStatement(sql: "SELECT delta_base FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]) ?? 0
            if hasDeltas, chunk.deltaBase.rawValue > deltaBase {
                throw StoreError(
                    .deltaBase,
                    "chunk from node \(peer) assumes delta base \(chunk.deltaBase.rawValue), but this node holds its cells only up to \(deltaBase) [rule: delta base 增量基线]")
            }
            // Keys from this peer whose rows were not stored as sent (`ChangeCaptureSQL.gapTable`).
            var gaps = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM _ld_gap WHERE peer = ?)"), arguments: [peer.rawValue]) ?? false
            // Every row of the chunk stored or already held: a complete chunk may move the delta base.
            var allHeld = true
            func markGap(_ change: RowChange) throws {
                allHeld = false
                gaps = true
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO _ld_gap (peer, tbl, key) VALUES (?, ?, ?)")
                    .execute(arguments: [peer.rawValue, change.table, Self.gapKey(change.key)])
            }
            try db.cachedStatement(sql: "INSERT INTO _ld_applying (flag) VALUES (1)").execute()
            var clock = HLC.zero
            var seq: Int64 = 0
            let clockRows = try IndexedRowCursor(try db.cachedStatement(sql: "SELECT hlc, seq FROM _ld_clock"), arguments: [])
            while let row = try clockRows.next() {
                clock = HLC(rawValue: row.int64(0))
                seq = row.int64(1)
            }
            let checkSeals = senderIsChild ? check.flatMap { $0.keys.isEmpty ? nil : $0 } : nil
            if checkSeals != nil, !repair {
                let cursor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]) ?? 0
                if chunk.after.rawValue > cursor {
                    // After a gap: nothing is merged; the sender resends from the cursor.
                    outcome.unchanged = chunk.rows.count
                    outcome.cursor = ChangeSeq(rawValue: cursor)
                    outcome.head = ChangeSeq(rawValue: seq)
                    try db.cachedStatement(sql: "DELETE FROM _ld_applying").execute()
                    return outcome
                }
            }
            if senderIsChild, !chunk.seals.isEmpty || !chunk.reports.isEmpty {
                seq = try self.receiveSeals(chunk, from: peer, check: check, seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
            } else if role == .parent, !chunk.seals.isEmpty {
                try self.keepParentSeals(chunk, from: peer, db)
            }
            var newestRemote = HLC.zero
            // Which tables hold tombstones (the chunk's own deletions add to them as it goes).
            var tombstones = try tables.map { try Bool.fetchOne(db.cachedStatement(sql: $0.anyTomb)) ?? true }
            var prepared = [MergeStatements?](repeating: nil, count: tables.count)
            for change in chunk.rows {
                newestRemote = max(newestRemote, change.newestClock)
                let table = tables[change.table]
                if prepared[change.table] == nil { prepared[change.table] = try table.mergeStatements(db) }
                let statements = prepared[change.table]
                var (local, localStamps) = try table.loadStamped(change.key, db, tombstones: tombstones[change.table], using: statements)
                if local?.versions.base.hlc == ChangeCaptureSQL.unstampedClock {
                    // Another program's insert, not yet stamped: it is a local write made before
                    // this merge, so it competes as one, not as a placeholder older than everything.
                    clock = clock.tick(nowMillis: nowMillis)
                    seq = HLC.nextStamp(after: seq, wallMillis: wallMillis)
                    try db.cachedStatement(sql: table.stampKey)
                        .execute(arguments: StatementArguments(change.key.map(\.databaseValue) + [seq.databaseValue, clock.rawValue.databaseValue, node.rawValue.databaseValue]))
                    (local, localStamps) = try table.loadStamped(change.key, db)
                }
                var change = change
                // For a delta: the cells it leaves out, which this node holds (SPEC §5.5).
                var omitted: [Int] = []
                if change.isDelta {
                    let columnCount = table.spec.columns.count
                    if let held = local, held.causalLength > change.causalLength {
                        // This node holds a later incarnation (the row deleted or inserted again): the delta loses.
                        outcome.unchanged += 1
                        continue
                    }
                    guard let held = local, held.isLive, held.causalLength == change.causalLength else {
                        throw StoreError(
                            .deltaBase,
                            "delta row from node \(peer) for key \(change.key.map(\.description).joined(separator: ",")) of \(table.spec.name) at causal length \(change.causalLength): "
                                + "this node holds \(local.map { "causal length \($0.causalLength)" } ?? "no such row") [rule: delta base 增量基线]")
                    }
                    if gaps, try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM _ld_gap WHERE peer = ? AND tbl = ? AND key = ?)"),
                        arguments: [peer.rawValue, change.table, Self.gapKey(change.key)]) == true
                    {
                        throw StoreError(
                            .deltaBase,
                            "delta row from node \(peer) for key \(change.key.map(\.description).joined(separator: ",")) of \(table.spec.name): "
                                + "this node did not store that row as sent earlier (refused or held back) and needs it whole [rule: delta base 增量基线]")
                    }
                    var carried = change.columns.makeIterator()
                    var next = carried.next()
                    for column in 0..<columnCount {
                        if column == next { next = carried.next() } else { omitted.append(column) }
                    }
                    change = change.expanded(over: held, columnCount: columnCount)
                } else if gaps, !repair {
                    // A whole row closes its key's gap, whatever becomes of it below.
                    try db.cachedStatement(sql: "DELETE FROM _ld_gap WHERE peer = ? AND tbl = ? AND key = ?")
                        .execute(arguments: [peer.rawValue, change.table, Self.gapKey(change.key)])
                }
                let merged: RowChange
                if repair, local == nil, !change.isLive {
                    // A repair never brings back the deletion of a key this node does not hold:
                    // it may have collected that tombstone (SPEC §16.2, §21.4), and absent is deleted.
                    outcome.unchanged += 1
                    continue
                }
                switch admissions[change.table].admit(change, local: local, from: peer, senderIsChild: senderIsChild, ownSealed: ownSealed) {
                case .success(nil):
                    outcome.unchanged += 1
                    continue
                case .success(let admitted?):
                    merged = admitted
                case .failure(let rejection)
                where rejection.rule == .provenance
                    && (repair
                        || rejection.writer.map { writer in
                            writer != self.node
                                && (tree.isAncestorOrSelf(writer, of: self.node)
                                    // The sender's ancestor before a move (SPEC §20): its cells
                                    // come to this node from its own parent, not from the child.
                                    || (writer.isAncestorOrSelf(of: peer) && !tree.isAncestorOrSelf(writer, of: peer)))
                        } == true):
                    // A repair carries every state of a bucket, also what came from above the
                    // sender; a chunk carries a row whole, also a cell written above this node that
                    // this node lost (restored from a backup). This node takes those from its own
                    // parent (SPEC §16.2, §17.3), not from a child: the row is held back.
                    outcome.unchanged += 1
                    outcome.heldBack += 1
                    if !repair { try markGap(change) }
                    continue
                case .failure(let rejection):
                    if !repair { try markGap(change) }
                    outcome.rejected.append(rejection)
                    try db.execute(
                        sql: "INSERT INTO _ld_reject (at_ms, peer, writer, tbl, col, rule, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [nowMillis, peer.rawValue, rejection.writer?.rawValue, rejection.table, rejection.column, rejection.rule.rawValue, rejection.detail])
                    continue
                }
                seq = HLC.nextStamp(after: seq, wallMillis: wallMillis)
                // With nothing held here, the merged state is the sender's. An expanded delta is
                // the sender's state only where the cells it left out are ones the sender holds.
                var fromPeer = local == nil || merged.sameState(as: change, columnCount: table.spec.columns.count)
                if fromPeer, !omitted.isEmpty, localStamps?.source != peer.rawValue {
                    // (A row held as the peer's own state is one the peer holds every cell of.)
                    let stamps = (localStamps ?? .whole(.max)).expanded(columnCount: table.spec.columns.count)
                    fromPeer = omitted.allSatisfy { stamps[$0] <= peerHolds.rawValue }
                }
                if let checkSeals,
                    let missing = try self.unsealedCell(merged: merged, local: local, from: peer, check: checkSeals, columnCount: table.spec.columns.count, db)
                {
                    if repair {
                        outcome.unchanged += 1
                        continue
                    }
                    try markGap(change)
                    let column = missing.column.map { table.spec.columns[$0].name }
                    let origin = missing.version.origin
                    let rejection = Rejection(
                        writer: origin, table: table.spec.name, column: column, rule: .seal,
                        detail: "\(column.map { "column \($0)" } ?? "a deletion") of key \(change.key.map(\.description).joined(separator: ",")) at \(missing.version.hlc.rawValue) is in node \(origin)'s name, "
                            + "but no seal of \(origin) covers it: it came through node \(peer), which forged it or took it from below (伪造 forgery)")
                    outcome.rejected.append(rejection)
                    try db.execute(
                        sql: "INSERT INTO _ld_reject (at_ms, peer, writer, tbl, col, rule, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [nowMillis, peer.rawValue, origin.rawValue, table.spec.name, column, Rejection.Rule.seal.rawValue, rejection.detail])
                    seq = try self.recordForgery(
                        ForgeryReport(reporter: node, link: peer, origin: origin, table: change.table, cell: missing.cell, hlc: missing.version.hlc),
                        detail: "\(table.spec.name): \(rejection.detail)", seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
                    continue
                }
                try table.store(merged, seq: seq, source: fromPeer ? peer : nil, db, using: statements, over: local, stamps: localStamps)
                if merged.causalLength > 1 { tombstones[change.table] = true }
                if fromParent {
                    try self.recordUnvouched(merged: merged, local: local, columnCount: table.spec.columns.count, vouched: ownSealed, db)
                }
                outcome.stored.append(merged)
                if fromPeer { outcome.storedAsSent += 1 }
            }
            // HLC receive rule: later local writes order after everything merged.
            clock = max(clock, newestRemote)
            try db.cachedStatement(sql: "UPDATE _ld_clock SET hlc = ?, seq = ?").execute(arguments: [clock.rawValue, seq])
            outcome.head = ChangeSeq(rawValue: seq)
            try db.cachedStatement(sql: "INSERT INTO _ld_link (peer, role) VALUES (?, ?) ON CONFLICT (peer) DO NOTHING")
                .execute(arguments: [peer.rawValue, role.rawValue])
            var cursorBefore: Int64 = 0
            if !repair {
                cursorBefore = try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]) ?? 0
                try db.cachedStatement(
                    sql: """
                        UPDATE _ld_link SET cursor = CASE WHEN ? <= cursor THEN max(cursor, ?) ELSE cursor END,
                            inbound_pending = ? WHERE peer = ?
                        """
                ).execute(arguments: [chunk.after.rawValue, chunk.upTo.rawValue, chunk.remaining, peer.rawValue])
                if chunk.complete, allHeld, chunk.after.rawValue <= cursorBefore {
                    // Every cell the peer stored up to `upTo` is held here now (SPEC §5.5).
                    try db.cachedStatement(sql: "UPDATE _ld_link SET delta_base = max(delta_base, ?) WHERE peer = ?")
                        .execute(arguments: [chunk.upTo.rawValue, peer.rawValue])
                }
            }
            let link = try IndexedRowCursor(try db.cachedStatement(sql: "SELECT cursor, delta_base FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue])
            while let row = try link.next() {
                outcome.cursor = ChangeSeq(rawValue: row.int64(0))
                outcome.deltaBase = ChangeSeq(rawValue: row.int64(1))
            }
            if !repair, outcome.cursor.rawValue > cursorBefore {
                // What the peer's changes up to this cursor became here: settling (SPEC §21.2).
                try Self.recordMergeMark(peer: peer, cursor: outcome.cursor.rawValue, head: seq, db)
            }
            try auditApplied(chunk, outcome: outcome, from: peer, role: role, repair: repair, nowMillis: nowMillis, db)
            try db.cachedStatement(sql: "DELETE FROM _ld_applying").execute()
            return outcome
        } }!
    }

    /// The `_ld_gap` hash of a row key.
    static func gapKey(_ key: [ColumnValue]) -> Int64 {
        var hash = FNV1a()
        for value in key {
            hash.mix(value.description)
            hash.mix("\u{1F}")
        }
        return Int64(bitPattern: hash.value)
    }

    /// The durable cursor on `peer`: this node holds the peer's changes up to it.
    public func cursor(on peer: NodeID) throws(StoreError) -> ChangeSeq {
        try read { db in
            ChangeSeq(rawValue: try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM _ld_link WHERE peer = ?"), arguments: [peer.rawValue]) ?? 0)
        }
    }

    /// Rejects a chunk whose shape does not match the schema (`RowChange.validate`, SPEC §9.2),
    /// whose clocks run too far ahead, or whose `after` or `up_to` lies beyond any stamp the sender
    /// can have issued, before anything is written. `apply` calls it first; an offline bundle
    /// (Protocols/SPEC.md §19) checks all its chunks with it before applying any.
    public func validate(_ chunk: ChangeChunk, from peer: NodeID, drift: ClockDriftPolicy, nowMillis: Int64) throws(StoreError) {
        // Stamps are packed like clocks from the sender's system clock (SPEC §4.3), which may run
        // ahead of corrected time by as much as a hall PC's clock is off, but not by more than
        // the stamp bound: a larger `up_to` would move this node's cursor past every stamp the
        // sender will issue for years, and the sender's later changes would never come.
        let newestStamp = HLC(millis: nowMillis + drift.maxStampAheadMillis, counter: 0xFFFF).rawValue
        for (name, stamp) in [("after", chunk.after.rawValue), ("up_to", chunk.upTo.rawValue)] where stamp < 0 || stamp > newestStamp {
            let invalid = InvalidChange(
                .stamp, table: "-",
                "\(name) \(stamp) is beyond any stamp node \(peer) can have issued (corrected now + \(drift.maxStampAheadMillis) ms)")
            throw StoreError(.invalidChange, "chunk from node \(peer): \(invalid)")
        }
        for change in chunk.rows {
            guard change.table >= 0, change.table < tables.count else {
                let invalid = InvalidChange(.table, table: "#\(change.table)", "this schema has \(tables.count) tables")
                throw StoreError(.invalidChange, "change from node \(peer): \(invalid)")
            }
            let spec = tables[change.table].spec
            do {
                try change.validate(against: spec)
            } catch {
                throw StoreError(.invalidChange, "change from node \(peer): \(error)")
            }
            do {
                // Name the node whose clock is ahead: the origin of the newest version.
                let newest = change.versions.exceptions.reduce(change.versions.base) { $0.hlc >= $1.version.hlc ? $0 : $1.version }
                try drift.check(newest.hlc, nowMillis: nowMillis, origin: newest.origin)
            } catch {
                throw StoreError(.clockDrift, "\(error) (received from node \(peer), table \(spec.name))")
            }
        }
    }
}

extension RowChange {
    /// True when `self` and `other` are the same replicated state (values and versions).
    func sameState(as other: RowChange, columnCount: Int) -> Bool {
        causalLength == other.causalLength && values == other.values
            && (versions == other.versions || versions.expanded(columnCount: columnCount) == other.versions.expanded(columnCount: columnCount))
    }
}

/// A table's merge statements (`TableSQL.mergeStatements`).
struct MergeStatements {
    let selectLive: RawStatement
    let selectTomb: RawStatement
    let upsertLive: RawStatement
    let upsertTomb: RawStatement
    let deleteLive: RawStatement
    /// `UPDATE`s of a live row that set only the value columns a merge changed (by column set).
    let updates = UpdateShapes()
}

/// The prepared `UPDATE` for each set of changed columns met in one chunk.
final class UpdateShapes {
    var statements: [[Int]: RawStatement] = [:]
}

extension TableSQL {
    /// The replica's current state of a row, live or deleted, or nil if it was never seen.
    /// `tombstones: false` says the table holds no tombstone (the merge knows it from the
    /// table's newest tombstone stamp), which spares the second look-up for a key not held.
    func load(_ key: [ColumnValue], _ db: Database, tombstones: Bool = true, using prepared: MergeStatements? = nil) throws -> RowChange? {
        try loadStamped(key, db, tombstones: tombstones, using: prepared).0
    }

    /// As `load`, with the stamps at which a live row's cells were stored here (`CellStamps`).
    func loadStamped(_ key: [ColumnValue], _ db: Database, tombstones: Bool = true, using prepared: MergeStatements? = nil) throws -> (RowChange?, CellStamps?) {
        let live = try prepared?.selectLive ?? RawStatement(db.cachedStatement(sql: selectLive))
        bindKey(key, live)
        let meta = spec.primaryKey.count + spec.columns.count + 4
        if var found = try live.first(db, { row in
            var stamps = CellStamps(rowStamp: row.int64(meta), text: row.optionalBytes(meta + 1), columnIndex: columnIndex)
            stamps.source = row.optionalInt64(meta + 2)
            stamps.rowid = row.optionalInt64(meta + 3)
            return (row, self.liveState(row, from: 0), stamps)
        }) {
            found.1.key = key
            return (found.1, found.2)
        }
        guard tombstones else { return (nil, nil) }
        let tomb = try prepared?.selectTomb ?? RawStatement(db.cachedStatement(sql: selectTomb))
        bindKey(key, tomb)
        return (try tomb.first(db) { row in
            let causalLength = row.int64(0)
            let version = CellVersion(hlc: HLC(rawValue: row.int64(1)), origin: NodeID(rawValue: row.int64(2)))
            // Tombstones hold even lengths; round up defensively for files written by hand.
            return RowChange(
                table: index, key: key, causalLength: causalLength + (causalLength % 2), values: [], versions: CompactVersions(base: version),
                scope: scopeIndex == nil ? nil : row.optionalInt64(3).map(NodeID.init(rawValue:)))
        }, nil)
    }

    /// The statements a merge runs for this table, looked up once per chunk rather than per row.
    func mergeStatements(_ db: Database) throws -> MergeStatements {
        MergeStatements(
            selectLive: RawStatement(try db.cachedStatement(sql: selectLive)), selectTomb: RawStatement(try db.cachedStatement(sql: selectTomb)),
            upsertLive: RawStatement(try db.cachedStatement(sql: upsertLive)), upsertTomb: RawStatement(try db.cachedStatement(sql: upsertTomb)),
            deleteLive: RawStatement(try db.cachedStatement(sql: deleteLive)))
    }

    private func bindKey(_ key: [ColumnValue], _ statement: RawStatement) {
        for (i, value) in key.enumerated() { statement.bind(Int32(i + 1), value) }
    }

    /// `UPDATE` of a live row's `columns` (indexes) and bookkeeping, by rowid: columns…, _ld_seq,
    /// _ld_hlc, _ld_org, _ld_cc, _ld_src, _ld_cs, then the rowid.
    func updateLive(_ columns: [Int]) -> String {
        let set = columns.map { "\(spec.columns[$0].name) = ?" } + ["_ld_seq = ?", "_ld_hlc = ?", "_ld_org = ?", "_ld_cc = ?", "_ld_src = ?", "_ld_cs = ?"]
        return "UPDATE \(spec.name) SET \(set.joined(separator: ", ")) WHERE rowid = ?"
    }

    /// Writes a merged row state (live or deleted) with its bookkeeping. `local` and `stamps`:
    /// the state it replaces and where its cells were stored, so that the cells it keeps keep
    /// their stamps (`CellStamps`); without them every cell is stored at `seq`.
    func store(
        _ row: RowChange, seq: Int64, source: NodeID?, _ db: Database, using prepared: MergeStatements? = nil, over local: RowChange? = nil, stamps: CellStamps? = nil
    ) throws {
        let keyCount = Int32(row.key.count)
        let base = row.versions.base
        if row.isLive, let local, let rowid = stamps?.rowid, local.isLive, local.causalLength == row.causalLength, local.values.count == row.values.count {
            // The same incarnation: set only the values that changed (a delta's cells, mostly), by
            // the rowid this transaction's look-up read, sparing a second look-up of the key.
            var changed: [Int] = []
            for column in row.values.indices where row.values[column] != local.values[column] { changed.append(column) }
            let update: RawStatement
            if let prepared, let known = prepared.updates.statements[changed] {
                update = known
            } else {
                update = RawStatement(try db.cachedStatement(sql: updateLive(changed)))
                prepared?.updates.statements[changed] = update
            }
            var next: Int32 = 1
            for column in changed {
                update.bind(next, row.values[column])
                next += 1
            }
            update.bind(next, seq)
            update.bind(next + 1, base.hlc.rawValue)
            update.bind(next + 2, base.origin.rawValue)
            update.bind(next + 3, utf8: storedExceptions(row.versions))
            update.bind(next + 4, source?.rawValue)
            update.bind(next + 5, utf8: cellStamps(of: row, seq: seq, over: local, stamps: stamps))
            update.bind(next + 6, rowid)
            try update.run(db)
        } else if row.isLive {
            let upsert = try prepared?.upsertLive ?? RawStatement(db.cachedStatement(sql: upsertLive))
            bindKey(row.key, upsert)
            var next = keyCount + 1
            for value in row.values {
                upsert.bind(next, value)
                next += 1
            }
            upsert.bind(next, row.causalLength)
            upsert.bind(next + 1, seq)
            upsert.bind(next + 2, base.hlc.rawValue)
            upsert.bind(next + 3, base.origin.rawValue)
            upsert.bind(next + 4, utf8: storedExceptions(row.versions))
            upsert.bind(next + 5, source?.rawValue)
            upsert.bind(next + 6, utf8: cellStamps(of: row, seq: seq, over: local, stamps: stamps))
            try upsert.run(db)
            if row.causalLength > 1 {
                // Remember the last deletion, so that a later local insert continues from it.
                try storeTomb(row, causalLength: row.causalLength - 1, seq: seq, source: source, db, prepared)
            }
        } else {
            let delete = try prepared?.deleteLive ?? RawStatement(db.cachedStatement(sql: deleteLive))
            bindKey(row.key, delete)
            try delete.run(db)
            try storeTomb(row, causalLength: row.causalLength, seq: seq, source: source, db, prepared)
        }
    }

    /// The `_ld_cs` text of `row` stored at `seq` over `local`: a cell unchanged keeps the stamp it
    /// was stored at, a changed one takes `seq`; nil (all at `seq`) for a new incarnation.
    private func cellStamps(of row: RowChange, seq: Int64, over local: RowChange?, stamps: CellStamps?) -> [UInt8]? {
        guard let local, let stamps, local.isLive, local.causalLength == row.causalLength else { return nil }
        // A row with personal cells withheld was held back from the nodes below (SPEC §17.4):
        // once it changes, it is new to them whole.
        if local.versions.base == PrivacyProjection.withheldVersion || local.versions.exceptions.contains(where: { $0.version == PrivacyProjection.withheldVersion }) {
            return nil
        }
        let count = spec.columns.count
        let before = local.versions.expanded(columnCount: count)
        let after = row.versions.expanded(columnCount: count)
        var cells = stamps.expanded(columnCount: count)
        var kept = 0
        for column in 0..<count {
            if before[column] != after[column] || local.values[column] != row.values[column] { cells[column] = seq } else { kept += 1 }
        }
        return kept == 0 ? nil : CellStamps.encode(cells, rowStamp: seq, columns: spec.columns)
    }

    private func storeTomb(_ row: RowChange, causalLength: Int64, seq: Int64, source: NodeID?, _ db: Database, _ prepared: MergeStatements?) throws {
        let upsert = try prepared?.upsertTomb ?? RawStatement(db.cachedStatement(sql: upsertTomb))
        bindKey(row.key, upsert)
        let next = Int32(row.key.count) + 1
        upsert.bind(next, causalLength)
        upsert.bind(next + 1, seq)
        upsert.bind(next + 2, row.versions.base.hlc.rawValue)
        upsert.bind(next + 3, row.versions.base.origin.rawValue)
        upsert.bind(next + 4, source?.rawValue)
        if scopeIndex != nil { upsert.bind(next + 5, row.scope?.rawValue) }
        try upsert.run(db)
    }
}
