import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The schema record (docs/upgrades.md) and `liandong upgrade`'s library half: the declaration
/// JSON read back, the `gov` history, replicas of earlier versions as earlier builds wrote them
/// brought to the current version, and a replica newer than the build refused.
@Suite struct UpgradeTests {
    static let town = NodeID(rawValue: 441_702_001_000)

    // MARK: The declaration JSON

    @Test(arguments: ShippedSchemas.all.map(\.name))
    func theDeclarationJSONReadsBackAsTheSameSchema(_ name: String) throws {
        let schema = try #require(ShippedSchemas.named(name))
        let read = try ReplicaSchema(declarationJSON: schema.declarationJSON, localSQL: schema.localSQL)
        #expect(read == schema)
        #expect(read.fingerprint == schema.fingerprint)
    }

    @Test func aDeclarationWhoseFingerprintDoesNotMatchIsRefused() throws {
        let json = GovernmentSchema.schema.declarationJSON
        let edited = json.replacingOccurrences(of: "\"append_only\": true", with: "\"append_only\": false")
        #expect(edited != json)
        #expect { try ReplicaSchema(declarationJSON: edited) } throws: { "\($0)".contains("fingerprint") }
        let unknownRule = json.replacingOccurrences(of: "\"insert\": \"scope-node\"", with: "\"insert\": \"the-mayor\"")
        #expect { try ReplicaSchema(declarationJSON: unknownRule) } throws: { "\($0)".contains("the-mayor") }
        #expect { try ReplicaSchema(declarationJSON: "{}") } throws: { "\($0)".contains("SPEC.md") }
    }

    // MARK: The gov history

    @Test func theGovHistoryEndsAtTheShippedDeclaration() throws {
        let history = try GovernmentHistory.history()
        #expect(history.steps.map(\.version) == Array(2...GovernmentSchema.version))
        #expect(history.steps.last?.declaration == GovernmentSchema.schema)
        // Shipped steps are never edited: their fingerprints are those the versions shipped with
        // (v2's restated lattice: see GovernmentHistory).
        #expect(history.steps.map(\.declaration.fingerprint) == ["f0cb2558c9f7e7f9", "d32a37447e19b40a", "58e2bb06a38c652e", "d0283ec7fcc07165", "ed89fc93e38b9c25"])
        // Every step follows from the one before in place.
        let dir = TemporaryDirectory()
        let first = try Replica.create(at: dir.file("v1.db"), node: Self.town, schema: Self.version1(), logger: testLogger())
        let upgraded = try first.upgrade(through: history)
        #expect(upgraded.applied.map(\.to) == Array(2...GovernmentSchema.version))
    }

    @Test func aHistoryWithAGapIsRefused() throws {
        let steps = try GovernmentHistory.history().steps
        #expect { try SchemaHistory(name: "gov", steps: [steps[0], steps[2]]) } throws: { "\($0)".contains("v2 is followed by v4") }
        #expect { try SchemaHistory(name: "demo", steps: [steps[0]]) } throws: { "\($0)".contains("declares schema gov") }
    }

    // MARK: Replicas of earlier versions

    /// A town replica of gov version `version` as the build of that version wrote it: its
    /// declaration then (from the history), recorded under the legacy key, with rows in tables of
    /// every version, among them one that later versions append columns to.
    static func earlierReplica(version: Int, at path: String, node: NodeID = town) throws {
        let declaration = version == 1 ? try version1() : try #require(try GovernmentHistory.history().steps.first { $0.version == version }).declaration
        let replica = try Replica.create(at: path, node: node, schema: declaration, logger: testLogger())
        try replica.write { db in
            try db.execute(sql: "INSERT INTO org (credit_code, org_name, region_code, scope) VALUES ('ORG-1', '某某镇便民服务中心', '441702001000', ?)", arguments: [node.rawValue])
            try db.execute(
                sql: "INSERT INTO evaluation (eval_id, node_id, level, eval_time, words, scope) VALUES ('E-1', ?, 5, '2026-11-02 10:00:00', '办得快', ?)",
                arguments: [node.rawValue, node.rawValue])
        }
        try recordAsLegacy(declaration, at: path)
    }

