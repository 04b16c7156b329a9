import Foundation
import GRDB
import LiandongCore

extension Replica {
    /// This replica under `newer`, a later version of the declaration it was created with that
    /// only declares more personal columns (such as `gov` version 2's free text, scrubbed on the
    /// way to the city): the stored declaration is replaced and the guard triggers are created
    /// again from it, in one transaction, and the replica is read again. A replica already at
    /// `newer`'s version (or another schema) is returned as it is; a newer declaration that
    /// changes anything else is refused, since the file's tables would not match it.
    public func adoptingDeclaration(_ newer: ReplicaSchema) throws(StoreError) -> Replica {
        guard newer.name == schema.name, newer.version > schema.version else { return self }
        guard Self.onlyDeclaresMorePersonalData(schema, newer) else {
            throw StoreError(
                .configuration,
                "the replica holds schema \(schema.name) v\(schema.version), and v\(newer.version) changes more than its personal-data declarations; create a new replica with `liandong init` and let it resync",
                path: path)
        }
        let json: String
        do { json = String(decoding: try JSONEncoder().encode(newer), as: UTF8.self) } catch {
            throw StoreError(.invalidChange, "cannot encode schema \(newer.name) v\(newer.version)", path: path, underlying: error)
        }
        try write { db in
            try db.execute(sql: "UPDATE _ld_setting SET value = ? WHERE key = 'schema'", arguments: [json])
            for table in newer.tables {
                let old = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%\\_\\_ld\\_guard%' ESCAPE '\\'", arguments: [table.name])
                for trigger in old { try db.execute(sql: "DROP TRIGGER \(trigger)") }
                for statement in ChangeCaptureSQL.guards(table) { try db.execute(sql: statement) }
            }
        }
        logger.notice(
            "adopted schema \(newer.name) v\(newer.version) (from v\(schema.version)): more columns are personal data, masked or scrubbed on the way to the city",
            metadata: ["replica.path": "\(path)", "schema.fingerprint": "\(newer.fingerprint)"])
        return try reopened()
    }

    /// True when `newer` equals `older` except for columns that `older` left unmarked and
    /// `newer` declares personal.
    static func onlyDeclaresMorePersonalData(_ older: ReplicaSchema, _ newer: ReplicaSchema) -> Bool {
        guard older.tables.count == newer.tables.count else { return false }
        for (old, new) in zip(older.tables, newer.tables) {
            guard old.columns.count == new.columns.count else { return false }
            var adjusted = new
            for index in new.columns.indices where old.columns[index].personal == nil {
                adjusted.columns[index].personal = nil
            }
            guard adjusted == old else { return false }
        }
        return older.localSQL == newer.localSQL
    }
}
