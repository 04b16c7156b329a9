import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import Testing

/// The CLI as scripts see it (docs/operations.md): `--version`, the documented exit statuses,
/// `liandong sql`'s output formats, and `liandong check`.
@Suite struct CommandLineTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func village(_ dir: TemporaryDirectory) throws -> String {
        let db = dir.file("village.db")
        #expect(try cli(["init", "--db", db, "--region", "441702001201", "--parent", "tcp://127.0.0.1:1"]).status == 0)
        return db
    }

    @Test func theVersionNamesTheProtocolAndTheSchemas() throws {
        let version = try cli(["--version"])
        #expect(version.status == 0 && version.output.contains("protocol 1") && version.output.contains("gov v6"), "\(version.output)")
    }

    @Test func failuresExitWithTheirDocumentedStatus() throws {
        let dir = TemporaryDirectory()
        #expect(try cli(["status", "--db", dir.file("none.db")]).status == 6, "not a replica")
        let db = try village(dir)
        #expect(try cli(["init", "--db", db, "--region", "441702001201"]).status == 3, "already initialised: configuration")
        let refused = try cli(["case", "withdraw", "--db", db, "--no", "NO-SUCH-CASE", "--date", "2026-11-02"])
        #expect(refused.status == 2, "\(refused.output)")
        let outside = try cli(["sql", "--db", db, "UPDATE case_accept SET status = 'CONCLUDED'"])
        #expect(outside.status == 0, "no row, nothing to refuse: \(outside.output)")
        let lock = try #require(try NodeLock(path: NodeConfiguration.lockPath(forReplica: db)))
        let busy = try cli(["upgrade", "--db", db])
        #expect(busy.status == 4, "\(busy.output)")
        withExtendedLifetime(lock) {}
        #expect(try cli(["status", "--db", db, "--no-such-option"]).status == 64)
    }

    @Test func sqlPrintsTablesCSVJSONAndEscapedTSV() throws {
        let dir = TemporaryDirectory()
        let db = try village(dir)
        let query = "SELECT 'a,\"b' AS q, 'line' || char(10) || 'two' || char(9) || 'x' AS t, 7 AS n, NULL AS z"
        let table = try cli(["sql", "--db", db, query])
        #expect(table.output.contains("line\\ntwo\\tx") && table.output.contains("NULL"), "\(table.output)")
        let csv = try cli(["sql", "--db", db, "--format", "csv", query])
        #expect(csv.output.contains("q,t,n,z") && csv.output.contains("\"a,\"\"b\",\"line\ntwo\tx\",7,"), "\(csv.output)")
        let json = try cli(["sql", "--db", db, "--format", "json", query])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(parsed.first?["t"] as? String == "line\ntwo\tx" && parsed.first?["n"] as? Int == 7 && parsed.first?["z"] is NSNull)
        let tsv = try cli(["sql", "--db", db, "--format", "tsv", query])
        let lines = tsv.output.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].split(separator: "\t").count == 4 && lines[1].contains("line\\ntwo\\tx"), "\(tsv.output)")
    }

    @Test func checkFindsADamagedFile() throws {
        let dir = TemporaryDirectory()
        let db = try village(dir)
        let ok = try cli(["check", "--db", db])
        #expect(ok.status == 0 && ok.output.contains("ok"), "\(ok.output)")
        let handle = try #require(FileHandle(forUpdatingAtPath: db))
        for page in stride(from: 2, to: 40, by: 3) {
            try handle.seek(toOffset: UInt64(4096 * page + 8))
            handle.write(Data(repeating: 7, count: 200))
        }
        try handle.close()
        #expect(try cli(["check", "--db", db]).status == 5)
        #expect(try cli(["check", "--db", db, "--quick"]).status == 5)
    }
}
