import Crypto
import Foundation
import GRDB
import LiandongCore

/// What a verifying node (a district, the city) checks the seals of a child's subtree with: the
/// seal keys of the nodes below that child, each bound to its region code (Protocols/SPEC.md §18).
public struct SealCheck: Sendable {
    /// Registered seal keys by node. Cells of a node without a key are not checked.
    public var keys: [NodeID: SealPublicKey]
    public init(keys: [NodeID: SealPublicKey]) { self.keys = keys }
}

/// A forgery this node holds a record of: found here or reported from below (SPEC §18.4).
public struct ForgeryRecord: Sendable, Hashable, CustomStringConvertible {
    public var atMillis: Int64
    public var report: ForgeryReport
    public var detail: String

    public var description: String { detail }
}

extension Replica {
    /// The seal bookkeeping (SPEC §18): seals kept for relaying upwards (`_ld_seal`, in this
    /// node's stamp order; `verified` 1 once checked with its origin's key, -1 if it failed), the
    /// cell hashes of verified seals (`_ld_sealed`), and forgeries found here or reported from
    /// below (`_ld_forgery`, relayed upwards too).
    static let sealTables = """
        CREATE TABLE IF NOT EXISTS _ld_seal (
            stamp INTEGER PRIMARY KEY,
            origin INTEGER NOT NULL,
            cells BLOB NOT NULL,
            signature BLOB NOT NULL,
            personal INTEGER NOT NULL,
            peer INTEGER NOT NULL,
            digest INTEGER NOT NULL UNIQUE,
            verified INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS _ld_seal_unverified ON _ld_seal (origin) WHERE verified = 0;
        CREATE TABLE IF NOT EXISTS _ld_sealed (hash INTEGER NOT NULL, origin INTEGER NOT NULL, PRIMARY KEY (hash, origin)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _ld_forgery (
            id INTEGER PRIMARY KEY,
            stamp INTEGER NOT NULL,
            at_ms INTEGER NOT NULL,
            reporter INTEGER NOT NULL,
            link INTEGER NOT NULL,
            origin INTEGER NOT NULL,
            tbl INTEGER NOT NULL,
            cell INTEGER NOT NULL,
            hlc INTEGER NOT NULL,
            detail TEXT NOT NULL,
            UNIQUE (reporter, origin, cell, hlc)
        );
        CREATE INDEX IF NOT EXISTS _ld_forgery_stamp ON _ld_forgery (stamp);
        CREATE TABLE IF NOT EXISTS _ld_parent_seal (
            id INTEGER PRIMARY KEY,
            cells BLOB NOT NULL,
            signature BLOB NOT NULL,
            personal INTEGER NOT NULL,
            digest INTEGER NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS _ld_parent_cell (hash INTEGER PRIMARY KEY, seal INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS _ld_unvouched (hash INTEGER PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS _ld_child_cell (hash INTEGER PRIMARY KEY, seal INTEGER NOT NULL);
        """

    /// The table the upgrade of an older file looks for: the last of `sealTables`.
    static let lastSealTable = "_ld_child_cell"


    /// Which non-key columns of each table are personal (sealed apart, SPEC §18.2).
    public var personalColumns: [[Bool]] { schema.tables.map { $0.columns.map { $0.personal != nil } } }

    /// True when this node is above the privacy ceiling (the city): it checks personal cells by
    /// their version alone.
    var checksVersionsOnly: Bool { node.tier < PrivacyProjection.ceiling }

    // MARK: Receiving

