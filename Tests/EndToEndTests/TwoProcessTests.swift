import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// Two real `liandong` processes on loopback.
@Suite(.serialized) struct TwoProcessTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    /// Both sides write while the link is down (one write through the stock sqlite3 shell); the
    /// parent is SIGKILLed in the middle of a large transfer and restarted; afterwards both
    /// replicas hold the same rows and pass PRAGMA integrity_check.
    @Test func killedMidTransferResumesWithoutLoss() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townDB = dir.file("town.db")
        let villageDB = dir.file("village.db")
        #expect(try cli(["init", "--db", townDB, "--region", "441702001000", "--tier", "town", "--listen", endpoint, "--schema", "demo"]).status == 0)
        #expect(try cli(["init", "--db", villageDB, "--region", "441702001201", "--parent", endpoint, "--schema", "demo"]).status == 0)
        try TestKeys.enrolWithCLI(child: NodeID(rawValue: 441_702_001_201), at: villageDB, parent: NodeID(rawValue: 441_702_001_000), at: townDB)
        do {
            let village = try Replica.open(at: villageDB, logger: testLogger())
            try village.insertRecords(20_000, prefix: "v")
            let town = try Replica.open(at: townDB, logger: testLogger())
            try town.insertRecords(3_000, prefix: "t")
        }
        let shell = try runCommand("/usr/bin/sqlite3", [villageDB], input: "INSERT INTO record (id, name) VALUES ('from-shell', '代办登记'); DELETE FROM record WHERE id = 'v-7';")
        #expect(shell.status == 0, "\(shell.output)")

        var town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB, "--log-level", "debug"], logPath: dir.file("town.log"))
        let village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer { NodeProcess.terminateAll(village, town) }
        // Kill the parent once part of the village's rows have arrived, but not all.
        let reader = try Replica.open(at: townDB, logger: testLogger())
        let partial = try eventually(seconds: 30) { try reader.query("SELECT count(*) FROM record WHERE id LIKE 'v-%'").rows.first?.first.map { if case .integer(let n) = $0 { n > 0 } else { false } } ?? false }
        #expect(partial)
        town.kill9()
        #expect(town.waitForExit(seconds: 10))
        let countAtKill = try reader.query("SELECT count(*) FROM record WHERE id LIKE 'v-%'").rows[0][0]
        town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))

        let villageReplica = try Replica.open(at: villageDB, logger: testLogger())
        #expect(try eventually(seconds: 60) { try reader.dumpAll() == villageReplica.dumpAll() }, "count at kill: \(countAtKill)")
        #expect(try reader.dump(table: "record").count == 20_000 + 3_000 + 1 - 1)
        #expect(try reader.integrityCheck() == "ok")
        #expect(try villageReplica.integrityCheck() == "ok")

        let status = try cli(["status", "--db", villageDB])
        #expect(status.status == 0)
        #expect(status.output.contains("441702001000"))
        // `liandong sync` goes through the running node.
        let sync = try cli(["sync", "--db", villageDB])
        #expect(sync.status == 0, "\(sync.output)")
    }

    @Test func operatorMistakesGetClearErrors() throws {
        let dir = TemporaryDirectory()
        let bad = try cli(["init", "--db", dir.file("x.db"), "--region", "12345"])
        #expect(bad.status != 0 && bad.output.contains("12 digits"))
        let wrongTier = try cli(["init", "--db", dir.file("x.db"), "--region", "441702001201", "--tier", "town"])
        #expect(wrongTier.status != 0 && wrongTier.output.contains("village"))
        let missing = try cli(["status", "--db", dir.file("missing.db")])
        #expect(missing.status != 0 && missing.output.contains("liandong init"))
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: dir.file("junk.db")))
        let junk = try cli(["run", "--db", dir.file("junk.db")])
        #expect(junk.status != 0 && junk.output.contains("not an SQLite database"))

        let db = dir.file("v.db")
        #expect(try cli(["init", "--db", db, "--region", "441702001201", "--parent", "tcp://127.0.0.1:\(try freeLoopbackPort())", "--schema", "demo"]).status == 0)
        #expect(try cli(["sync", "--db", db, "--timeout", "2"]).output.contains("no parent key"))
        #expect(try cli(["keys", "parent", "--db", db, "--node", "441702001000", "--key", try CurveKeyPair.generate().publicKey.z85]).status == 0)
        let unreachable = try cli(["sync", "--db", db, "--timeout", "2"])
        #expect(unreachable.status != 0 && unreachable.output.contains("unreachable"))
        let node = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db], logPath: dir.file("v.log"))
        defer { node.terminate(); node.waitForExit(seconds: 10) }
        #expect(eventually { NodeLock.isHeld(path: db + ".lock") })
        let second = try cli(["run", "--db", db])
        #expect(second.status != 0 && second.output.contains("another liandong process"))
        let sql = try cli(["sql", "--db", db, "SELECT count(*) AS n FROM record"])
        #expect(sql.status == 0 && sql.output.contains("n\n0"))
        node.terminate()
        #expect(node.waitForExit(seconds: 10) && node.exitStatus == 0)
    }

    /// A village started from its town's snapshot (`init --from-parent-replica`, docs/bootstrap.md)
    /// runs against the live town: the handshake starts from the town's head, and what either
    /// side writes afterwards arrives; both replicas end equal and intact.
    @Test func aVillageStartedFromItsTownsSnapshotSyncsOnFromThere() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townDB = dir.file("town.db")
        let villageDB = dir.file("village.db")
        #expect(try cli(["init", "--db", townDB, "--region", "441702001000", "--listen", endpoint, "--schema", "demo"]).status == 0)
        try Replica.open(at: townDB, logger: testLogger()).insertRecords(3_000, prefix: "t")
        let initialised = try cli(["init", "--db", villageDB, "--region", "441702001201", "--parent", endpoint, "--from-parent-replica", townDB])
        #expect(initialised.status == 0, "\(initialised.output)")
        #expect(initialised.output.contains("3000 rows (record 3000)"), "\(initialised.output)")
        try TestKeys.enrolWithCLI(child: NodeID(rawValue: 441_702_001_201), at: villageDB, parent: NodeID(rawValue: 441_702_001_000), at: townDB)
        let townHead = try Replica.open(at: townDB, logger: testLogger()).head()
        #expect(try Replica.open(at: villageDB, logger: testLogger()).link(NodeID(rawValue: 441_702_001_000))?.cursor == townHead)

        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        let village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer { NodeProcess.terminateAll(village, town) }
        let townReplica = try Replica.open(at: townDB, logger: testLogger())
        let villageReplica = try Replica.open(at: villageDB, logger: testLogger())
        try townReplica.insertRecords(10, prefix: "t-after")
        try villageReplica.insertRecords(10, prefix: "v")
        #expect(try eventually(seconds: 60) { try townReplica.dumpAll() == villageReplica.dumpAll() })
        #expect(try villageReplica.dump(table: "record").count == 3_000 + 10 + 10)
        #expect(try townReplica.integrityCheck() == "ok" && villageReplica.integrityCheck() == "ok")
    }
}
