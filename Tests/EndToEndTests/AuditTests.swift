import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// The audit log (docs/audit.md) of real node processes: `liandong audit verify` holds on the
/// log the node wrote and catches each way of tampering with the file.
@Suite(.serialized) struct AuditTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }
    func sqlite(_ db: String, _ sql: String) throws { #expect(try runCommand("/usr/bin/sqlite3", [db, sql]).status == 0) }

    @Test func verifyHoldsOnWhatTheNodeWroteAndCatchesEveryEdit() throws {
        let dir = TemporaryDirectory()
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:\(try freeLoopbackPort())")
        let (townDB, villageDB) = (pair.townDB, pair.villageDB)
        for i in 0..<3 { #expect(try cli(["sql", "--db", villageDB, "INSERT INTO record (id, name) VALUES ('v\(i)', 'x')"]).status == 0) }
        do {
            let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
            defer { town.terminate(); town.waitForExit(seconds: 10) }
            for i in 3..<6 {
                #expect(try cli(["sql", "--db", villageDB, "INSERT INTO record (id, name) VALUES ('v\(i)', 'x')"]).status == 0)
                let synced = try cli(["sync", "--db", villageDB])
                #expect(synced.status == 0, "\(synced.output)")
            }
        }
        let verified = try cli(["audit", "verify", "--db", townDB])
        #expect(verified.status == 0 && verified.output.contains("intact"), "\(verified.output)")
        let shown = try cli(["audit", "show", "--db", townDB]).output
        #expect(shown.contains("accepted") && shown.contains("session"), "\(shown)")
        let entries = try Replica.open(at: townDB, logger: testLogger()).auditEntries(limit: 1000)
        #expect(entries.count >= 4 && entries.allSatisfy(\.keyed))
        #expect(try cli(["audit", "verify", "--db", villageDB]).status == 0)

        let pristine = dir.file("pristine.db")
        try FileManager.default.copyItem(atPath: townDB, toPath: pristine)
        try FileManager.default.copyItem(atPath: townDB + ".audit-head", toPath: pristine + ".audit-head")
        try FileManager.default.copyItem(atPath: townDB + ".node-key", toPath: pristine + ".node-key")
        func tampered(_ sql: String) throws -> String {
            let copy = dir.file("copy.db")
            for suffix in ["", "-wal", "-shm", ".audit-head", ".node-key"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            for suffix in ["", ".audit-head", ".node-key"] { try FileManager.default.copyItem(atPath: pristine + suffix, toPath: copy + suffix) }
            try sqlite(copy, sql)
            let result = try cli(["audit", "verify", "--db", copy])
            #expect(result.status != 0, "tampering not caught: \(sql)")
            return result.output
        }
        #expect(try tampered("UPDATE _ld_audit SET detail = detail || ' ' WHERE id = 2").contains("entry 2"))
        #expect(try tampered("DELETE FROM _ld_audit WHERE id = 2").contains("missing"))
        #expect(try tampered("DELETE FROM _ld_audit WHERE id = (SELECT max(id) FROM _ld_audit)").contains("cut off"))
        // Re-sealing without the node's key: replacing an entry with an unsealed one is caught.
        #expect(try tampered("UPDATE _ld_audit SET keyed = 0 WHERE id = (SELECT max(id) FROM _ld_audit)").contains("NOT intact"))
    }
}