    /// Stores and checks the seals and reports of a chunk from child `peer`, inside the merge's
    /// transaction; returns the next stamp after those it took. A seal is kept once (by the hash
    /// of its content) for relaying upwards; a seal of a node below `peer` whose key is known is
    /// verified, and its cells then count as sealed. A seal naming a node outside `peer`'s
    /// subtree, or one that does not verify, is a forgery by that link.
    func receiveSeals(
        _ chunk: ChangeChunk, from peer: NodeID, check: SealCheck?, seq: Int64, wallMillis: Int64, nowMillis: Int64, _ db: Database
    ) throws -> Int64 {
        var seq = seq
        let tree = self.tree
        for seal in chunk.seals where seal.origin != node {
            // This node's own seals vouch for its writes in a repair (`ownSealed`); never kept.
            var verified = false
            guard tree.isAncestorOrSelf(peer, of: seal.origin) else {
                seq = try recordForgery(
                    ForgeryReport(reporter: node, link: peer, origin: seal.origin, table: 0, cell: 0, hlc: .zero),
                    detail: "node \(peer) sent a seal in the name of node \(seal.origin), which is not in its subtree (伪造签封 forged seal)",
                    seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
                continue
            }
            if seal.origin != peer, let key = check?.keys[seal.origin] {
                guard seal.isSigned(by: key) else {
                    seq = try recordForgery(
                        ForgeryReport(reporter: node, link: peer, origin: seal.origin, table: 0, cell: Self.contentDigest(seal), hlc: .zero),
                        detail: "a seal in node \(seal.origin)'s name received through node \(peer) does not verify with \(seal.origin)'s registered seal key (伪造签封 forged seal)",
                        seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
                    continue
                }
                try markSealed(seal.cells, origin: seal.origin, db)
                verified = true
            }
            let next = HLC.nextStamp(after: seq, wallMillis: wallMillis)
            let digest = Int64(bitPattern: Self.contentDigest(seal))
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO _ld_seal (stamp, origin, cells, signature, personal, peer, digest, verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [next, seal.origin.rawValue, Data(seal.cellBytes), Data(seal.signature), seal.personal, peer.rawValue, digest, verified])
            if db.changesCount > 0 {
                seq = next
                // A child's own seals go back down with its cells if it went back in time (§18.6).
                if seal.origin == peer { try indexCells(seal.cells, seal: next, in: "_ld_child_cell", db) }
            } else if verified {
                try db.cachedStatement(sql: "UPDATE _ld_seal SET verified = 1 WHERE digest = ?").execute(arguments: [digest])
            }
        }
        for report in chunk.reports where tree.isAncestorOrSelf(peer, of: report.reporter) && tree.isAncestorOrSelf(report.reporter, of: report.link) {
            seq = try recordForgery(report, detail: report.description, seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
        }
        return seq
    }

    /// Counts `cells` as sealed by `origin`.
    func markSealed(_ cells: [UInt64], origin: NodeID, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO _ld_sealed (hash, origin) VALUES (?, ?)")
        for cell in cells { try insert.execute(arguments: [Int64(bitPattern: cell), origin.rawValue]) }
    }

    /// Verifies the seals of `origin` kept before its key was known here (registered later, or
    /// learned in a later hello): their cells count as sealed from now on. A seal that does not
    /// verify is marked so (-1) and not tried again.
    func verifyKeptSeals(of origin: NodeID, key: SealPublicKey, _ db: Database) throws {
        let kept = try Row.fetchAll(db, sql: "SELECT stamp, cells, signature, personal FROM _ld_seal WHERE origin = ? AND verified = 0", arguments: [origin.rawValue])
        for row in kept {
            guard let cells = Seal.cells(fromBytes: Array(row[1] as Data)) else { continue }
            let seal = Seal(origin: origin, cells: cells, signature: Array(row[2] as Data), personal: row[3])
            let valid = seal.isSigned(by: key)
            if valid { try markSealed(cells, origin: origin, db) }
            try db.execute(sql: "UPDATE _ld_seal SET verified = ? WHERE stamp = ?", arguments: [valid ? 1 : -1, row[0] as Int64])
        }
    }

    /// The first cell a merge from child `peer` would set at this node whose version names a
    /// node below `peer` with a registered key and that no verified seal of that node covers
    /// (nil: every such cell is sealed). A seal travels in the same message as the cells it
    /// covers or in an earlier one (SPEC §18.3), so a missing seal is a forgery. Seals of that
    /// node kept before its key was known are verified first.
    func unsealedCell(merged: RowChange, local: RowChange?, from peer: NodeID, check: SealCheck, columnCount: Int, _ db: Database) throws -> Unsealed? {
        let tree = self.tree
        func needsSeal(_ version: CellVersion) -> Bool {
            version.origin != peer && tree.isAncestorOrSelf(peer, of: version.origin) && check.keys[version.origin] != nil
        }
        var retried: Set<NodeID> = []
        func sealed(_ hash: UInt64, by origin: NodeID) throws -> Bool {
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM _ld_sealed WHERE hash = ? AND origin = ?")
            if try Int64.fetchOne(statement, arguments: [Int64(bitPattern: hash), origin.rawValue]) != nil { return true }
            guard let key = check.keys[origin], retried.insert(origin).inserted else { return false }
            try verifyKeptSeals(of: origin, key: key, db)
            return try Int64.fetchOne(statement, arguments: [Int64(bitPattern: hash), origin.rawValue]) != nil
        }
        guard merged.isLive else {
            let version = merged.versions.base
            guard needsSeal(version), local.map({ $0.isLive || $0.versions.base != version }) ?? true else { return nil }
            let hash = SealHash.deletion(table: merged.table, key: merged.key, causalLength: merged.causalLength, version: version)
            return try sealed(hash, by: version.origin) ? nil : Unsealed(column: nil, version: version, cell: hash)
        }
        let versions = merged.versions.expanded(columnCount: columnCount)
        let before = local.flatMap { $0.isLive ? $0.versions.expanded(columnCount: columnCount) : nil }
        let personal = schema.tables[merged.table].columns.map { $0.personal != nil }
        for (column, version) in versions.enumerated() where needsSeal(version) && before?[column] != version {
            let cell = SealHash.version(table: merged.table, key: merged.key, column: column, version: version)
            let hash =
                personal[column] && checksVersionsOnly
                ? cell : SealHash.cell(table: merged.table, key: merged.key, column: column, version: version, value: merged.values[column])
            if try !sealed(hash, by: version.origin) { return Unsealed(column: column, version: version, cell: cell) }
        }
        return nil
    }

    /// A cell without a seal: its column (nil: a deletion), version, and version-only hash.
    struct Unsealed {
        var column: Int?
        var version: CellVersion
        var cell: UInt64
    }

    /// Records a forgery once (found here or reported from below) with a stamp, so that it is
    /// relayed upwards, and audits it; returns the next stamp after the one it took.
    func recordForgery(_ report: ForgeryReport, detail: String, seq: Int64, wallMillis: Int64, nowMillis: Int64, _ db: Database) throws -> Int64 {
        let next = HLC.nextStamp(after: seq, wallMillis: wallMillis)
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO _ld_forgery (stamp, at_ms, reporter, link, origin, tbl, cell, hlc, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            next, nowMillis, report.reporter.rawValue, report.link.rawValue, report.origin.rawValue, report.table, Int64(bitPattern: report.cell),
            report.hlc.rawValue, detail,
        ])
        guard db.changesCount > 0 else { return seq }
        try appendAudit(.forgery, peer: report.link, detail: report.reporter == node ? detail : "reported by node \(report.reporter): \(detail)", nowMillis: nowMillis, db)
        return next
    }

    /// A seal's identity: the first 8 bytes of SHA-256 over its kind, origin and cells.
    static func contentDigest(_ seal: Seal) -> UInt64 {
        var hash = SHA256()
        hash.update(data: SealHash.signedMessage(origin: seal.origin, cells: seal.cells, personal: seal.personal))
        return hash.finalize().withUnsafeBytes { raw in (0..<8).reduce(UInt64(0)) { $0 | UInt64(raw[$1]) << (8 * UInt64($1)) } }
    }

    // MARK: The parent's own seals (SPEC §18.5)

    /// Keeps the seals the parent sent over its own cells, indexed by cell hash, so that a repair
    /// back to it after it was restored from a backup carries them.
    func keepParentSeals(_ chunk: ChangeChunk, from parent: NodeID, _ db: Database) throws {
        for seal in chunk.seals where seal.origin == parent {
            let digest = Int64(bitPattern: Self.contentDigest(seal))
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO _ld_parent_seal (cells, signature, personal, digest) VALUES (?, ?, ?, ?)")
                .execute(arguments: [Data(seal.cellBytes), Data(seal.signature), seal.personal, digest])
            guard db.changesCount > 0 else { continue }
            try indexCells(seal.cells, seal: db.lastInsertedRowID, in: "_ld_parent_cell", db)
        }
    }

    /// Indexes `cells` by hash to the kept seal `seal` (`_ld_parent_cell`, `_ld_child_cell`).
    private func indexCells(_ cells: [UInt64], seal: Int64, in index: String, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(index) (hash, seal) VALUES (?, ?)")
        for cell in cells { try insert.execute(arguments: [Int64(bitPattern: cell), seal]) }
    }

    /// The parent's seals that cover the parent's own cells among `rows` (at most `Seal.maxSeals`).
    public func parentSeals(covering rows: [RowChange], parent: NodeID) throws(StoreError) -> [Seal] {
        try keptSeals(covering: rows, by: parent, index: "_ld_parent_cell", seals: "_ld_parent_seal", id: "id")
    }

    /// Child `child`'s own seals, kept for relaying, that cover its cells among `rows` (at most
    /// `Seal.maxSeals`): sent back down with them when it went back in time (SPEC §18.6).
    public func childSeals(covering rows: [RowChange], child: NodeID) throws(StoreError) -> [Seal] {
        try keptSeals(covering: rows, by: child, index: "_ld_child_cell", seals: "_ld_seal", id: "stamp")
    }

    private func keptSeals(covering rows: [RowChange], by origin: NodeID, index: String, seals: String, id: String) throws(StoreError) -> [Seal] {
        var wanted = SealHash.Cells()
        let personal = personalColumns
        for row in rows { SealHash.appendCells(of: row, by: origin, personal: personal[row.table], to: &wanted) }
        let hashes = wanted.main + wanted.personal
        guard !hashes.isEmpty else { return [] }
        return try read { db in
            var ids: [Int64] = []
            var seen: Set<Int64> = []
            let find = try db.cachedStatement(sql: "SELECT seal FROM \(index) WHERE hash = ?")
            for hash in hashes {
                guard let id = try Int64.fetchOne(find, arguments: [Int64(bitPattern: hash)]), seen.insert(id).inserted else { continue }
                ids.append(id)
                if ids.count == Seal.maxSeals { break }
            }
            let fetch = try db.cachedStatement(sql: "SELECT cells, signature, personal FROM \(seals) WHERE \(id) = ?")
            return try ids.compactMap { id in
                guard let row = try Row.fetchOne(fetch, arguments: [id]), let cells = Seal.cells(fromBytes: Array(row[0] as Data)) else { return nil }
                return Seal(origin: origin, cells: cells, signature: Array(row[1] as Data), personal: row[2])
            }
        }
    }

    // MARK: Own cells that came from the parent (SPEC §18.6)

    /// Records the cells in this node's own name that `merged` sets here and that came from the
    /// parent, not from this node's writer: a node never seals those (SPEC §18.6), or a parent
    /// could launder a cell it invented in its child's name through the child's next repair.
    /// Hashes are the full form of each cell (and the version-only form of a personal cell) and
    /// the deletion form, as `SealHash.appendCells` makes them; `vouched` are the hashes this
    /// node's own verified seals cover, which stay sealable.
    func recordUnvouched(merged: RowChange, local: RowChange?, columnCount: Int, vouched: Set<UInt64>, _ db: Database) throws {
        var fresh: [UInt64] = []
        if !merged.isLive {
            let version = merged.versions.base
            guard version.origin == node, local.map({ $0.isLive && !$0.versions.expanded(columnCount: columnCount).contains { $0.origin == node } }) ?? true else { return }
            fresh.append(SealHash.deletion(table: merged.table, key: merged.key, causalLength: merged.causalLength, version: version))
        } else {
            let versions = merged.versions.expanded(columnCount: columnCount)
            guard versions.contains(where: { $0.origin == node }) else { return }
            let before = local.flatMap { $0.isLive ? $0.versions.expanded(columnCount: columnCount) : nil }
            let personal = personalColumns[merged.table]
            for (column, version) in versions.enumerated() where version.origin == node {
                // A cell this node holds in its own name already (its write, re-stamped earlier
                // since, say, after its clock was corrected, SPEC §4.5) came back as this node wrote it.
                if let before, before[column].origin == node { continue }
                fresh.append(SealHash.cell(table: merged.table, key: merged.key, column: column, version: version, value: merged.values[column]))
                if personal[column] { fresh.append(SealHash.version(table: merged.table, key: merged.key, column: column, version: version)) }
            }
        }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO _ld_unvouched (hash) VALUES (?)")
        for hash in fresh where !vouched.contains(hash) {
            try insert.execute(arguments: [Int64(bitPattern: hash)])
        }
    }

    /// Which of `cells` (hashes of this node's own cells about to be sealed) came from the parent
    /// unvouched (`recordUnvouched`): the sealer leaves those out.
    public func unvouched(among cells: SealHash.Cells) throws(StoreError) -> Set<UInt64> {
        try read { db in
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM _ld_unvouched)")) == true else { return [] }
            let find = try db.cachedStatement(sql: "SELECT 1 FROM _ld_unvouched WHERE hash = ?")
            var found: Set<UInt64> = []
            for hash in cells.main + cells.personal where try Int64.fetchOne(find, arguments: [Int64(bitPattern: hash)]) != nil {
                found.insert(hash)
            }
            return found
        }
    }

    // MARK: Sending

    /// The seals and reports stamped in `(after, upTo]`, for a chunk to the parent `peer`
    /// (personal seals only when the parent is not above the privacy ceiling). Returns them and
    /// the chunk's new `upTo` when they are more than a chunk may carry.
    func relayedSeals(for peer: NodeID, after: Int64, upTo: Int64, _ db: Database) throws -> (seals: [Seal], reports: [ForgeryReport], upTo: Int64) {
        // Towards a parent, crossing the ceiling means the parent is above it.
        let abovePeer = Self.crossesPrivacyCeiling(node, peer)
        var seals: [Seal] = []
        var cells = 0
        var upTo = upTo
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT stamp, origin, cells, signature, personal FROM _ld_seal WHERE stamp > ? AND stamp <= ? ORDER BY stamp"),
            arguments: [after, upTo])
        while let row = try rows.next() {
            if abovePeer, row[4] as Bool { continue }
            guard let hashes = Seal.cells(fromBytes: Array(row[2] as Data)) else { continue }
            if seals.count == Seal.maxSeals || cells + hashes.count > Seal.maxCells {
                // The rest goes in the next chunk: this one ends before the seal that does not fit.
                upTo = (row[0] as Int64) - 1
                break
            }
            seals.append(Seal(origin: NodeID(rawValue: row[1]), cells: hashes, signature: Array(row[3] as Data), personal: row[4]))
            cells += hashes.count
        }
        let reports = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT reporter, link, origin, tbl, cell, hlc FROM _ld_forgery WHERE stamp > ? AND stamp <= ? ORDER BY stamp LIMIT ?"),
            arguments: [after, upTo, Seal.maxSeals]
        ).map { row in
            ForgeryReport(
                reporter: NodeID(rawValue: row[0]), link: NodeID(rawValue: row[1]), origin: NodeID(rawValue: row[2]), table: row[3],
                cell: UInt64(bitPattern: row[4]), hlc: HLC(rawValue: row[5]))
        }
        return (seals, reports, upTo)
    }

    // MARK: Status

    /// How many cell hashes of verified seals this node holds (what it can check relayed cells with).
    public func sealedCellCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM _ld_sealed") ?? 0 }
    }

    /// Forgeries found here or reported from below, newest first.
    public func forgeries(limit: Int = 100) throws(StoreError) -> [ForgeryRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT at_ms, reporter, link, origin, tbl, cell, hlc, detail FROM _ld_forgery ORDER BY id DESC LIMIT ?", arguments: [limit]
            ).map { row in
                ForgeryRecord(
                    atMillis: row[0],
                    report: ForgeryReport(
                        reporter: NodeID(rawValue: row[1]), link: NodeID(rawValue: row[2]), origin: NodeID(rawValue: row[3]), table: row[4],
                        cell: UInt64(bitPattern: row[5]), hlc: HLC(rawValue: row[6])),
                    detail: row[7])
            }
        }
    }

}
