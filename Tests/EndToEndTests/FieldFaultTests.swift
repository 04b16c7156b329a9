import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// What rural halls meet every week, with real `liandong` processes and real files: a replica
/// restored from an older backup, a power cut right after the parent acknowledged, and system
/// clocks that are days off (`ClockSkew`).
@Suite(.serialized) struct FieldFaultTests {
    static let townCode = "441702001000"
    static let villageCode = "441702001201"

    func cli(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try runCommand(liandongExecutable, arguments, environment: environment)
    }

    /// A town and a village initialised in `dir`, the village's parent the town.
    func initPair(_ dir: TemporaryDirectory) throws -> (town: String, village: String) {
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:\(try freeLoopbackPort())")
        return (pair.townDB, pair.villageDB)
    }

    /// Inserts `count` records with ids `prefix-N` through `liandong sql`, one statement (one
    /// durable commit) per call, as a hall registers one case at a time.
    func insertThroughCLI(_ db: String, prefix: String, _ range: Range<Int>, environment: [String: String] = [:]) throws {
        for i in range {
            let result = try cli(
                ["sql", "--db", db, "INSERT INTO record (id, name, village, count) VALUES ('\(prefix)-\(i)', '代办 \(i)', \(Self.villageCode), \(i))"],
                environment: environment)
            #expect(result.status == 0, "\(result.output)")
        }
    }

    func count(_ replica: Replica, like prefix: String) throws -> Int64 {
        if case .integer(let n) = try replica.query("SELECT count(*) FROM record WHERE id LIKE '\(prefix)-%'").rows[0][0] { return n }
        return -1
    }

    /// The link's digest state in `liandong status --json` (`linkDigests`).
    func digests(_ db: String) throws -> [String] { try linkDigests(ofReplica: db) }

    /// A village restored from a backup older than what its town acknowledged: the town holds the
    /// village's newer rows as the village's own, so no cursor ever sends them down. Comparing
    /// digests finds them; both sides end equal and every row the village reported saved is back.
    @Test func aVillageRestoredFromAnOlderBackupGetsItsOwnRowsBack() throws {
        let dir = TemporaryDirectory()
        let (townDB, villageDB) = try initPair(dir)
        var town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        var village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer {
            village.terminate()
            town.terminate()
            village.waitForExit(seconds: 10)
            town.waitForExit(seconds: 10)
        }
        try insertThroughCLI(villageDB, prefix: "early", 0..<20)
        let townReader = try Replica.open(at: townDB, logger: testLogger())
        #expect(try eventually(seconds: 30) { try count(townReader, like: "early") == 20 })
        // The backup: SQLite's online backup of the live file.
        let backup = try runCommand("/usr/bin/sqlite3", [villageDB, ".timeout 5000", ".backup \(dir.file("backup.db"))"])
        #expect(backup.status == 0, "\(backup.output)")
        try insertThroughCLI(villageDB, prefix: "late", 0..<15)
        #expect(try eventually(seconds: 30) { try count(townReader, like: "late") == 15 })

        // Restore the old file in place of the newer one.
        village.terminate()
        #expect(village.waitForExit(seconds: 10))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: villageDB + suffix) }
        try FileManager.default.copyItem(atPath: dir.file("backup.db"), toPath: villageDB)
        let restored = try Replica.open(at: villageDB, logger: testLogger())
        #expect(try count(restored, like: "late") == 0)

        village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        #expect(try eventually(seconds: 60) { try count(restored, like: "late") == 15 }, "the village's own rows came back")
        #expect(try eventually(seconds: 30) { try restored.dumpAll() == townReader.dumpAll() })
        #expect(try eventually(seconds: 30) { try digests(villageDB).first?.hasPrefix("agree") == true }, "\((try? digests(villageDB)) ?? [])")
        #expect(try eventually(seconds: 30) { try digests(townDB).first?.hasPrefix("agree") == true }, "\((try? digests(townDB)) ?? [])")
        let sync = try cli(["sync", "--db", villageDB])
        #expect(sync.status == 0 && sync.output.contains("in sync"), "\(sync.output)")
        town.terminate()
        #expect(town.waitForExit(seconds: 10))
        town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
    }

