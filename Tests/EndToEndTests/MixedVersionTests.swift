import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// A tree that upgrades over weeks (Protocols/SPEC.md §12.1), with real processes over CURVE: the
/// city and the district run `gov` v6, the towns and villages v5. The tree syncs all the while;
/// what v6 adds (a column, a table) is held back from the v5 nodes and reaches each one when it
/// upgrades — also a village that is offline across the upgrade and registers a case meanwhile.
@Suite(.serialized) struct MixedVersionTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func values(_ sql: String, at db: String) throws -> [[ColumnValue]] {
        try Replica.open(at: db, logger: testLogger()).query(sql).rows
    }

    @Test func aTreeOfTwoVersionsSyncsAndEachNodeGetsTheNewDataWhenItUpgrades() throws {
        let dir = TemporaryDirectory()
        let cityEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let districtEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townAEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townBEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let older = ["--schema-version", "5"]
        let nodes: [(name: String, region: String, arguments: [String])] = [
            ("city", "441700000000", ["--listen", cityEndpoint]),
            ("district", "441702000000", ["--listen", districtEndpoint, "--parent", cityEndpoint, "--privacy-key-file", dir.file("privacy-key")]),
            ("townA", "441702001000", ["--listen", townAEndpoint, "--parent", districtEndpoint] + older),
            ("townB", "441702002000", ["--listen", townBEndpoint, "--parent", districtEndpoint] + older),
            ("villageA", "441702001201", ["--parent", townAEndpoint] + older),
            ("villageB", "441702002201", ["--parent", townBEndpoint] + older),
        ]
        func db(_ name: String) -> String { dir.file("\(name).db") }
        for node in nodes {
            let created = try cli(["init", "--db", db(node.name), "--region", node.region] + node.arguments)
            #expect(created.status == 0, "\(created.output)")
        }
        #expect(try Replica.open(at: db("townA"), logger: testLogger()).schema.version == 5)
        #expect(try Replica.open(at: db("city"), logger: testLogger()).schema.version == GovernmentSchema.version)
        try TestKeys.enrolTree(Dictionary(uniqueKeysWithValues: nodes.map { (NodeID(rawValue: Int64($0.region)!), db($0.name)) }))
        var processes: [String: NodeProcess] = [:]
        defer {
            for process in processes.values { process.terminate() }
            for process in processes.values { _ = process.waitForExit(seconds: 10) }
        }
        var runs = 0
        func start(_ name: String) throws {
            runs += 1
            processes[name] = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db(name)], logPath: dir.file("\(name)-\(runs).log"))
        }
        func stop(_ name: String) {
            processes[name]?.terminate()
            _ = processes[name]?.waitForExit(seconds: 10)
            processes[name] = nil
        }
        func upgrade(_ name: String) throws {
            let upgraded = try cli(["upgrade", "--db", db(name), "--log-level", "warning"])
            #expect(upgraded.status == 0 && upgraded.output.contains("gov v5 → v6: appended tables e_license; appended columns case_accept.window_no"), "\(upgraded.output)")
        }
        func register(_ projectNo: String, at name: String) throws {
            let registered = try cli([
                "case", "register", "--db", db(name), "--no", projectNo, "--item", "I-1", "--task-name", "最低生活保障", "--applicant", "王五",
                "--id-number", "440102199001011234", "--phone", "13812345678", "--date", "2026-11-02",
            ])
            #expect(registered.status == 0, "\(registered.output)")
        }
        func has(_ projectNo: String, at name: String) throws -> Bool {
            try !values("SELECT 1 FROM case_accept WHERE project_no = '\(projectNo)'", at: db(name)).isEmpty
        }
        func licenses(at name: String) throws -> [String] {
            try values("SELECT license_no FROM e_license ORDER BY license_no", at: db(name)).compactMap { if case .text(let text)? = $0.first { text } else { nil } }
        }
        func window(_ projectNo: String, at name: String) throws -> ColumnValue? {
            try values("SELECT window_no FROM case_accept WHERE project_no = '\(projectNo)'", at: db(name)).first?.first
        }
        func inSync(_ names: [String]) throws -> Bool {
            try names.allSatisfy { name in
                let digests = try linkDigests(ofReplica: db(name))
                return !digests.isEmpty && digests.allSatisfy { $0.hasPrefix("agree") }
            }
        }
        func refusals(_ name: String) throws -> [[ColumnValue]] { try values("SELECT peer, tbl, rule, detail FROM _ld_reject", at: db(name)) }
        for node in nodes { try start(node.name) }

        // v5 villages register; their cases reach the v6 city through v5 towns and the v6 district.
        try register("C-A", at: "villageA")
        try register("C-B", at: "villageB")
        #expect(try eventually(seconds: 60) { try has("C-A", at: "city") && has("C-B", at: "city") })

        // The district writes what only v6 has: the accepting window of both cases, and a licence each.
        let wrote = try cli([
            "sql", "--db", db("district"),
            "UPDATE case_accept SET window_no = 'W-07', receive_date = '2026-11-03', status = 'RECEIVED' WHERE project_no IN ('C-A', 'C-B')",
        ])
        #expect(wrote.status == 0, "\(wrote.output)")
        for (license, projectNo, scope) in [("L-A", "C-A", "441702001201"), ("L-B", "C-B", "441702002201")] {
            let issued = try cli([
                "sql", "--db", db("district"),
                "INSERT INTO e_license (license_no, project_no, license_name, issue_date, scope) VALUES ('\(license)', '\(projectNo)', '低保证', '2026-11-05', \(scope))",
            ])
            #expect(issued.status == 0, "\(issued.output)")
        }
        // The v5 nodes get what v5 holds (the status), nothing of the rest, and refuse nothing.
        #expect(try eventually(seconds: 60) { try window("C-A", at: "city") == .text("W-07") && licenses(at: "city") == ["L-A", "L-B"] })
        #expect(try eventually(seconds: 60) {
            try values("SELECT status FROM case_accept WHERE project_no = 'C-A'", at: db("villageA")).first?.first == .text("RECEIVED")
        })
        #expect(try values("SELECT count(*) FROM sqlite_master WHERE name = 'e_license'", at: db("townA")).first?.first == .integer(0))
        #expect(try eventually(seconds: 90) { try inSync(nodes.map(\.name)) }, "digests agree on every link, v5 links included")
        let status = try cli(["status", "--db", db("district")])
        #expect(status.output.contains("speaks schema 模式 v5 to this child"), "\(status.output)")
        let pending = try cli(["status", "--db", db("townA")])
        #expect(pending.output.contains("upgrade pending 待升级"), "\(pending.output)")

        // Village B goes offline for days and registers a case meanwhile.
        stop("villageB")
        try register("C-B2", at: "villageB")

        // Weeks later the towns upgrade, one at a time, then village A: each gets what was held back.
        for town in ["townA", "townB"] {
            stop(town)
            try upgrade(town)
            try start(town)
        }
        #expect(try eventually(seconds: 60) { try licenses(at: "townA") == ["L-A"] && licenses(at: "townB") == ["L-B"] })
        #expect(try window("C-A", at: "townA") == .text("W-07"))
        // The district sent the towns the tables v5 could not hold, not waiting for digests to differ.
        let districtLog = try String(contentsOfFile: dir.file("district-2.log"), encoding: .utf8)
        #expect(districtLog.components(separatedBy: "sent again what an upgraded child could not hold before").count - 1 >= 2, "\(districtLog.suffix(2000))")
        #expect(try eventually(seconds: 60) { try window("C-B", at: "townB") == .text("W-07") })
        // A town's own v6 write reaches its v5 village as far as v5 holds it, and the city in full.
        let townWrote = try cli(["sql", "--db", db("townA"), "UPDATE case_accept SET window_no = 'T-3', accept_date = '2026-11-04', status = 'ACCEPTED' WHERE project_no = 'C-A'"])
        #expect(townWrote.status == 0, "\(townWrote.output)")
        #expect(try eventually(seconds: 60) { try window("C-A", at: "city") == .text("T-3") })
        #expect(try eventually(seconds: 60) {
            try values("SELECT status FROM case_accept WHERE project_no = 'C-A'", at: db("villageA")).first?.first == .text("ACCEPTED")
        })
        stop("villageA")
        try upgrade("villageA")
        try start("villageA")
        #expect(try eventually(seconds: 60) { try licenses(at: "villageA") == ["L-A"] && window("C-A", at: "villageA") == .text("T-3") })

        // Village B upgrades while still offline, then comes back: it gets its licence and the
        // window, and its offline case goes up to the city.
        try upgrade("villageB")
        try start("villageB")
        #expect(try eventually(seconds: 60) { try licenses(at: "villageB") == ["L-B"] && window("C-B", at: "villageB") == .text("W-07") })
        #expect(try eventually(seconds: 60) { try has("C-B2", at: "city") })
        #expect(try eventually(seconds: 120) { try inSync(nodes.map(\.name)) }, "digests agree on every link after the upgrades")
        for node in nodes {
            let refused = try refusals(node.name)
            #expect(refused.isEmpty, "\(node.name) refused \(refused)")
        }
        // Nothing of another village's: village A holds no licence of village B's case.
        #expect(try licenses(at: "villageA") == ["L-A"])
    }

    /// A v5 village with no network exchanges bundles (离线数据包) with its v6 town: the town reads
    /// the village's v5 bundle, and its reply is written in v5, without what v6 adds.
    @Test func bundlesBetweenVersionsAreWrittenInTheOlderOne() throws {
        let dir = TemporaryDirectory()
        let town = dir.file("town.db")
        let village = dir.file("village.db")
        #expect(try cli(["init", "--db", town, "--region", "441702001000", "--listen", "tcp://127.0.0.1:1"]).status == 0)
        #expect(try cli(["init", "--db", village, "--region", "441702001201", "--parent", "tcp://127.0.0.1:1", "--schema-version", "5"]).status == 0)
        try TestKeys.enrolTree([NodeID(rawValue: 441_702_001_000): town, NodeID(rawValue: 441_702_001_201): village])
        let registered = try cli([
            "case", "register", "--db", village, "--no", "C-1", "--item", "I-1", "--task-name", "最低生活保障", "--applicant", "王五",
            "--id-number", "440102199001011234", "--phone", "13812345678", "--date", "2026-11-02",
        ])
        #expect(registered.status == 0, "\(registered.output)")
        let up = dir.file("up.ldbundle")
        let down = dir.file("down.ldbundle")
        let exported = try cli(["bundle", "export", "--db", village, "--for", "441702001000", "--out", up])
        #expect(exported.status == 0, "\(exported.output)")
        let imported = try cli(["bundle", "import", "--db", town, up, "--reply", down])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(try !values("SELECT 1 FROM case_accept WHERE project_no = 'C-1'", at: town).isEmpty)
        let accepted = try cli(["sql", "--db", town, "UPDATE case_accept SET window_no = 'W-1', receive_date = '2026-11-03', status = 'RECEIVED' WHERE project_no = 'C-1'"])
        #expect(accepted.status == 0, "\(accepted.output)")
        let reply = try cli(["bundle", "export", "--db", town, "--for", "441702001201", "--out", down, "--force"])
        #expect(reply.status == 0, "\(reply.output)")
        let back = try cli(["bundle", "import", "--db", village, down])
        #expect(back.status == 0, "\(back.output)")
        #expect(try values("SELECT status FROM case_accept WHERE project_no = 'C-1'", at: village) == [[.text("RECEIVED")]])
        #expect(try values("SELECT count(*) FROM _ld_reject", at: village) == [[.integer(0)]])
    }
}
