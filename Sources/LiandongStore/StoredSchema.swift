import Foundation
import GRDB
import LiandongCore

/// How a replica file records the schema it holds (docs/upgrades.md), in settings of
/// `_ld_setting`:
///
/// - `schema.format`: the format of the two settings below, `StoredSchema.format` (1). A file
///   of a later format is refused: it was written by a later Liandong.
/// - `schema.declaration`: the declaration as the language-neutral JSON of Protocols/SPEC.md §6.1
///   (`ReplicaSchema.declarationJSON`, read back by `ReplicaSchema(declarationJSON:localSQL:)`),
///   the same text as `Protocols/schemas/<name>.json` for a shipped schema at that version.
/// - `schema.local_sql`: the local SQL (indexes, views) as a JSON array of strings.
/// - `schema.name`, `schema.version`: the name and version, readable without parsing the
///   declaration; SQLite's `PRAGMA user_version` holds the version as well.
///
/// Versions up to `gov` v5 stored Swift's synthesized `Codable` encoding of `ReplicaSchema` under
/// the key `schema` instead (`LegacySchemaSetting`); opening such a file rewrites it in this
/// format, once, in one transaction (`Replica.open`).
enum StoredSchema {
    /// The format this build writes and reads.
    static let format = 1
    static let formatKey = "schema.format"
    static let declarationKey = "schema.declaration"
    static let localSQLKey = "schema.local_sql"
    static let nameKey = "schema.name"
    static let versionKey = "schema.version"
    /// JSON `{"table":{"column":clock},…}`: columns an upgrade appended in place, each with the
    /// node's clock when it did (`TableSQL.lateColumns`).
    static let lateColumnsKey = "schema.late_columns"

    /// The columns upgrades appended in place, by table and column name (empty: none).
    static func lateColumns(_ db: Database) throws -> [String: [String: Int64]] {
        guard let text = try setting(lateColumnsKey, db) else { return [:] }
        do { return try JSONDecoder().decode([String: [String: Int64]].self, from: Data(text.utf8)) } catch {
            throw StoreError(.corrupt, "the replica's setting \(lateColumnsKey) is not a JSON map of tables to columns and clocks", underlying: error)
        }
    }

    /// Records that an upgrade appended `columns` to `table` when the node's clock read `clock`.
    static func addLateColumns(_ columns: [String], of table: String, clock: Int64, _ db: Database) throws {
        var late = try lateColumns(db)
        for column in columns { late[table, default: [:]][column] = clock }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(late), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [lateColumnsKey, text])
    }

    /// The schema's name and version as the file records them, without changing it: from the
    /// current format's settings, else from the legacy setting; nil for a file that records no
    /// schema. Throws when the format is later than this build's.
    static func recorded(_ db: Database) throws -> (name: String, version: Int)? {
        guard try db.tableExists("_ld_setting") else { return nil }
        if let format = try setting(formatKey, db) {
            guard let number = Int(format), number <= Self.format else {
                throw StoreError(
                    .configuration,
                    "the replica records its schema in format \(format), and this build of liandong reads format \(Self.format) and earlier; run a liandong at least as new as the one that wrote the file")
            }
            guard let name = try setting(nameKey, db), let version = try setting(versionKey, db).flatMap({ Int($0) }) else {
                throw StoreError(.corrupt, "the replica's settings \(nameKey) and \(versionKey) are missing or not a name and a number")
            }
            return (name, version)
        }
        if let legacy = try setting(LegacySchemaSetting.key, db) {
            let schema = try LegacySchemaSetting.decode(legacy)
            return (schema.name, schema.version)
        }
        return nil
    }

    /// The schema the file records in the current format; nil when it records none in it.
    static func read(_ db: Database) throws -> ReplicaSchema? {
        guard let recorded = try recorded(db), let declaration = try setting(declarationKey, db) else { return nil }
        let localSQL: [String]
        if let text = try setting(localSQLKey, db) {
            do { localSQL = try JSONDecoder().decode([String].self, from: Data(text.utf8)) } catch {
                throw StoreError(.corrupt, "the replica's setting \(localSQLKey) is not a JSON array of strings", underlying: error)
            }
        } else {
            localSQL = []
        }
        let schema: ReplicaSchema
        do {
            schema = try ReplicaSchema(declarationJSON: declaration, localSQL: localSQL)
        } catch {
            throw StoreError(.corrupt, "the replica's setting \(declarationKey) cannot be read", underlying: error)
        }
        guard schema.name == recorded.name, schema.version == recorded.version else {
            throw StoreError(
                .corrupt,
                "the replica's settings say schema \(recorded.name) v\(recorded.version) but its declaration is \(schema.name) v\(schema.version); restore the file from a backup")
        }
        return schema
    }

    /// Records `schema` in the current format inside the caller's write transaction, replacing
    /// whatever the file recorded before (the legacy setting included), and sets
    /// `PRAGMA user_version` to its version.
    static func write(_ schema: ReplicaSchema, _ db: Database) throws {
        let localSQL = String(decoding: try JSONEncoder().encode(schema.localSQL), as: UTF8.self)
        let values = [
            formatKey: String(Self.format), nameKey: schema.name, versionKey: String(schema.version), declarationKey: schema.declarationJSON,
            localSQLKey: localSQL,
        ]
        for (key, value) in values {
            try db.execute(
                sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        }
        try db.execute(sql: "DELETE FROM _ld_setting WHERE key = ?", arguments: [LegacySchemaSetting.key])
        // A pragma takes no bound parameter; the version is an integer.
        try db.execute(sql: "PRAGMA user_version = \(schema.version)")
    }

    /// Rewrites a file that records its schema only in the legacy setting in the current format,
    /// inside the caller's write transaction. Returns the legacy schema when it did.
    static func rewriteLegacy(_ db: Database) throws -> ReplicaSchema? {
        guard try setting(formatKey, db) == nil, let legacy = try setting(LegacySchemaSetting.key, db) else { return nil }
        let schema = try LegacySchemaSetting.decode(legacy)
        // The new format must say what the old one did before the old one goes: the same
        // fingerprint (it covers every rule of the declaration) and the same local SQL.
        let restated = try ReplicaSchema(declarationJSON: schema.declarationJSON, localSQL: schema.localSQL)
        guard restated.fingerprint == schema.fingerprint, restated.localSQL == schema.localSQL else {
            throw StoreError(
                .configuration,
                "schema \(schema.name) v\(schema.version) recorded by an earlier version does not read back the same from the declaration format; the file is left as it was")
        }
        try write(schema, db)
        return schema
    }

    private static func setting(_ key: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM _ld_setting WHERE key = ?", arguments: [key])
    }
}

/// LEGACY READER — do not use for anything new. Versions up to `gov` v5 stored the schema under
/// the `_ld_setting` key `schema` as Swift's synthesized `Codable` encoding of `ReplicaSchema`
/// (with the shims `StatusLattice` and `PersonalData` keep for names earlier versions used).
/// That encoding follows Swift's property and case names, so it is read only to move a file to
/// `StoredSchema`'s format, once, when the file is opened; it is never written.
enum LegacySchemaSetting {
    static let key = "schema"

    static func decode(_ json: String) throws -> ReplicaSchema {
        do {
            return try JSONDecoder().decode(ReplicaSchema.self, from: Data(json.utf8))
        } catch {
            throw StoreError(.corrupt, "the replica's legacy setting '\(key)' (the schema as earlier versions stored it) cannot be read", underlying: error)
        }
    }
}