    /// A power cut at a village right after its town acknowledged its rows, on a layer that
    /// keeps only what was fsynced (`PowerCut`): every row `liandong sql` reported saved is in
    /// the file after the cut, and once both run again their digests agree.
    @Test func aPowerCutAfterTheTownAcknowledgedLosesNothingReportedSaved() throws {
        let dir = TemporaryDirectory()
        let (townDB, villageDB) = try initPair(dir)
        let layer = PowerCut.environment(preload: try PowerCut.preloadLibrary())
        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        var village = try NodeProcess(
            executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"), environment: layer)
        defer {
            village.terminate()
            town.terminate()
            village.waitForExit(seconds: 10)
            town.waitForExit(seconds: 10)
        }
        #expect(eventually { FileManager.default.fileExists(atPath: villageDB + "-wal" + PowerCut.sideLogSuffix) }, "the village runs on the layer")
        try insertThroughCLI(villageDB, prefix: "saved", 0..<40, environment: layer)
        let townReader = try Replica.open(at: townDB, logger: testLogger())
        #expect(try eventually(seconds: 30) { try count(townReader, like: "saved") == 40 })
        // The power goes: the process dies, and everything not fsynced is gone from the files.
        village.kill9()
        #expect(village.waitForExit(seconds: 10))
        try PowerCut.cut(database: villageDB)
        let afterCut = try Replica.open(at: villageDB, logger: testLogger())
        #expect(try count(afterCut, like: "saved") == 40, "every row reported saved survived the cut")
        #expect(try afterCut.integrityCheck() == "ok")

        village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        #expect(try eventually(seconds: 30) { try afterCut.dumpAll() == townReader.dumpAll() })
        #expect(try eventually(seconds: 30) { try digests(villageDB).first?.hasPrefix("agree") == true }, "\((try? digests(villageDB)) ?? [])")
        #expect(try eventually(seconds: 30) { try digests(townDB).first?.hasPrefix("agree") == true }, "\((try? digests(townDB)) ?? [])")
    }

    /// `status` tells the truth: a frozen parent is shown as lost within two heartbeat timeouts,
    /// with its last real contact; a refused child shows the refusal and its reason, and does not
    /// log that it reconnects.
    @Test func statusShowsAFrozenParentAndARefusal() throws {
        let dir = TemporaryDirectory()
        let (townDB, villageDB) = try initPair(dir)
        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        let village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer {
            kill(town.processIdentifier, SIGCONT)
            village.terminate()
            town.terminate()
            village.waitForExit(seconds: 10)
            town.waitForExit(seconds: 10)
        }
        let linkState = { (db: String) in try LiandongTesting.linkState(ofReplica: db) }
        #expect(try eventually(seconds: 20) { try linkState(villageDB).state == "connected" })
        kill(town.processIdentifier, SIGSTOP)
        // Two dead-peer timeouts (5 s each) at most.
        #expect(try eventually(seconds: 12) { try linkState(villageDB).state == "lost" }, "\((try? linkState(villageDB)) ?? ("?", nil))")
        #expect(try linkState(villageDB).error?.contains("no answer") == true)
        kill(town.processIdentifier, SIGCONT)
        #expect(try eventually(seconds: 20) { try linkState(villageDB).state == "connected" })

        // A village that names a district as its parent is refused (wrong tier).
        let districtDB = dir.file("district.db")
        let districtEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        #expect(try cli(["init", "--db", districtDB, "--region", "441702000000", "--listen", districtEndpoint, "--schema", "demo"]).status == 0)
        let strayDB = dir.file("stray.db")
        #expect(try cli(["init", "--db", strayDB, "--region", "441702001202", "--parent", districtEndpoint, "--schema", "demo"]).status == 0)
        // Enrolled at the district by mistake, the district's key pasted in as its town's.
        try TestKeys.enrol(
            child: NodeID(rawValue: 441_702_001_202), at: strayDB, parent: NodeID(rawValue: 441_702_000_000), at: districtDB,
            listedAs: NodeID(rawValue: 441_702_001_000))
        let district = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", districtDB], logPath: dir.file("district.log"))
        let stray = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", strayDB], logPath: dir.file("stray.log"))
        defer {
            stray.terminate()
            district.terminate()
            stray.waitForExit(seconds: 10)
            district.waitForExit(seconds: 10)
        }
        #expect(try eventually(seconds: 20) { try linkState(strayDB).state == "refused" }, "\((try? linkState(strayDB)) ?? ("?", nil))")
        #expect(try linkState(strayDB).error?.contains("wrongTier") == true, "\((try? linkState(strayDB)) ?? ("?", nil))")
        let text = try cli(["status", "--db", strayDB]).output
        #expect(text.contains("refused") && !text.contains("no links yet"), "\(text)")
        let log = (try? String(contentsOfFile: dir.file("stray.log"), encoding: .utf8)) ?? ""
        #expect(log.contains("refused") && !log.contains("reconnecting"), "\(log)")
    }

    /// A village whose PC clock is a day fast or three days slow, writing while offline before it
    /// ever met its town: it is never cut off, takes the town's time, sends its rows (stamped
    /// again when they were ahead), receives the town's, and `status` shows the offset.
    @Test(arguments: [Int64(86_400), Int64(-3 * 86_400)])
    func aVillageWithAWrongClockKeepsSyncing(seconds: Int64) throws {
        let dir = TemporaryDirectory()
        let (townDB, villageDB) = try initPair(dir)
        let fake = try ClockSkew.environment(offsetMillis: seconds * 1000)
        try insertThroughCLI(villageDB, prefix: "offline", 0..<10, environment: fake)
        try insertThroughCLI(townDB, prefix: "town", 0..<5)
        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        let village = try NodeProcess(
            executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"), environment: fake)
        defer {
            village.terminate()
            town.terminate()
            village.waitForExit(seconds: 10)
            town.waitForExit(seconds: 10)
        }
        let townReader = try Replica.open(at: townDB, logger: testLogger())
        let villageReader = try Replica.open(at: villageDB, logger: testLogger())
        #expect(try eventually(seconds: 30) { try count(townReader, like: "offline") == 10 }, "the town took the village's rows")
        #expect(try eventually(seconds: 30) { try count(villageReader, like: "town") == 5 }, "the village took the town's rows")
        // New writes at the village, after it learned the town's time, flow too.
        try insertThroughCLI(villageDB, prefix: "online", 0..<5, environment: fake)
        #expect(try eventually(seconds: 30) { try count(townReader, like: "online") == 5 })
        // Nothing the town holds is stamped in the future.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try townReader.rowStates().allSatisfy { $0.versions.base.hlc.millis <= now + Replica.restampToleranceMillis + 5_000 })
        #expect(try townReader.refusals(limit: 1).count == 0)
        // The correction is the clock's error, to within a few seconds, and status shows it.
        let correction = try villageReader.clockOffsetMillis()
        #expect(abs(correction + seconds * 1000) < 5_000, "correction \(correction) ms")
        let status = try cli(["status", "--db", villageDB], environment: fake)
        #expect(status.output.contains("clock correction 时钟校正"), "\(status.output)")
        #expect(status.output.contains("peer clock 对端时钟"), "\(status.output)")
        #expect(status.output.range(of: #"\(-[0-9]+s ago\)|for -[0-9]+s"#, options: .regularExpression) == nil, "no negative ages: \(status.output)")
    }
}
