import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// `liandong backup` (备份) and `liandong restore` (恢复) with real processes and real files: a
/// backup of a running village put back after its town acknowledged newer rows, and every
/// refusal (node running, another node's backup, a damaged file, an existing output file).
@Suite(.serialized) struct BackupRestoreTests {
    static let villageCode = "441702001201"

    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func sqlite(_ db: String, _ statement: String) throws -> String {
        let result = try runCommand("/usr/bin/sqlite3", [db], input: ".timeout 5000\n\(statement);\n")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func insertThroughCLI(_ db: String, prefix: String, _ range: Range<Int>) throws {
        for i in range {
            let result = try cli(["sql", "--db", db, "INSERT INTO record (id, name, village, count) VALUES ('\(prefix)-\(i)', '代办 \(i)', \(Self.villageCode), \(i))"])
            #expect(result.status == 0, "\(result.output)")
        }
    }

    func count(_ replica: Replica, like prefix: String) throws -> Int64 {
        if case .integer(let n) = try replica.query("SELECT count(*) FROM record WHERE id LIKE '\(prefix)-%'").rows[0][0] { return n }
        return -1
    }

    /// The link's digest state in `liandong status --json` (`linkDigests`).
    func digests(_ db: String) throws -> [String] { try linkDigests(ofReplica: db) }

    /// Files in `dir` whose names contain `part`.
    func files(in dir: TemporaryDirectory, containing part: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.contains(part) }.sorted()
    }

    /// True when `needle` occurs anywhere in `haystack`.
    func contains(_ haystack: Data, _ needle: [UInt8]) -> Bool {
        haystack.range(of: Data(needle)) != nil
    }

    /// The operator's round trip: `liandong backup` of the running village, 15 more rows
    /// acknowledged by the town, the village stopped and `liandong restore`d, restarted: it gets
    /// its 15 rows back, both sides hold the same rows and their digests agree, `sync` says in
    /// sync. The backup holds none of the node key file's secret, and says when and whence it came.
    @Test func aVillageRestoredWithTheCommandsGetsItsRowsBack() throws {
        let dir = TemporaryDirectory()
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:\(try freeLoopbackPort())")
        let (townDB, villageDB) = (pair.townDB, pair.villageDB)
        let backupFile = dir.file("village-backup.db")
        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        var village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer { NodeProcess.terminateAll(village, town) }
        try insertThroughCLI(villageDB, prefix: "early", 0..<20)
        let townReader = try Replica.open(at: townDB, logger: testLogger())
        #expect(try eventually(seconds: 30) { try count(townReader, like: "early") == 20 })

        let backup = try cli(["backup", "--db", villageDB, "--out", backupFile])
        #expect(backup.status == 0, "\(backup.output)")
        #expect(backup.output.contains("rows 行数") && backup.output.contains("integrity 完整性 ok"), "\(backup.output)")
        #expect(try sqlite(backupFile, "SELECT count(*) FROM record WHERE id LIKE 'early-%'") == "20")
        #expect(try sqlite(backupFile, "PRAGMA integrity_check") == "ok")
        #expect(try sqlite(backupFile, "SELECT value FROM _ld_setting WHERE key = 'backup.node'") == Self.villageCode)
        #expect(try sqlite(backupFile, "SELECT value FROM _ld_setting WHERE key = 'backup.taken_at'").hasPrefix("20"))
        #expect(files(in: dir, containing: ".partial").isEmpty, "no temporary file left")
        // Nothing of the node's key file is in the backup: neither the secret as written nor its bytes.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backupFile))
        let key = try NodeKeyFile.load(from: NodeKeyFile.defaultPath(forReplica: villageDB))
        #expect(!contains(bytes, Array(key.pair.secretKey.z85.utf8)))
        #expect(!contains(bytes, key.pair.secretKey.bytes))
        let keyText = try String(contentsOfFile: NodeKeyFile.defaultPath(forReplica: villageDB), encoding: .utf8)
        #expect(!contains(bytes, Array(keyText.utf8)))

        // A second backup to the same file is refused without --force, and the first is kept.
        let again = try cli(["backup", "--db", villageDB, "--out", backupFile])
        #expect(again.status != 0 && again.output.contains("--force"), "\(again.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: backupFile)) == bytes)

        try insertThroughCLI(villageDB, prefix: "late", 0..<15)
        #expect(try eventually(seconds: 30) { try count(townReader, like: "late") == 15 })

        // Refused while the village runs; nothing changes.
        let whileRunning = try cli(["restore", "--db", villageDB, "--from", backupFile])
        #expect(whileRunning.status != 0 && whileRunning.output.contains("running"), "\(whileRunning.output)")
        #expect(files(in: dir, containing: ".replaced-").isEmpty)

        village.terminate()
        #expect(village.waitForExit(seconds: 10))
        let restore = try cli(["restore", "--db", villageDB, "--from", backupFile])
        #expect(restore.status == 0, "\(restore.output)")
        #expect(restore.output.contains("in sync") && restore.output.contains("register new cases"), "\(restore.output)")
        // The replaced file is kept, with the rows the backup lacks.
        let replaced = try #require(files(in: dir, containing: "village.db.replaced-").first { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
        #expect(try sqlite(dir.file(replaced), "SELECT count(*) FROM record WHERE id LIKE 'late-%'") == "15")
        #expect(FileManager.default.fileExists(atPath: NodeKeyFile.defaultPath(forReplica: villageDB)), "keys untouched")
        let restored = try Replica.open(at: villageDB, logger: testLogger())
        #expect(try count(restored, like: "late") == 0)
        #expect(try count(restored, like: "early") == 20)

        village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        #expect(try eventually(seconds: 60) { try count(restored, like: "late") == 15 }, "the village's own rows came back")
        #expect(try eventually(seconds: 30) { try restored.dumpAll() == townReader.dumpAll() })
        #expect(try eventually(seconds: 30) { try digests(villageDB).first?.hasPrefix("agree") == true }, "\((try? digests(villageDB)) ?? [])")
        #expect(try eventually(seconds: 30) { try digests(townDB).first?.hasPrefix("agree") == true }, "\((try? digests(townDB)) ?? [])")
        let sync = try cli(["sync", "--db", villageDB])
        #expect(sync.status == 0 && sync.output.contains("in sync"), "\(sync.output)")
    }