    /// Replaces the file's schema record with the one builds before the declaration format wrote.
    static func recordAsLegacy(_ schema: ReplicaSchema, at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM _ld_setting WHERE key LIKE 'schema.%'")
            try db.execute(sql: "INSERT INTO _ld_setting (key, value) VALUES ('schema', ?)", arguments: [String(decoding: try JSONEncoder().encode(schema), as: UTF8.self)])
            try db.execute(sql: "PRAGMA user_version = 0")
        }
        try queue.close()
    }

    /// Version 1: version 2 without the free-text declarations.
    static func version1() throws -> ReplicaSchema {
        var v1 = try #require(try GovernmentHistory.history().steps.first).declaration
        v1.version = 1
        for table in v1.tables.indices {
            for column in v1.tables[table].columns.indices where v1.tables[table].columns[column].personal == .freeText {
                v1.tables[table].columns[column].personal = nil
            }
        }
        return v1
    }

    static func settings(_ replica: Replica) throws -> [String: String] {
        try replica.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM _ld_setting WHERE key LIKE 'schema%'").map { ($0[0], $0[1]) })
        }
    }

    static func userVersion(_ replica: Replica) throws -> Int? {
        try replica.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
    }

    @Test(arguments: 1...5)
    func anEarlierReplicaOpensAndUpgradesToTheCurrentVersion(_ version: Int) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("v\(version).db")
        try Self.earlierReplica(version: version, at: path)

        // Opening rewrites the record in the declaration format, at the version it had.
        let opened = try Replica.open(at: path, logger: testLogger(), shipped: ShippedSchemas.all)
        #expect(opened.schema.version == version)
        let record = try Self.settings(opened)
        #expect(record["schema"] == nil)
        #expect(record["schema.format"] == "1")
        #expect(record["schema.version"] == "\(version)")
        #expect(try ReplicaSchema(declarationJSON: record["schema.declaration"] ?? "").version == version)
        #expect(try Self.userVersion(opened) == version)

        let outcome = try opened.upgrade(through: try GovernmentHistory.history())
        #expect(outcome.applied.map(\.from) == Array(version..<GovernmentSchema.version))
        #expect(outcome.applied.map(\.to) == Array((version + 1)...GovernmentSchema.version))
        if version <= 4 { #expect(outcome.applied.contains { $0.description.hasPrefix("schema gov v4 → v5: appended columns evaluation.") }) }
        #expect(outcome.applied.last?.description == "schema gov v5 → v6: appended tables e_license; appended columns case_accept.window_no")
        let backup = try #require(outcome.backup)
        #expect(backup == path + ".pre-upgrade-v\(version).bak")
        #expect(try Replica.open(at: backup, logger: testLogger()).schema.version == version)

        // The current version, recorded in the current format, with the rows kept.
        let upgraded = try Replica.open(at: path, logger: testLogger(), shipped: ShippedSchemas.all)
        #expect(upgraded.schema == GovernmentSchema.schema)
        let after = try Self.settings(upgraded)
        #expect(after["schema.version"] == "\(GovernmentSchema.version)")
        #expect(after["schema.declaration"] == GovernmentSchema.schema.declarationJSON)
        #expect(after["schema"] == nil)
        #expect(try Self.userVersion(upgraded) == GovernmentSchema.version)
        #expect(try upgraded.query("SELECT org_name FROM org").rows == [[.text("某某镇便民服务中心")]])
        #expect(try upgraded.query("SELECT words, window_no FROM evaluation").rows == [[.text("办得快"), .null]])
        #expect(try upgraded.integrityCheck() == "ok")
        // The appended columns take writes, captured as any other.
        try upgraded.write { db in
            try db.execute(
                sql: "INSERT INTO evaluation (eval_id, node_id, level, eval_time, scope, window_no) VALUES ('E-2', ?, 4, '2026-11-03 10:00:00', ?, 'W-3')",
                arguments: [Self.town.rawValue, Self.town.rawValue])
        }
        #expect(try upgraded.query("SELECT window_no FROM evaluation WHERE eval_id = 'E-2'").rows == [[.text("W-3")]])

        // A second upgrade does nothing and makes no backup.
        try FileManager.default.removeItem(atPath: backup)
        let again = try upgraded.upgrade(through: try GovernmentHistory.history())
        #expect(again.applied.isEmpty)
        #expect(again.backup == nil)
        #expect(!FileManager.default.fileExists(atPath: backup))
    }

    @Test func noUpgradeWithoutABackup() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("v4.db")
        try Self.earlierReplica(version: 4, at: path)
        let backup = Replica.upgradeBackupPath(forReplicaAt: path, version: 4)
        try FileManager.default.createDirectory(atPath: backup, withIntermediateDirectories: false)
        try Data("an operator's notes".utf8).write(to: URL(fileURLWithPath: backup + "/notes.txt"))
        let opened = try Replica.open(at: path, logger: testLogger(), shipped: ShippedSchemas.all)
        #expect { try opened.upgrade(through: try GovernmentHistory.history()) } throws: { "\($0)".contains("cannot back the replica up") && "\($0)".contains("nothing was upgraded") }
        #expect(try Replica.open(at: path, logger: testLogger()).schema.version == 4)
        #expect(FileManager.default.fileExists(atPath: backup + "/notes.txt"))
    }

    @Test func aLaterFormatOfTheSchemaRecordIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("format2.db")
        try Replica.create(at: path, node: Self.town, schema: GovernmentSchema.schema, logger: testLogger()).setSetting("schema.format", "2")
        for shipped in [ShippedSchemas.all, []] {
            #expect { try Replica.open(at: path, logger: testLogger(), shipped: shipped) } throws: { "\($0)".contains("format 2") }
        }
    }

    /// The committed fixture: a v5 town replica made by the build before the declaration format,
    /// through `liandong init` and `liandong case register`.
    @Test func theLegacyV5FixtureOpensInTheNewFormatAndUpgrades() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("legacy.db")
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/gov-v5-town-legacy-schema-record.sql")
        let load = try runCommand("/usr/bin/sqlite3", [path], input: try String(contentsOf: fixture, encoding: .utf8))
        #expect(load.status == 0, "\(load.output)")
        let opened = try Replica.open(at: path, logger: testLogger(), shipped: ShippedSchemas.all)
        let v5 = try #require(try GovernmentHistory.history().steps.first { $0.version == 5 }).declaration
        #expect(opened.schema == v5)
        #expect(opened.node == Self.town)
        let record = try Self.settings(opened)
        #expect(record["schema"] == nil)
        #expect(record["schema.declaration"] == v5.declarationJSON)
        #expect(try opened.query("SELECT project_no, status FROM case_accept ORDER BY project_no").rows == [[.text("C-FIX-1"), .text("SUBMITTED")], [.text("C-FIX-2"), .text("SUBMITTED")]])
        let outcome = try opened.upgrade(through: try GovernmentHistory.history())
        #expect(outcome.applied.map(\.to) == [6])
        #expect(outcome.backup != nil)
        // The appended column reads as never written in the rows the file held (SPEC §12.1).
        let upgraded = try Replica.open(at: path, logger: testLogger())
        let window = try #require(upgraded.schema.tables[GovernmentSchema.schema.tableIndex(named: "case_accept")!].columns.firstIndex { $0.name == "window_no" })
        for state in try upgraded.rowStates(tables: [GovernmentSchema.schema.tableIndex(named: "case_accept")!]) {
            #expect(state.versions.expanded(columnCount: state.values.count)[window] == SchemaBridge.neverWritten)
        }
        // The rows still sync: the chunk for the district holds both cases.
        let district = NodeID(rawValue: 441_702_000_000)
        let chunk = try Replica.open(at: path, logger: testLogger()).readChunk(for: district, suppressEchoes: false, after: .zero, limit: 512)
        let cases = chunk.rows.filter { $0.table == GovernmentSchema.schema.tableIndex(named: "case_accept") }.map(\.key)
        #expect(Set(cases) == [[.text("C-FIX-1")], [.text("C-FIX-2")]])
    }

    // MARK: A replica newer than the build

    @Test(arguments: [false, true])
    func aReplicaOfALaterVersionIsRefusedAndLeftAsItIs(_ legacyRecord: Bool) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("v99.db")
        var later = GovernmentSchema.schema
        later.version = 99
        _ = try Replica.create(at: path, node: Self.town, schema: later, logger: testLogger())
        if legacyRecord { try Self.recordAsLegacy(later, at: path) }
        // Everything the file holds, as the sqlite3 shell reads it (WAL included), and its version stamps.
        func contents() throws -> String {
            let dump = try runCommand("/usr/bin/sqlite3", [path, ".dump", "PRAGMA user_version", "PRAGMA schema_version"])
            #expect(dump.status == 0, "\(dump.output)")
            return dump.output
        }
        let before = try contents()
        #expect(before.contains("'schema.version','99'") || before.contains("\"version\":99"))

        #expect {
            try Replica.open(at: path, logger: testLogger(), shipped: ShippedSchemas.all)
        } throws: { error in
            guard let error = error as? StoreError, error.code == .newerSchema else { return false }
            return error.message.contains("gov v99") && error.message.contains("v\(GovernmentSchema.version)") && error.message.contains("install")
        }
        #expect(try contents() == before)
        // Without the shipped schemas (a tool that reads any schema) the file opens as it is.
        #expect(try Replica.open(at: path, logger: testLogger()).schema.version == 99)
    }
}
