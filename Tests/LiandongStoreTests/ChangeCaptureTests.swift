import Foundation
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

@Suite struct ChangeCaptureTests {
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
        let chunk = try replica.readChunk(for: NodeID(rawValue: 441_702_001_000), suppressEchoes: false, after: .zero, limit: 100)
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

    @Test func deleteThenReinsertIncrementsTheCausalLength() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(441_702_001_201, in: dir)
        _ = try replica.query("INSERT INTO record (id, name) VALUES ('a', 'one')")
        _ = try replica.query("DELETE FROM record WHERE id = 'a'")
        _ = try replica.query("INSERT INTO record (id, name) VALUES ('a', 'two')")
        let row = try #require(try replica.readChunk(for: NodeID(rawValue: 441_702_001_000), suppressEchoes: false, after: .zero, limit: 10).rows.first)
        #expect(row.causalLength == 3 && row.values[0] == .text("two"))
        // Re-keying a row is a delete of the old key and an insert of the new one.
        _ = try replica.query("UPDATE record SET id = 'b' WHERE id = 'a'")
        let rows = try replica.readChunk(for: NodeID(rawValue: 441_702_001_000), suppressEchoes: false, after: .zero, limit: 10).rows
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
