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
    /// node's stamp order), the cell hashes of verified seals (`_ld_sealed`), cells received in a
    /// checked node's name that no verified seal covers yet (`_ld_unsealed`), and forgeries found
    /// here or reported from below (`_ld_forgery`, relayed upwards too).
    static let sealTables = """
        CREATE TABLE IF NOT EXISTS _ld_seal (
            stamp INTEGER PRIMARY KEY,
            origin INTEGER NOT NULL,
            cells BLOB NOT NULL,
            signature BLOB NOT NULL,
            personal INTEGER NOT NULL,
            peer INTEGER NOT NULL,
            digest INTEGER NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS _ld_sealed (hash INTEGER NOT NULL, origin INTEGER NOT NULL, PRIMARY KEY (hash, origin)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _ld_unsealed (
            hash INTEGER NOT NULL,
            origin INTEGER NOT NULL,
            link INTEGER NOT NULL,
            tbl INTEGER NOT NULL,
            key BLOB NOT NULL,
            col INTEGER NOT NULL,
            hlc INTEGER NOT NULL,
            cell INTEGER NOT NULL,
            since_ms INTEGER NOT NULL,
            PRIMARY KEY (hash, origin)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS _ld_unsealed_link ON _ld_unsealed (link);
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
        """

    /// The column index that marks a deletion in `_ld_unsealed`.
    static let deletionColumn = -1

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
        for seal in chunk.seals {
            guard peer.isAncestorOrSelf(of: seal.origin) else {
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
                let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO _ld_sealed (hash, origin) VALUES (?, ?)")
                let settle = try db.cachedStatement(sql: "DELETE FROM _ld_unsealed WHERE hash = ? AND origin = ?")
                for cell in seal.cells {
                    let arguments: StatementArguments = [Int64(bitPattern: cell), seal.origin.rawValue]
                    try insert.execute(arguments: arguments)
                    try settle.execute(arguments: arguments)
                }
            }
            let next = HLC.nextStamp(after: seq, wallMillis: wallMillis)
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO _ld_seal (stamp, origin, cells, signature, personal, peer, digest) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [next, seal.origin.rawValue, Data(seal.cellBytes), Data(seal.signature), seal.personal, peer.rawValue, Int64(bitPattern: Self.contentDigest(seal))])
            if db.changesCount > 0 { seq = next }
        }
        for report in chunk.reports where peer.isAncestorOrSelf(of: report.reporter) && report.reporter.isAncestorOrSelf(of: report.link) {
            seq = try recordForgery(report, detail: report.description, seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
        }
        return seq
    }

    /// Checks the cells a merge from child `peer` set at this node: each cell (or deletion) whose
    /// version names a node below `peer` with a registered key must be in a verified seal, or it
    /// waits in `_ld_unsealed` until one arrives or the link is found in sync (`settleSeals`).
    func checkSealed(merged: RowChange, local: RowChange?, from peer: NodeID, check: SealCheck, columnCount: Int, nowMillis: Int64, _ db: Database) throws {
        func needsSeal(_ version: CellVersion) -> Bool {
            version.origin != peer && peer.isAncestorOrSelf(of: version.origin) && check.keys[version.origin] != nil
        }
        func expect(_ hash: UInt64, cell: UInt64, column: Int, version: CellVersion) throws {
            let sealed = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM _ld_sealed WHERE hash = ? AND origin = ?"), arguments: [Int64(bitPattern: hash), version.origin.rawValue])
            guard sealed == nil else { return }
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO _ld_unsealed (hash, origin, link, tbl, key, col, hlc, cell, since_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                Int64(bitPattern: hash), version.origin.rawValue, peer.rawValue, merged.table, Data(KeyBlob.encode(merged.key)), column,
                version.hlc.rawValue, Int64(bitPattern: cell), nowMillis,
            ])
        }
        guard merged.isLive else {
            let version = merged.versions.base
            guard needsSeal(version), local.map({ $0.isLive || $0.versions.base != version }) ?? true else { return }
            let hash = SealHash.deletion(table: merged.table, key: merged.key, causalLength: merged.causalLength, version: version)
            try expect(hash, cell: hash, column: Self.deletionColumn, version: version)
            return
        }
        let versions = merged.versions.expanded(columnCount: columnCount)
        let before = local.flatMap { $0.isLive ? $0.versions.expanded(columnCount: columnCount) : nil }
        let personal = schema.tables[merged.table].columns.map { $0.personal != nil }
        for (column, version) in versions.enumerated() where needsSeal(version) && before?[column] != version {
            let cell = SealHash.version(table: merged.table, key: merged.key, column: column, version: version)
            let hash =
                personal[column] && checksVersionsOnly
                ? cell : SealHash.cell(table: merged.table, key: merged.key, column: column, version: version, value: merged.values[column])
            try expect(hash, cell: cell, column: column, version: version)
        }
    }

    /// Once the link to child `peer` is in sync (digests agree, so every seal sent before its
    /// rows has arrived), every cell still waiting for a seal that this node still holds at that
    /// version is a forgery by `peer`'s subtree: recorded (`_ld_forgery`, relayed upwards), and
    /// audited. Cells overwritten since are dropped. Returns the new findings.
    @discardableResult
    public func settleSeals(link peer: NodeID, nowMillis: Int64, wallMillis: Int64? = nil) throws(StoreError) -> [ForgeryRecord] {
        let wallMillis = wallMillis ?? nowMillis
        let tables = self.tables
        return try onWriter(.immediate, waitingAtMost: Self.mergeBusyMillis, stampsInserts: false, doing: "checking the seals of node \(peer)'s subtree") { db in
            let waiting = try Row.fetchAll(db, sql: "SELECT hash, origin, tbl, key, col, hlc, cell FROM _ld_unsealed WHERE link = ?", arguments: [peer.rawValue])
            guard !waiting.isEmpty else { return [] }
            var seq = try Int64.fetchOne(db, sql: "SELECT seq FROM _ld_clock") ?? 0
            var found: [ForgeryRecord] = []
            for entry in waiting {
                let origin = NodeID(rawValue: entry[1])
                let tableIndex: Int = entry[2]
                let column: Int = entry[4]
                let hlc = HLC(rawValue: entry[5])
                try db.execute(sql: "DELETE FROM _ld_unsealed WHERE hash = ? AND origin = ?", arguments: [entry[0] as Int64, origin.rawValue])
                guard tableIndex >= 0, tableIndex < tables.count, let key = KeyBlob.decode(Array(entry[3] as Data)) else { continue }
                let table = tables[tableIndex]
                guard let held = try table.load(key, db) else { continue }
                let version = CellVersion(hlc: hlc, origin: origin)
                let stillHeld =
                    column == Self.deletionColumn
                    ? !held.isLive && held.versions.base == version
                    : held.isLive && column < table.spec.columns.count && held.versions.expanded(columnCount: table.spec.columns.count)[column] == version
                guard stillHeld else { continue }
                let what = column == Self.deletionColumn ? "a deletion" : "column \(table.spec.columns[column].name)"
                let report = ForgeryReport(reporter: node, link: peer, origin: origin, table: tableIndex, cell: UInt64(bitPattern: entry[6]), hlc: hlc)
                let detail =
                    "\(what) of table \(table.spec.name), key \(key.map(\.description).joined(separator: ",")), in node \(origin)'s name at \(hlc.rawValue): "
                    + "\(origin) never sealed it; it came through node \(peer) (伪造 forgery by node \(peer) or below it)"
                let before = seq
                seq = try recordForgery(report, detail: detail, seq: seq, wallMillis: wallMillis, nowMillis: nowMillis, db)
                if seq != before { found.append(ForgeryRecord(atMillis: nowMillis, report: report, detail: detail)) }
            }
            try db.execute(sql: "UPDATE _ld_clock SET seq = ?", arguments: [seq])
            return found
        }!
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

    // MARK: Sending

    /// The seals and reports stamped in `(after, upTo]`, for a chunk to the parent `peer`
    /// (personal seals only when the parent is not above the privacy ceiling). Returns them and
    /// the chunk's new `upTo` when they are more than a chunk may carry.
    func relayedSeals(for peer: NodeID, after: Int64, upTo: Int64, _ db: Database) throws -> (seals: [Seal], reports: [ForgeryReport], upTo: Int64) {
        let abovePeer = peer.tier < PrivacyProjection.ceiling && node.tier >= PrivacyProjection.ceiling
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

    /// How many cells received from each child link still wait for a seal.
    public func unsealedCounts() throws(StoreError) -> [NodeID: Int] {
        try read { db in
            var counts: [NodeID: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT link, count(*) FROM _ld_unsealed GROUP BY link") { counts[NodeID(rawValue: row[0])] = row[1] }
            return counts
        }
    }
}

/// A primary key as bytes, for bookkeeping tables (`_ld_unsealed`): per value a type byte, then 8
/// bytes little-endian, or a 4-byte length and the bytes.
enum KeyBlob {
    static func encode(_ key: [ColumnValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func length(_ count: Int) { withUnsafeBytes(of: UInt32(count).littleEndian) { bytes += $0 } }
        for value in key {
            switch value {
            case .null: bytes.append(0)
            case .integer(let v):
                bytes.append(1)
                word(UInt64(bitPattern: v))
            case .real(let v):
                bytes.append(2)
                word(v.bitPattern)
            case .text(let v):
                bytes.append(3)
                length(v.utf8.count)
                bytes += v.utf8
            case .blob(let v):
                bytes.append(4)
                length(v.count)
                bytes += v
            }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [ColumnValue]? {
        var values: [ColumnValue] = []
        var index = 0
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, index + count <= bytes.count else { return nil }
            defer { index += count }
            return bytes[index..<index + count]
        }
        func word() -> UInt64? { take(8).map { $0.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } } }
        func length() -> Int? { take(4).map { Int($0.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) } }
        while index < bytes.count {
            let type = bytes[index]
            index += 1
            switch type {
            case 0: values.append(.null)
            case 1:
                guard let w = word() else { return nil }
                values.append(.integer(Int64(bitPattern: w)))
            case 2:
                guard let w = word() else { return nil }
                values.append(.real(Double(bitPattern: w)))
            case 3:
                guard let n = length(), let text = take(n) else { return nil }
                values.append(.text(String(decoding: text, as: UTF8.self)))
            case 4:
                guard let n = length(), let blob = take(n) else { return nil }
                values.append(.blob(Array(blob)))
            default: return nil
            }
        }
        return values
    }
}
