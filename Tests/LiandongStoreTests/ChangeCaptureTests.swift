import Foundation
import GRDB
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

@Suite struct ChangeCaptureTests {
    let town = NodeID(rawValue: 441_702_001_000)

    /// Writes through the stock `sqlite3` shell, with no Liandong process running, are captured
    /// by the triggers and come out as changes.
    @Test func writesFromTheStockShellAreCaptured() throws {
        let dir = TemporaryDirectory()
        let path: String
        do {
            let replica = try Replica.temporary(441_702_001_201, in: dir)
            try replica.insertRecords(3, prefix: "r")
            path = replica.path
        }
        let script = """
            INSERT INTO record (id, name, count) VALUES ('shell-1', 'from the shell', 7);
            UPDATE record SET note = 'edited in the shell' WHERE id = 'r-0';
            DELETE FROM record WHERE id = 'r-1';
            INSERT OR REPLACE INTO record (id, name) VALUES ('r-2', 'replaced');
            """
        let result = try runCommand("/usr/bin/sqlite3", [path], input: script)
        #expect(result.status == 0, "\(result.output)")

        let replica = try Replica.open(at: path, logger: testLogger())
        // What the node does when it starts.
        try replica.stampForeignInserts()
        let chunk = try replica.readChunk(for: town, suppressEchoes: false, after: .zero, limit: 100)
        let byKey = Dictionary(chunk.rows.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let shellRow = try #require(byKey[[.text("shell-1")]])
        #expect(shellRow.isLive && shellRow.values[0] == .text("from the shell"))
        #expect(shellRow.versions.base.origin == NodeID(rawValue: 441_702_001_201))
        let edited = try #require(byKey[[.text("r-0")]])
        #expect(edited.values[7] == .text("edited in the shell"))
        // Only the edited column carries a newer version.
        #expect(edited.versions.exceptions.map(\.column) == [7])
        let deleted = try #require(byKey[[.text("r-1")]])
        #expect(!deleted.isLive && deleted.causalLength == 2)
        let replaced = try #require(byKey[[.text("r-2")]])
        #expect(replaced.isLive && replaced.values[0] == .text("replaced"))
        #expect(try replica.dump(table: "record").count == 3)
    }

    /// Inserts are stamped before their transaction commits, whatever else it did to them: an
    /// update of a row not yet stamped is part of its insert, a delete cancels it (no tombstone:
    /// no peer ever saw the row), rows with scattered rowids each get their own stamp, and a rowid
    /// logged twice (a savepoint rolled back) is stamped once.
    @Test func insertsAreStampedBeforeTheirTransactionCommits() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(441_702_001_201, in: dir)
        try replica.write { db in
            try db.execute(sql: "INSERT INTO record (id, name) VALUES ('kept', 'first')")
            try db.execute(sql: "UPDATE record SET name = 'second', note = 'edited' WHERE id = 'kept'")
            try db.execute(sql: "INSERT INTO record (id, name) VALUES ('gone', 'never published')")
            try db.execute(sql: "DELETE FROM record WHERE id = 'gone'")
            try db.execute(sql: "INSERT INTO record (rowid, id, name) VALUES (1000000, 'far', 'x'), (500, 'near', 'y')")
            // A rolled-back insert's rowid is used again by the next one.
            try db.inSavepoint {
                try db.execute(sql: "INSERT INTO record (id, name) VALUES ('rolled back', 'z')")
                return .rollback
            }
            try db.execute(sql: "INSERT INTO record (id, name) VALUES ('last', 'w')")
        }
        let rows = try replica.readChunk(for: town, suppressEchoes: false, after: .zero, limit: 100).rows
        #expect(rows.map(\.key) == [[.text("kept")], [.text("near")], [.text("far")], [.text("last")]])
        let kept = try #require(rows.first)
        #expect(kept.values[0] == .text("second") && kept.values[7] == .text("edited"))
        #expect(kept.causalLength == 1 && kept.versions.exceptions.isEmpty)
        #expect(Set(rows.map(\.versions.base.hlc)).count == 4)
        #expect(rows.allSatisfy { $0.versions.base.origin == replica.node })
        #expect(try replica.query("SELECT count(*) FROM record WHERE _ld_seq <= 0").rows == [[.integer(0)]])
    }

