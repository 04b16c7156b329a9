import Foundation
import GRDB
import LiandongCore

extension Replica {
    /// This replica under `newer`, a later version of the declaration it was created with that
    /// the file can follow in place (`followsInPlace`): more personal columns (such as `gov`
    /// version 2's free text, scrubbed on the way to the city), nullable columns appended to a
    /// table (added empty, at the base version, on every node alike), other write rules (`gov`
    /// version 4: who raises, answers and closes supervision alerts), or other rules for a
    /// status lattice's writes with the same merge order (`gov` version 3's state machine).
    /// One step of `upgrading(through:)`, without SQL of its own. A replica already at
    /// `newer`'s version (or another schema) is returned as it is; a newer declaration that
    /// changes anything else is refused, since the file's tables would not match it.
    public func adoptingDeclaration(_ newer: ReplicaSchema) throws(StoreError) -> Replica {
        guard newer.name == schema.name, newer.version > schema.version else { return self }
        return try upgrading(through: [SchemaMigration(version: newer.version, declaration: newer)]).replica
    }

    /// This replica after `steps` (later versions of its schema, in order), all in one
    /// transaction: each step's SQL runs, then its declaration is adopted in place — the stored
    /// declaration replaced (`StoredSchema`), appended columns added, the capture and guard
    /// triggers created again from it. Above the privacy ceiling (the city), the values that
    /// newly personal columns already hold are masked in place, as they would have arrived
    /// under the new declaration (free text scrubbed; a new hash column emptied, since the city
    /// has no key), keeping their versions, with `secure_delete` so that the raw bytes leave the
    /// file. Every step is checked (`followsInPlace`) before anything is written; a step the
    /// file cannot follow refuses the whole upgrade and the file stays as it was. Returns the
    /// replica read again and what each step did. The only way a replica's declaration changes
    /// (docs/upgrades.md): `liandong upgrade` backs the file up first (`upgrade(through:)`).
    public func upgrading(through steps: [SchemaMigration]) throws(StoreError) -> (replica: Replica, applied: [SchemaUpgradeStep]) {
        var applied = try plan(steps)
        guard !steps.isEmpty else { return (self, []) }
        let start = schema
        let masksHere = node.tier < PrivacyProjection.ceiling
        let masked = try write { db -> [Int] in
            var masked: [Int] = []
            var older = start
            for step in steps {
                for statement in step.sql { try db.execute(sql: statement) }
                masked.append(try Self.adopt(older, step.declaration, masking: masksHere, db))
                older = step.declaration
            }
            return masked
        }
        for index in applied.indices { applied[index].maskedValues = masked[index] }
        if masked.contains(where: { $0 > 0 }) {
            do {
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            } catch {
                throw StoreError.from(error, path: path, doing: "checkpointing after masking personal data")
            }
        }
        for step in applied {
            logger.notice(
                "adopted schema \(step.name) v\(step.to) (from v\(step.from)) in place: \(step.changes)",
                metadata: ["replica.path": "\(path)", "schema.version": "\(step.to)", "privacy.masked_values": "\(step.maskedValues)"])
        }
        return (try reopened(), applied)
    }

    /// What `steps` would do to this replica, checked step by step without writing anything:
    /// each reaches a later version of this schema that the file can follow in place from the
    /// step before.
    func plan(_ steps: [SchemaMigration]) throws(StoreError) -> [SchemaUpgradeStep] {
        var applied: [SchemaUpgradeStep] = []
        var older = schema
        for step in steps {
            let newer = step.declaration
            guard newer.name == older.name, newer.version == step.version, newer.version > older.version else {
                throw StoreError(
                    .configuration, "cannot upgrade schema \(older.name) v\(older.version) by a step to \(newer.name) v\(newer.version)", path: path)
            }
            guard Self.followsInPlace(older, newer) else {
                throw StoreError(
                    .configuration,
                    "the replica holds schema \(older.name) v\(older.version), and v\(newer.version) changes more than its personal-data declarations, appended tables and columns, write rules and status rules; create a new replica with `liandong init` and let it resync",
                    path: path)
            }
            do { try newer.validate() } catch { throw StoreError(.invalidChange, "schema \(newer.name) v\(newer.version): \(error.description)", path: path) }
            applied.append(SchemaUpgradeStep(name: newer.name, from: older.version, to: newer.version, changes: Self.changes(older, newer, sql: step.sql)))
            older = newer
        }
        return applied
    }

