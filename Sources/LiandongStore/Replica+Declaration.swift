import Foundation
import GRDB
import LiandongCore

extension Replica {
    /// This replica under `newer`, a later version of the declaration it was created with that
    /// the file can follow in place (`followsInPlace`): more personal columns (such as `gov`
    /// version 2's free text, scrubbed on the way to the city), nullable columns appended to a
    /// table (added empty, at the base version, on every node alike), other write rules (`gov`
    /// version 4: who raises, answers and closes supervision alerts), or other rules for a
    /// status lattice's writes with the same merge order (`gov` version 3's state machine). The
    /// stored declaration is replaced, appended columns are added, and the capture and guard
    /// triggers are created again from it, in one transaction, and the replica is read again. Above the privacy
    /// ceiling (the city), the values such columns already hold are masked in place, as they
    /// would have arrived under `newer` (free text scrubbed; a new hash column emptied, since
    /// the city has no key), keeping their versions, with `secure_delete` so that the raw bytes
    /// leave the file. A replica already at
    /// `newer`'s version (or another schema) is returned as it is; a newer declaration that
    /// changes anything else is refused, since the file's tables would not match it.
    public func adoptingDeclaration(_ newer: ReplicaSchema) throws(StoreError) -> Replica {
        guard newer.name == schema.name, newer.version > schema.version else { return self }
        guard Self.followsInPlace(schema, newer) else {
            throw StoreError(
                .configuration,
                "the replica holds schema \(schema.name) v\(schema.version), and v\(newer.version) changes more than its personal-data declarations, appended columns, write rules and status rules; create a new replica with `liandong init` and let it resync",
                path: path)
        }
        let json: String
        do { json = String(decoding: try JSONEncoder().encode(newer), as: UTF8.self) } catch {
            throw StoreError(.invalidChange, "cannot encode schema \(newer.name) v\(newer.version)", path: path, underlying: error)
        }
        let older = schema
        let masksHere = node.tier < PrivacyProjection.ceiling
        let masked = try write { db -> Int in
            try db.execute(sql: "UPDATE _ld_setting SET value = ? WHERE key = 'schema'", arguments: [json])
            for (old, table) in zip(older.tables, newer.tables) where table.columns.count > old.columns.count {
                for column in table.columns[old.columns.count...] {
                    try db.execute(sql: "ALTER TABLE \(table.name) ADD COLUMN \(column.name) \(column.affinity.rawValue)")
                }
                // The update capture lists the table's columns.
                for statement in ChangeCaptureSQL.upgrade(table) { try db.execute(sql: statement) }
            }
            for table in newer.tables {
                let old = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%\\_\\_ld\\_guard%' ESCAPE '\\'", arguments: [table.name])
                for trigger in old { try db.execute(sql: "DROP TRIGGER \(trigger)") }
                for statement in ChangeCaptureSQL.guards(table) { try db.execute(sql: statement) }
            }
            return masksHere ? try Self.maskNewlyPersonal(older, newer, db) : 0
        }
        if masked > 0 {
            do {
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            } catch {
                throw StoreError.from(error, path: path, doing: "checkpointing after masking personal data")
            }
        }
        logger.notice(
            "adopted schema \(newer.name) v\(newer.version) (from v\(schema.version)) in place: personal data, appended columns, write rules and status rules as it declares",
            metadata: ["replica.path": "\(path)", "schema.fingerprint": "\(newer.fingerprint)", "privacy.masked_values": "\(masked)"])
        return try reopened()
    }

    /// Masks, in place and keeping their versions, the values of columns `newer` declares
    /// personal and `older` did not, where they are not safe above the ceiling. Capture and
    /// guard triggers stay silent (the merge flag, and the stamp set aside): this is the value
    /// the node would have received, not a write of its own. Returns how many values changed.
    static func maskNewlyPersonal(_ older: ReplicaSchema, _ newer: ReplicaSchema, _ db: Database) throws -> Int {
        var changed = 0
        try db.execute(sql: "PRAGMA secure_delete = ON")
        defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
        try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
        for (old, table) in zip(older.tables, newer.tables) {
            for (index, column) in table.columns.enumerated() where index < old.columns.count && old.columns[index].personal == nil {
                guard let kind = column.personal else { continue }
                let rows = try Row.fetchAll(db, sql: "SELECT rowid, \(column.name) FROM \(table.name) WHERE \(column.name) IS NOT NULL")
                for row in rows {
                    let value = ColumnValue(row[1] as DatabaseValue)
                    guard !kind.isSafeAboveCeiling(value) else { continue }
                    let replacement = column.isKeyedHash ? ColumnValue.null : kind.masked(value)
                    let stored: DatabaseValue = if case .text(let text) = replacement { text.databaseValue } else { .null }
                    // The update capture trigger acts on stamped rows (`_ld_seq > 0`) whose stamp
                    // the statement leaves alone: the stamp is set aside for the one update.
                    let rowid: Int64 = row[0]
                    try db.execute(sql: "UPDATE \(table.name) SET _ld_seq = -_ld_seq WHERE rowid = ?", arguments: [rowid])
                    try db.execute(sql: "UPDATE \(table.name) SET \(column.name) = ? WHERE rowid = ?", arguments: [stored, rowid])
                    try db.execute(sql: "UPDATE \(table.name) SET _ld_seq = -_ld_seq WHERE rowid = ?", arguments: [rowid])
                    changed += 1
                }
            }
        }
        try db.execute(sql: "DELETE FROM _ld_applying")
        return changed
    }

    /// True when the file made under `older` can follow `newer` in place: the same tables, keys
    /// and local SQL; each table's columns those of `older`, then nullable ones appended; a column
    /// may become personal (never the other way); who may create, change or delete a row or
    /// write a column may change (`gov` version 4's supervision alerts); and a status lattice
    /// may change who may make which move and what each status requires, but not its values'
    /// merge order.
    static func followsInPlace(_ older: ReplicaSchema, _ newer: ReplicaSchema) -> Bool {
        guard older.tables.count == newer.tables.count, older.localSQL == newer.localSQL else { return false }
        for (old, new) in zip(older.tables, newer.tables) {
            guard new.columns.count >= old.columns.count, new.columns[old.columns.count...].allSatisfy({ !$0.notNull }) else { return false }
            var adjusted = new
            adjusted.columns = Array(new.columns.prefix(old.columns.count))
            // Who may write is checked by the guards (created again) and at admission, not by
            // the file's shape.
            (adjusted.insert, adjusted.update, adjusted.delete) = (old.insert, old.update, old.delete)
            for index in adjusted.columns.indices {
                adjusted.columns[index].writers = old.columns[index].writers
                if old.columns[index].personal == nil { adjusted.columns[index].personal = nil }
                if let lattice = adjusted.columns[index].lattice, let before = old.columns[index].lattice, lattice.order == before.order {
                    adjusted.columns[index].lattice = before
                }
            }
            guard adjusted == old else { return false }
        }
        return true
    }
}