    /// Rows another program inserts while the replica is open are stamped by a look once that
    /// program has been quiet (the node looks on every turn of its loop), and not seen by sync
    /// before; the replica's own writes never make a look scan the tables.
    @Test func anotherProgramsInsertsAreStampedOnTheNextLook() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(441_702_001_201, in: dir)
        try replica.stampForeignInserts()
        let scans = replica.foreignInsertScans
        for i in 0..<10 {
            try replica.insertRecords(2, prefix: "own-\(i)")
            _ = try replica.query("UPDATE record SET note = 'n\(i)' WHERE id = 'own-0-0'")
            try replica.stampForeignInserts()
        }
        #expect(replica.foreignInsertScans == scans)

        let head = try replica.head()
        let result = try runCommand("/usr/bin/sqlite3", [replica.path], input: "INSERT INTO record (id, name) VALUES ('shell', 'while open');")
        #expect(result.status == 0, "\(result.output)")
        // The first look after another program's commit waits for it to be quiet; a later one stamps.
        try replica.stampForeignInserts()
        #expect(try replica.readChunk(for: town, suppressEchoes: false, after: head, limit: 10).rows.isEmpty)
        var rows: [RowChange] = []
        #expect(try eventually {
            try replica.stampForeignInserts()
            rows = try replica.readChunk(for: town, suppressEchoes: false, after: head, limit: 10).rows
            return !rows.isEmpty
        })
        #expect(rows.map(\.key) == [[.text("shell")]])
        #expect(rows.first?.versions.base.origin == replica.node)
        #expect(replica.foreignInsertScans == scans + 1)
    }

    /// A merge stamps other programs' inserts before it compares versions: a row the shell has
    /// just inserted is a newer write than an older version of the same key from a peer.
    @Test func aMergeStampsAnotherProgramsInsertsFirst() throws {
        let dir = TemporaryDirectory()
        let village = try Replica.temporary(441_702_001_201, in: dir)
        let townReplica = try Replica.temporary(town.rawValue, in: dir)
        _ = try townReplica.head()
        _ = try village.query("INSERT INTO record (id, name) VALUES ('k', 'from the village')")
        let chunk = try village.readChunk(for: town, after: .zero, limit: 10)
        let result = try runCommand("/usr/bin/sqlite3", [townReplica.path], input: "INSERT INTO record (id, name) VALUES ('k', 'from the town shell');")
        #expect(result.status == 0, "\(result.output)")
        let nowMillis = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try townReplica.apply(chunk, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: nowMillis)
        #expect(try townReplica.dump(table: "record").first?[1] == .text("from the town shell"))
    }

    /// A file made before inserts were stamped at commit (a fixture: a replica with its old
    /// insert trigger, rows written, edited and deleted through it) opens with its changes intact
    /// and its capture triggers replaced.
    @Test func aFileWithTheOldInsertTriggerIsUpgradedOnOpen() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("old.db")
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/replica-with-insert-trigger.sql")
        let load = try runCommand("/usr/bin/sqlite3", [path], input: try String(contentsOf: fixture, encoding: .utf8))
        #expect(load.status == 0, "\(load.output)")
        let replica = try Replica.open(at: path, logger: testLogger())
        #expect(try replica.query("SELECT count(*) FROM sqlite_master WHERE name LIKE '%__ld_insert'").rows == [[.integer(0)]])
        // Its re-key triggers read the re-insert floor of tombstone collection (SPEC §21.5).
        #expect(try replica.query("SELECT count(*) FROM sqlite_master WHERE name LIKE '%__ld_rekey' AND sql LIKE '%_ld_reinsert%'").rows == [[.integer(2)]])

        let old = try replica.readChunk(for: town, suppressEchoes: false, after: .zero, limit: 10)
        let byKey = Dictionary(old.rows.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        #expect(byKey.count == 3)
        #expect(byKey[[.text("old-1")]]?.values[0] == .text("before the upgrade"))
        #expect(byKey[[.text("old-3")]]?.versions.exceptions.map(\.column) == [7])
        #expect(byKey[[.text("old-2")]].map { !$0.isLive && $0.causalLength == 2 } == true)

        // Inserts after the upgrade: the shell's wait for a look, this replica's are stamped at commit.
        let shell = try runCommand("/usr/bin/sqlite3", [path], input: "INSERT INTO record (id, name) VALUES ('old-2', 'back again');")
        #expect(shell.status == 0, "\(shell.output)")
        #expect(try replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM record WHERE _ld_seq <= 0") } == 1)
        try replica.insertRecords(1, prefix: "new")
        var new: [RowChange] = []
        #expect(try eventually {
            try replica.stampForeignInserts()
            new = try replica.readChunk(for: town, suppressEchoes: false, after: old.upTo, limit: 10).rows
            return new.count == 2
        })
        #expect(Set(new.map(\.key)) == [[.text("old-2")], [.text("new-0")]])
        #expect(new.first { $0.key == [.text("old-2")] }?.causalLength == 3)
    }

    @Test func deleteThenReinsertIncrementsTheCausalLength() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(441_702_001_201, in: dir)
        _ = try replica.query("INSERT INTO record (id, name) VALUES ('a', 'one')")
        _ = try replica.query("DELETE FROM record WHERE id = 'a'")
        _ = try replica.query("INSERT INTO record (id, name) VALUES ('a', 'two')")
        let row = try #require(try replica.readChunk(for: town, suppressEchoes: false, after: .zero, limit: 10).rows.first)
        #expect(row.causalLength == 3 && row.values[0] == .text("two"))
        // Re-keying a row is a delete of the old key and an insert of the new one.
        _ = try replica.query("UPDATE record SET id = 'b' WHERE id = 'a'")
        let rows = try replica.readChunk(for: town, suppressEchoes: false, after: .zero, limit: 10).rows
        #expect(rows.contains { $0.key == [.text("a")] && $0.causalLength == 4 })
        #expect(rows.contains { $0.key == [.text("b")] && $0.causalLength == 1 && $0.values[0] == .text("two") })
    }

    @Test func theClockNeverGoesBackwardsAcrossRestarts() throws {
        let dir = TemporaryDirectory()
        var path = ""
        var before = ChangeSeq.zero
        do {
            let replica = try Replica.temporary(441_702_001_201, in: dir)
            // Pretend an earlier run left the clock an hour in the future.
            let future = HLC(millis: Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000).rawValue
            try replica.write { try $0.execute(sql: "UPDATE _ld_clock SET hlc = ?", arguments: [future]) }
            before = try replica.head()
            path = replica.path
        }
        let reopened = try Replica.open(at: path, logger: testLogger())
        try reopened.insertRecords(1, prefix: "after-restart")
        #expect(try reopened.head() > before)
    }

    @Test func openingSomethingElseFailsClearly() throws {
        let dir = TemporaryDirectory()
        let junk = dir.file("junk.db")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        #expect { try Replica.open(at: junk, logger: testLogger()) } throws: { error in
            (error as? StoreError)?.code == .notAReplica
        }
        #expect { try Replica.open(at: dir.file("missing.db"), logger: testLogger()) } throws: { error in
            (error as? StoreError)?.code == .notInitialised
        }
        let replica = try Replica.temporary(441_702_001_201, in: dir)
        #expect { try Replica.create(at: replica.path, node: replica.node, schema: .demo, logger: testLogger()) } throws: { error in
            (error as? StoreError)?.code == .alreadyInitialised
        }
    }
}
