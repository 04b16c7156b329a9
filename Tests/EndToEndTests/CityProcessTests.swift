import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// Whole nodes of the government-service tree as real `liandong` processes.
@Suite(.serialized) struct CityProcessTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func register(_ projectNo: String, at db: String) throws {
        let village = NodeID(rawValue: 441_702_001_201)
        let replica = try Replica.open(at: db, logger: testLogger())
        try replica.write { db in
            try CaseDesk.register(
                CaseApplication(
                    projectNo: projectNo, taskHandleItem: "item", taskName: "最低生活保障", instant: false, channel: "proxy", applicantName: "王五",
                    idNumber: "440102199001011234", phone: "13812345678", address: "某村", applyDate: "2026-11-23"),
                at: village, db)
        }
    }

    func cases(at db: String) throws -> Int64 {
        try Replica.open(at: db, logger: testLogger()).query("SELECT count(*) FROM case_accept").rows.first?.first?.integerValue ?? -1
    }

    /// A village on a nightly window (closed now) holds its cases back until an operator forces a
    /// sync, then hangs up again; `status` says what waits for the window.
    @Test func aNightlyWindowLinkSyncsOnlyWhenForced() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townDB = dir.file("town.db")
        let villageDB = dir.file("village.db")
        let offset = TimeZone.current.secondsFromGMT() / 60
        let now = SyncSchedule.localMinute(millis: wallClockMillis(), utcOffsetMinutes: offset)
        func clock(_ minute: Int) -> String { String(format: "%02d:%02d", (minute % 1440) / 60, minute % 60) }
        let window = "window \(clock(now + 120))-\(clock(now + 180))"
        #expect(try cli(["init", "--db", townDB, "--region", "441702001000", "--listen", endpoint]).status == 0)
        let initVillage = try cli(["init", "--db", villageDB, "--region", "441702001201", "--parent", endpoint, "--schedule", window])
        #expect(initVillage.status == 0, "\(initVillage.output)")
        #expect(try cli(["init", "--db", dir.file("x.db"), "--region", "441702001202", "--schedule", "window 25:00-26:00"]).status != 0)

        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        defer { town.terminate(); town.waitForExit(seconds: 10) }
        let village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer { village.terminate(); village.waitForExit(seconds: 10) }
        try register("C-1", at: villageDB)
        Thread.sleep(forTimeInterval: 2)
        #expect(try cases(at: townDB) == 0)
        let status = try cli(["status", "--db", villageDB])
        #expect(status.output.contains("closed now") && status.output.contains("2 change(s) wait for the window"), "\(status.output)")

        let forced = try cli(["sync", "--db", villageDB, "--timeout", "20"])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try cases(at: townDB) == 1)

        // After the forced sync the link is idle again.
        try register("C-2", at: villageDB)
        Thread.sleep(forTimeInterval: 2)
        #expect(try cases(at: townDB) == 1)
    }

    /// The README's main command: 15 processes, villages offline, convergence proof, statistics.
    @Test func theCityDemoConverges() throws {
        let dir = TemporaryDirectory()
        let demo = try cli(["demo", "--dir", dir.file("demo"), "--days", "3"])
        #expect(demo.status == 0, "\(demo.output)")
        #expect(demo.output.contains("Done 完成") && !demo.output.contains("✗"))
        #expect(demo.output.components(separatedBy: "✓ converged").count - 1 == 15)
        #expect(demo.output.contains("another village's cases 越级/横向数据: 0"))
        #expect(demo.output.contains("按时办结率"))
        // The replicas stay for inspection, and stats reads any of them.
        let stats = try cli(["stats", "--db", dir.file("demo/441702000000.db"), "--from", "2026-11-16", "--to", "2026-11-18", "--format", "csv"])
        #expect(stats.status == 0 && stats.output.contains("合计 total"))
    }
}