    /// Restore refuses another node's backup, a file of garbage and a damaged backup, and
    /// changes nothing then; backup leaves a secret setting out, and replaces a file only with --force.
    @Test func restoreRefusesWhatIsNotThisNodesHealthyBackup() throws {
        let dir = TemporaryDirectory()
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:\(try freeLoopbackPort())")
        let (townDB, villageDB) = (pair.townDB, pair.villageDB)
        try insertThroughCLI(villageDB, prefix: "kept", 0..<5)
        // A privacy salt, as version 1 stored it in the replica: secret, so never in a backup.
        let salt = "5a17ed5a17ed5a17ed5a17ed5a17ed5a17ed5a17ed5a17ed5a17ed5a17ed5a17"
        let shell = try runCommand("/usr/bin/sqlite3", [villageDB], input: ".timeout 5000\nINSERT INTO _ld_setting (key, value) VALUES ('privacy_salt', '\(salt)');\n")
        #expect(shell.status == 0, "\(shell.output)")
        let villageBackup = dir.file("village-backup.db")
        let backup = try cli(["backup", "--db", villageDB, "--out", villageBackup])
        #expect(backup.status == 0 && backup.output.contains("privacy_salt"), "\(backup.output)")
        #expect(!contains(try Data(contentsOf: URL(fileURLWithPath: villageBackup)), Array(salt.utf8)), "the salt's bytes are gone from the backup")
        #expect(try sqlite(villageBackup, "SELECT count(*) FROM _ld_setting WHERE key = 'privacy_salt'") == "0")
        #expect(try cli(["backup", "--db", villageDB, "--out", villageBackup, "--force"]).status == 0, "--force replaces")

        func unchanged(_ result: (status: Int32, output: String), _ expected: String) throws {
            #expect(result.status != 0, "\(result.output)")
            #expect(result.output.contains(expected), "\(result.output)")
            #expect(files(in: dir, containing: ".replaced-").isEmpty, "nothing moved aside")
            #expect(files(in: dir, containing: ".restoring").isEmpty, "no temporary file left")
            #expect(try sqlite(villageDB, "SELECT count(*) FROM record WHERE id LIKE 'kept-%'") == "5")
        }

        // Another node's backup.
        let townBackup = dir.file("town-backup.db")
        #expect(try cli(["backup", "--db", townDB, "--out", townBackup]).status == 0)
        try unchanged(try cli(["restore", "--db", villageDB, "--from", townBackup]), "node 441702001000")

        // Garbage.
        let garbage = dir.file("garbage.db")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: garbage))
        try unchanged(try cli(["restore", "--db", villageDB, "--from", garbage]), "refused")

        // A real backup with pages in its middle overwritten.
        let damaged = dir.file("damaged.db")
        var damagedBytes = try Data(contentsOf: URL(fileURLWithPath: villageBackup))
        let pageSize = 4096
        #expect(damagedBytes.count > 6 * pageSize)
        damagedBytes.replaceSubrange(pageSize..<(5 * pageSize), with: (0..<(4 * pageSize)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try damagedBytes.write(to: URL(fileURLWithPath: damaged))
        try unchanged(try cli(["restore", "--db", villageDB, "--from", damaged]), "refused")

        // The same node's replica of another schema.
        let otherSchema = dir.file("other.db")
        let initialised = try cli(["init", "--db", otherSchema, "--region", Self.villageCode, "--parent", pair.endpoint, "--schema", "gov"])
        #expect(initialised.status == 0, "\(initialised.output)")
        let otherBackup = dir.file("other-backup.db")
        #expect(try cli(["backup", "--db", otherSchema, "--out", otherBackup]).status == 0)
        try unchanged(try cli(["restore", "--db", villageDB, "--from", otherBackup]), "schema 'gov'")

        // The village's own healthy backup is taken.
        let restore = try cli(["restore", "--db", villageDB, "--from", villageBackup])
        #expect(restore.status == 0, "\(restore.output)")
        #expect(files(in: dir, containing: "village.db.replaced-").count >= 1)

        // With the replica file gone (a dead disk), the node key file tells which node this is.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.moveItem(atPath: villageDB + suffix, toPath: dir.file("lost\(suffix)")) }
        let foreign = try cli(["restore", "--db", villageDB, "--from", townBackup])
        #expect(foreign.status != 0 && foreign.output.contains("node 441702001000"), "\(foreign.output)")
        #expect(!FileManager.default.fileExists(atPath: villageDB))
        let own = try cli(["restore", "--db", villageDB, "--from", villageBackup])
        #expect(own.status == 0 && own.output.contains("nothing was moved aside"), "\(own.output)")
        #expect(try sqlite(villageDB, "SELECT count(*) FROM record WHERE id LIKE 'kept-%'") == "5")
    }

    /// Backups taken while another process commits batches of 50 rows: every backup passes its
    /// integrity check and holds whole transactions only (a multiple of 50 rows), and the
    /// writer is never refused for the backup's sake.
    @Test func aBackupTakenDuringWritesHoldsWholeTransactions() throws {
        let dir = TemporaryDirectory()
        let villageDB = dir.file("village.db")
        let initialised = try cli(["init", "--db", villageDB, "--region", Self.villageCode, "--parent", "tcp://127.0.0.1:9", "--schema", "demo"])
        #expect(initialised.status == 0, "\(initialised.output)")
        let writer = try Replica.open(at: villageDB, logger: testLogger())
        final class Progress: @unchecked Sendable {
            let lock = NSLock()
            var batches = 0
            var error: (any Error)?
            var stop = false
        }
        let progress = Progress()
        let done = DispatchSemaphore(value: 0)
        Thread {
            var batch = 0
            while !progress.lock.withLock({ progress.stop }) {
                do {
                    try writer.insertRecords(50, prefix: "b\(batch)")
                } catch {
                    progress.lock.withLock { progress.error = error }
                    break
                }
                batch += 1
                progress.lock.withLock { progress.batches = batch }
            }
            done.signal()
        }.start()
        var counts: [Int] = []
        for round in 0..<4 {
            #expect(eventually(seconds: 30) { progress.lock.withLock { progress.batches } > round * 5 })
            let out = dir.file("backup-\(round).db")
            let backup = try cli(["backup", "--db", villageDB, "--out", out])
            #expect(backup.status == 0, "\(backup.output)")
            counts.append(Int(try sqlite(out, "SELECT count(*) FROM record")) ?? -1)
        }
        progress.lock.withLock { progress.stop = true }
        done.wait()
        #expect(progress.lock.withLock { progress.error } == nil, "\(String(describing: progress.lock.withLock { progress.error }))")
        #expect(counts.allSatisfy { $0 > 0 && $0 % 50 == 0 }, "\(counts)")
        #expect(counts == counts.sorted(), "\(counts)")
    }
}
