import Foundation
import GRDB
import LiandongTesting
import Testing

/// The power-cut layer (docs/power-loss.md) loses what SQLite did not fsync, and only that:
/// in this process through GRDB, and in a stock `sqlite3` shell put on it with LD_PRELOAD and
/// killed with SIGKILL.
@Suite struct PowerCutTests {
    static let rows = 100
    /// Big enough that 100 rows span several pages.
    static let payload = String(repeating: "x", count: 200)

    init() throws {
        try PowerCut.registerInProcess()
    }

    // MARK: In this process

    @Test func walCommitsUnderSynchronousNormalAreLost() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("x.db")
        let queue = try walDatabase(at: path, synchronous: "NORMAL")
        try insert(0..<Self.rows, into: queue)
        #expect(try rowCount(queue) == Self.rows)

        try cutPower(closing: queue, in: directory, database: path)
        let after = try survivors(of: path)
        // NORMAL does not fsync the WAL at commit: nothing since the schema's checkpoint is durable.
        #expect(after.rows < Self.rows)
        #expect(after.integrity == "ok")
    }

    @Test func walCommitsUnderSynchronousFullAllSurvive() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("x.db")
        let queue = try walDatabase(at: path, synchronous: "FULL")
        try insert(0..<Self.rows, into: queue)

        try cutPower(closing: queue, in: directory, database: path)
        let after = try survivors(of: path)
        #expect(after.rows == Self.rows)
        #expect(after.integrity == "ok")
    }

    @Test func exactlyTheCheckpointedRowsSurvive() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("x.db")
        let queue = try walDatabase(at: path, synchronous: "NORMAL")
        try insert(0..<40, into: queue)
        // A checkpoint fsyncs the WAL and the database. PASSIVE leaves the WAL in place, so the
        // next commit restarts it from the top, overwriting synced frames: the cut must put those
        // back (from their before-images), or the new frames would be replayed.
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        try insert(40..<Self.rows, into: queue)

        try cutPower(closing: queue, in: directory, database: path)
        let after = try survivors(of: path)
        #expect(after.rows == 40)
        #expect(after.integrity == "ok")
    }

    @Test func aRollbackJournalDatabaseNeverSyncedAgainRevertsToItsLastSync() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("r.db")
        let before = "before " + String(repeating: "b", count: 500)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous=FULL") }
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            for i in 0..<50 { try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [i, before]) }
        }
        let syncedSize = try fileSize(path)

        // With synchronous=OFF nothing is fsynced any more: the overwrites below must be undone
        // from their before-images, each commit's journal delete stays done, and the pages that
        // the DELETE only frees (secure_delete off: they are not rewritten) exist nowhere but in
        // the before-image the VACUUM's truncate below the synced size logs.
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous=OFF")
            try db.execute(sql: "PRAGMA secure_delete=OFF")
        }
        try queue.write { db in
            try db.execute(sql: "UPDATE t SET v = 'after' WHERE id < 5")
            for i in 50..<100 { try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [i, before]) }
        }
        try queue.write { db in try db.execute(sql: "DELETE FROM t WHERE id >= 5") }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
        try #require(try fileSize(path) < syncedSize)

        try cutPower(closing: queue, in: directory, database: path)
        #expect(try fileSize(path) == syncedSize)
        let reopened = try DatabaseQueue(path: path)
        let (rows, values, integrity) = try reopened.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM t"),
             try String.fetchAll(db, sql: "SELECT DISTINCT v FROM t"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        try reopened.close()
        #expect(rows == 50)
        #expect(values == [before])
        #expect(integrity == "ok")
    }

    @Test func aCutWithoutSideLogsLeavesFilesAlone() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("plain.db")
        let bytes = Data("not written through the layer".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        try Data().write(to: URL(fileURLWithPath: path + "-shm"))

        try PowerCut.cut(database: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    // MARK: In a child process, through LD_PRELOAD

    @Test func aKilledShellLosesItsSynchronousNormalCommits() throws {
        let outcome = try killShellAndCut(synchronous: "NORMAL")
        // The kill alone lost nothing: the page cache kept every write.
        #expect(outcome.copiedAtKill == Self.rows)
        #expect(outcome.afterCut < Self.rows)
        #expect(outcome.integrity == "ok")
    }

    @Test func aKilledShellKeepsItsSynchronousFullCommits() throws {
        let outcome = try killShellAndCut(synchronous: "FULL")
        #expect(outcome.copiedAtKill == Self.rows)
        #expect(outcome.afterCut == Self.rows)
        #expect(outcome.integrity == "ok")
    }

    // MARK: Helpers

    /// A new WAL database with table `t`, its schema checkpointed (so durable: a cut can only take
    /// rows away), no automatic checkpoint, and `synchronous` as given.
    func walDatabase(at path: String, synchronous: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode=WAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint=0")
            try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA synchronous=\(synchronous)")
        }
        return queue
    }

    /// Inserts one row per id, each in its own transaction.
    func insert(_ ids: Range<Int>, into queue: DatabaseQueue) throws {
        for id in ids {
            try queue.write { db in try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [id, Self.payload]) }
        }
    }

    func rowCount(_ queue: DatabaseQueue) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") ?? -1 }
    }

    func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    /// The power cut for a connection of this process: `queue` is closed with its directory
    /// frozen, so that its close-time checkpoint reaches nothing, then the database is cut.
    func cutPower(closing queue: DatabaseQueue, in directory: TemporaryDirectory, database path: String) throws {
        let prefix = directory.path + "/"
        PowerCut.freeze(prefix: prefix)
        do {
            defer { PowerCut.thaw(prefix: prefix) }
            try queue.close()
        }
        try PowerCut.cut(database: path)
    }

    /// Reopens the database after a cut: how many rows of `t` it holds, and its integrity check.
    func survivors(of path: String) throws -> (rows: Int, integrity: String) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM t") ?? -1,
             try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "")
        }
    }

    /// Rows of `t` as another connection sees them while the shell runs; 0 before it exists. Read
    /// only, so that closing it never checkpoints (the shell's connection would stop it anyway).
    func visibleRows(_ path: String) -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(2)
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return 0 }
        defer { try? queue.close() }
        return (try? queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }) ?? 0
    }

    /// Runs `/usr/bin/sqlite3` on the layer, committing `rows` rows one transaction each under
    /// `synchronous` in WAL mode; kills it with SIGKILL once another connection sees them all while
    /// it waits on its open standard input; copies the files as the kill left them; cuts.
    func killShellAndCut(synchronous: String) throws -> (copiedAtKill: Int, afterCut: Int, integrity: String) {
        let directory = TemporaryDirectory()
        let path = directory.file("shell.db")
        let library = try PowerCut.preloadLibrary()

        var script = [
            "PRAGMA journal_mode=WAL;", "PRAGMA wal_autocheckpoint=0;",
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL);",
            "PRAGMA wal_checkpoint(TRUNCATE);", "PRAGMA synchronous=\(synchronous);",
        ]
        for id in 0..<Self.rows { script.append("INSERT INTO t VALUES (\(id), '\(Self.payload)');") }

        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path]
        shell.environment = ProcessInfo.processInfo.environment.merging(PowerCut.environment(preload: library)) { $1 }
        let input = Pipe()
        shell.standardInput = input
        // It says "WARNING: attempt to configure SQLite after initialization" (the layer's
        // constructor initialized SQLite before its main) and prints pragma results: not needed.
        shell.standardOutput = FileHandle.nullDevice
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        defer {
            if shell.isRunning {
                kill(shell.processIdentifier, SIGKILL)
                shell.waitUntilExit()
            }
            try? input.fileHandleForWriting.close()
        }
        input.fileHandleForWriting.write(Data((script.joined(separator: "\n") + "\n").utf8))

        #expect(eventually { visibleRows(path) == Self.rows })
        // Proof that the shell is on the layer, not merely running.
        try #require(FileManager.default.fileExists(atPath: path + "-wal" + PowerCut.sideLogSuffix))
        kill(shell.processIdentifier, SIGKILL)
        shell.waitUntilExit()
        #expect(shell.terminationReason == .uncaughtSignal)

        let copy = directory.file("copy")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: false)
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + "/shell.db" + suffix)
        }
        let copiedAtKill = try survivors(of: copy + "/shell.db").rows

        try PowerCut.cut(database: path)
        let after = try survivors(of: path)
        return (copiedAtKill, after.rows, after.integrity)
    }
}