    /// Adopts `newer` in place of `older` in the caller's write transaction (`upgrading`);
    /// returns how many values it masked.
    static func adopt(_ older: ReplicaSchema, _ newer: ReplicaSchema, masking: Bool, _ db: Database) throws -> Int {
        try StoredSchema.write(newer, db)
        // Appended columns are added empty, without rewriting a row: the rows held now read them
        // at the never-written version (`TableSQL.lateColumns`), below every real write, so
        // that what a neighbour of the newer version wrote there always wins (SPEC §12.1).
        // Personal ones read at each row's base version, as before: on a personal column that
        // pair means withheld (§17.4), and a version appending one is not additive anyway, so its
        // subtree upgrades together.
        let clock = try Int64.fetchOne(db, sql: "SELECT hlc FROM _ld_clock") ?? 0
        for (old, table) in zip(older.tables, newer.tables) where table.columns.count > old.columns.count {
            for column in table.columns[old.columns.count...] {
                try db.execute(sql: "ALTER TABLE \(table.name) ADD COLUMN \(column.name) \(column.affinity.rawValue)")
            }
            let late = table.columns[old.columns.count...].filter { $0.personal == nil }.map(\.name)
            if !late.isEmpty { try StoredSchema.addLateColumns(late, of: table.name, clock: clock + 1, db) }
            // The update capture lists the table's columns.
            for statement in ChangeCaptureSQL.upgrade(table) { try db.execute(sql: statement) }
        }
        // Appended tables start empty; their rows come by sync.
        for table in newer.tables.dropFirst(older.tables.count) {
            for statement in ChangeCaptureSQL.install(table) { try db.execute(sql: statement) }
        }
        for statement in newer.localSQL.dropFirst(older.localSQL.count) { try db.execute(sql: statement) }
        for table in newer.tables {
            let old = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%\\_\\_ld\\_guard%' ESCAPE '\\'", arguments: [table.name])
            for trigger in old { try db.execute(sql: "DROP TRIGGER \(trigger)") }
            for statement in ChangeCaptureSQL.guards(table) { try db.execute(sql: statement) }
        }
        return masking ? try maskNewlyPersonal(older, newer, db) : 0
    }

    /// What `newer` changes from `older` (which `followsInPlace`), in words for the operator:
    /// the appended columns, the newly personal ones, the tables and columns whose write or
    /// status rules change, and the step's SQL.
    static func changes(_ older: ReplicaSchema, _ newer: ReplicaSchema, sql: [String]) -> String {
        var appended: [String] = []
        var personal: [String] = []
        var rules: [String] = []
        var lattices: [String] = []
        for (old, table) in zip(older.tables, newer.tables) {
            appended += table.columns.dropFirst(old.columns.count).map { "\(table.name).\($0.name)" }
            if (old.insert, old.update, old.delete) != (table.insert, table.update, table.delete) { rules.append(table.name) }
            for (before, column) in zip(old.columns, table.columns) {
                if before.personal != column.personal { personal.append("\(table.name).\(column.name)") }
                if before.writers != column.writers { rules.append("\(table.name).\(column.name)") }
                if before.lattice != column.lattice { lattices.append("\(table.name).\(column.name)") }
            }
        }
        var parts: [String] = []
        if !sql.isEmpty { parts.append("ran \(sql.count) SQL statement\(sql.count == 1 ? "" : "s")") }
        let tables = newer.tables.dropFirst(older.tables.count).map(\.name)
        if !tables.isEmpty { parts.append("appended tables \(tables.joined(separator: ", "))") }
        if !appended.isEmpty { parts.append("appended columns \(appended.joined(separator: ", "))") }
        if !personal.isEmpty { parts.append("personal data \(personal.joined(separator: ", "))") }
        if !rules.isEmpty { parts.append("write rules of \(rules.joined(separator: ", "))") }
        if !lattices.isEmpty { parts.append("status rules of \(lattices.joined(separator: ", "))") }
        return parts.isEmpty ? "the declaration's version only" : parts.joined(separator: "; ")
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
        guard older.tables.count <= newer.tables.count, newer.localSQL.starts(with: older.localSQL) else { return false }
        let names = Set(older.tables.map(\.name))
        guard newer.tables.dropFirst(older.tables.count).allSatisfy({ !names.contains($0.name) }) else { return false }
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
                // New status values may come between the old ones; the old ones keep their order.
                if let lattice = adjusted.columns[index].lattice, let before = old.columns[index].lattice,
                    lattice.order.filter(before.order.contains) == before.order
                {
                    adjusted.columns[index].lattice = before
                }
            }
            guard adjusted == old else { return false }
        }
        return true
    }
}

/// One step an upgrade applied: the schema, the versions, and what changed (for the operator).
public struct SchemaUpgradeStep: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var from: Int
    public var to: Int
    /// What the step changed, in words: "appended columns evaluation.window_no, …".
    public var changes: String
    /// How many values already held were masked as newly personal data (the city only).
    public var maskedValues: Int = 0

    /// "schema gov v4 → v5: appended columns …".
    public var description: String {
        "schema \(name) v\(from) → v\(to): \(changes)" + (maskedValues > 0 ? "; masked \(maskedValues) personal values held above the privacy ceiling" : "")
    }
}
