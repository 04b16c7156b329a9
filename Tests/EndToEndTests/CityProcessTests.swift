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
        try TestKeys.enrolWithCLI(child: NodeID(rawValue: 441_702_001_201), at: villageDB, parent: NodeID(rawValue: 441_702_001_000), at: townDB)

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

    /// A village whose replica was tampered with in the stock sqlite3 shell (guard triggers
    /// dropped) forges a catalogue row, a neighbour's case and a conclusion of its own case. Its
    /// town, a separate process, refuses each with node, table, column and rule; nothing of it
    /// reaches the town, the district or the neighbouring village; the village's status says why.
    @Test func forgedWritesAreRefusedAcrossProcesses() throws {
        let dir = TemporaryDirectory()
        let districtEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let privacyKey = dir.file("privacy-key")  // created by the district's init
        let nodes: [(name: String, region: String, arguments: [String])] = [
            ("district", "441702000000", ["--listen", districtEndpoint, "--privacy-key-file", privacyKey]),
            ("town", "441702001000", ["--listen", townEndpoint, "--parent", districtEndpoint]),
            ("village", "441702001201", ["--parent", townEndpoint]),
            ("neighbour", "441702001202", ["--parent", townEndpoint]),
        ]
        var processes: [NodeProcess] = []
        defer {
            for process in processes { process.terminate() }
            for process in processes { process.waitForExit(seconds: 10) }
        }
        for node in nodes {
            let initialised = try cli(["init", "--db", dir.file("\(node.name).db"), "--region", node.region] + node.arguments)
            #expect(initialised.status == 0, "\(initialised.output)")
        }
        try TestKeys.enrolTree(Dictionary(uniqueKeysWithValues: nodes.map { (NodeID(rawValue: Int64($0.region)!), dir.file("\($0.name).db")) }))
        for node in nodes {
            processes.append(
                try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", dir.file("\(node.name).db")], logPath: dir.file("\(node.name).log")))
        }
        try register("C-OWN", at: dir.file("village.db"))
        #expect(try eventually { try cases(at: dir.file("district.db")) == 1 })

        // The running node writes too: wait for its write lock rather than fail (the shell's
        // default busy timeout is 0).
        let tamper = """
            .timeout 10000
            \(try guardTriggers(at: dir.file("village.db")).map { "DROP TRIGGER \($0);" }.joined(separator: "\n"))
            INSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES ('FORGED', '伪造事项', '05', '1', 441702000000);
            INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, status, scope)
                VALUES ('C-SIBLING', 'x', 'x', '2', 'proxy', '2026-11-02', 'SUBMITTED', 441702001202);
            UPDATE case_accept SET status = 'CONCLUDED' WHERE project_no = 'C-OWN';
            """
        let shell = try runCommand("/usr/bin/sqlite3", [dir.file("village.db")], input: tamper)
        #expect(shell.status == 0, "\(shell.output)")

        let town = dir.file("town.db")
        #expect(try eventually { try count("_ld_reject", at: town) >= 3 })
        let refusals = try Replica.open(at: town, logger: testLogger()).query("SELECT writer, tbl, col, rule FROM _ld_reject ORDER BY id").rows
        let village = ColumnValue.integer(441_702_001_201)
        #expect(refusals.contains([village, .text("item_catalog"), .null, .text("authority")]), "\(refusals)")
        #expect(refusals.contains([village, .text("case_accept"), .null, .text("scope")]), "\(refusals)")
        #expect(refusals.contains([village, .text("case_accept"), .text("status"), .text("status")]), "\(refusals)")

        // Give a relay every chance to happen, then check that none did.
        let sync = try cli(["sync", "--db", town, "--timeout", "20"])
        #expect(sync.status == 0, "\(sync.output)")
        for name in ["town", "district", "neighbour"] {
            #expect(try count("item_catalog", at: dir.file("\(name).db"), where: "catalog_code = 'FORGED'") == 0)
            #expect(try count("case_accept", at: dir.file("\(name).db"), where: "project_no = 'C-SIBLING' OR status = 'CONCLUDED'") == 0)
        }
        let status = try cli(["status", "--db", dir.file("village.db")])
        #expect(status.output.contains("rejected write by node 441702001201"), "\(status.output)")
    }

    func guardTriggers(at db: String) throws -> [String] {
        try Replica.open(at: db, logger: testLogger()).query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%__ld_guard%'").rows
            .compactMap { if case .text(let name) = $0[0] { name } else { nil } }
    }

    func count(_ table: String, at db: String, where condition: String = "1") throws -> Int64 {
        try Replica.open(at: db, logger: testLogger()).query("SELECT count(*) FROM \(table) WHERE \(condition)").rows.first?.first?.integerValue ?? -1
    }

    /// The privacy key (deploy/README.md): the first district's init creates the file (mode
    /// 0600) and records its path, the next district uses the same file, a district without one
    /// and a city with one are refused, and the key never enters a replica.
    @Test func thePrivacyKeyFileStaysWithTheDistricts() throws {
        let dir = TemporaryDirectory()
        let key = dir.file("privacy-key")
        let missing = try cli(["init", "--db", dir.file("d0.db"), "--region", "441703000000"])
        #expect(missing.status != 0 && missing.output.contains("--privacy-key-file"), "\(missing.output)")
        let first = try cli(["init", "--db", dir.file("d1.db"), "--region", "441702000000", "--privacy-key-file", key])
        #expect(first.status == 0 && first.output.contains("copy this file"), "\(first.output)")
        let written = try String(contentsOfFile: key, encoding: .utf8)
        #expect(written.count == 65 && (try? PrivacyKey(hex: written)) != nil)
        #expect((try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try cli(["init", "--db", dir.file("d2.db"), "--region", "441704000000", "--privacy-key-file", key])
        #expect(second.status == 0, "\(second.output)")
        #expect(try String(contentsOfFile: key, encoding: .utf8) == written)
        let district = try Replica.open(at: dir.file("d2.db"), logger: testLogger())
        #expect(district.privacyKey == (try PrivacyKey(hex: written)))
        let settings = try district.query("SELECT group_concat(value, ' ') FROM _ld_setting").rows.first?.first?.description ?? ""
        #expect(!settings.contains(written.trimmingCharacters(in: .whitespacesAndNewlines)) && settings.contains(key))

        let city = try cli(["init", "--db", dir.file("city.db"), "--region", "441700000000", "--privacy-key-file", key])
        #expect(city.status != 0 && city.output.contains("must not hold the privacy key"), "\(city.output)")
        #expect(try cli(["init", "--db", dir.file("city.db"), "--region", "441700000000"]).status == 0)
        try FileManager.default.copyItem(atPath: key, toPath: dir.file("city.db.privacy-key"))
        let cityRun = try cli(["sync", "--db", dir.file("city.db"), "--timeout", "1"])
        #expect(cityRun.status != 0 && cityRun.output.contains("must not hold the privacy key"), "\(cityRun.output)")

        try FileManager.default.removeItem(atPath: key)
        let keyless = try cli(["sync", "--db", dir.file("d1.db"), "--timeout", "1"])
        #expect(keyless.status != 0 && keyless.output.contains("no privacy key"), "\(keyless.output)")
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
        #expect(demo.output.contains("electronic supervision 电子监察") && demo.output.contains("raised 已发出") && demo.output.contains("open 未关闭"))
        // The replicas stay for inspection, and stats reads any of them.
        let stats = try cli(["stats", "--db", dir.file("demo/441702000000.db"), "--from", "2026-11-16", "--to", "2026-11-18", "--format", "csv"])
        #expect(stats.status == 0 && stats.output.contains("合计 total"))
    }
}
