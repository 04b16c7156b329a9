import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// Origin seals (Protocols/SPEC.md §18) across a whole tree of real processes: a town that
/// alters a village's case, and invents one, in the village's name is named at the district and
/// at the city; honest writes, personal columns masked at the ceiling included, raise nothing.
@Suite(.serialized) struct ForgeryTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    static let village = NodeID(rawValue: 441_702_001_201)
    static let town = NodeID(rawValue: 441_702_001_000)

    func register(_ projectNo: String, at db: String) throws {
        let replica = try Replica.open(at: db, logger: testLogger())
        try replica.write { db in
            try CaseDesk.register(
                CaseApplication(
                    projectNo: projectNo, taskHandleItem: "item", taskName: "最低生活保障", instant: false, channel: "proxy", applicantName: "王五",
                    idNumber: "440102199001011234", phone: "13812345678", address: "某村", applyDate: "2026-11-23"),
                at: Self.village, db)
        }
    }

    func count(_ table: String, at db: String, where condition: String = "1") throws -> Int64 {
        try Replica.open(at: db, logger: testLogger()).query("SELECT count(*) FROM \(table) WHERE \(condition)").rows.first?.first?.integerValue ?? -1
    }

    func forgeries(at db: String) throws -> [String] {
        try Replica.open(at: db, logger: testLogger()).forgeries().map(\.detail)
    }

    @Test func aForgingTownIsNamedAtTheDistrictAndAtTheCity() throws {
        let dir = TemporaryDirectory()
        let cityEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let districtEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let nodes: [(name: String, region: String, arguments: [String])] = [
            ("city", "441700000000", ["--listen", cityEndpoint]),
            ("district", "441702000000", ["--listen", districtEndpoint, "--parent", cityEndpoint, "--privacy-key-file", dir.file("privacy-key")]),
            ("town", "441702001000", ["--listen", townEndpoint, "--parent", districtEndpoint]),
            ("village", "441702001201", ["--parent", townEndpoint]),
        ]
        func db(_ name: String) -> String { dir.file("\(name).db") }
        for node in nodes {
            let initialised = try cli(["init", "--db", db(node.name), "--region", node.region] + node.arguments)
            #expect(initialised.status == 0, "\(initialised.output)")
        }
        try TestKeys.enrolTree(Dictionary(uniqueKeysWithValues: nodes.map { (NodeID(rawValue: Int64($0.region)!), db($0.name)) }))
        // The district's operator registers the seal keys of its town and village.
        for (name, region) in [("town", "441702001000"), ("village", "441702001201")] {
            let shown = try cli(["keys", "show", "--seal", "--db", db(name)])
            #expect(shown.status == 0, "\(shown.output)")
            let key = shown.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let registered = try cli(["keys", "sealer", "--db", db("district"), "--node", region, "--key=\(key)"])
            #expect(registered.status == 0 && registered.output.contains("registered"), "\(registered.output)")
        }
        #expect(try cli(["keys", "sealer", "--db", db("town"), "--node", "441702001201", "--key=\(String(repeating: "0", count: 40))"]).status != 0)

        var processes: [NodeProcess] = []
        defer {
            for process in processes { process.terminate() }
            for process in processes { process.waitForExit(seconds: 10) }
        }
        for node in nodes {
            processes.append(try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db(node.name)], logPath: dir.file("\(node.name).log")))
        }
        try register("C-1", at: db("village"))
        try register("C-2", at: db("village"))
        #expect(try eventually(seconds: 30) { try count("case_accept", at: db("city")) == 2 })
        for name in ["village", "town", "district"] {
            let synced = try cli(["sync", "--db", db(name), "--timeout", "20"])
            #expect(synced.status == 0 && synced.output.contains("digests agree"), "\(name): \(synced.output)")
        }
        // Honest writes, relayed twice and masked at the ceiling, are all covered by seals.
        for name in ["district", "city"] {
            let found = try forgeries(at: db(name))
            #expect(found.isEmpty, "\(name): \(found)")
        }
        #expect(try count("_ld_sealed", at: db("district")) > 0)
        #expect(try count("_ld_sealed", at: db("city")) > 0)

        // The town's operator edits its replica in the stock sqlite3 shell: a new task name on the
        // village's case C-1, and a case the village never registered, both in the village's name.
        let village = Self.village.rawValue
        let tamper = """
            INSERT INTO _ld_applying (flag) VALUES (1);
            UPDATE case_accept SET task_name = '伪造事项',
                _ld_cc = json_set(coalesce(_ld_cc, '{}'), '$.task_name', json_array(_ld_hlc + 65536, \(village))),
                _ld_seq = (SELECT seq + 65536 FROM _ld_clock) WHERE project_no = 'C-1';
            INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, status, scope, _ld_cl, _ld_seq, _ld_hlc, _ld_org)
                VALUES ('C-FAKE', 'item', '伪造', '2', 'proxy', '2026-11-24', 'SUBMITTED', \(village), 1,
                    (SELECT seq + 131072 FROM _ld_clock), (SELECT hlc + 65536 FROM _ld_clock), \(village));
            UPDATE _ld_clock SET seq = seq + 131072;
            DELETE FROM _ld_applying;
            """
        let shell = try runCommand("/usr/bin/sqlite3", [db("town")], input: tamper)
        #expect(shell.status == 0, "\(shell.output)")

        // The district refuses both rows (rule `seal`), naming the town, and records the forgery.
        #expect(try eventually(seconds: 30) { try forgeries(at: db("district")).count >= 2 })
        let atDistrict = try forgeries(at: db("district"))
        #expect(atDistrict.contains { $0.contains("task_name") && $0.contains("came through node \(Self.town)") && $0.contains("node \(Self.village)'s name") }, "\(atDistrict)")
        #expect(atDistrict.contains { $0.contains("C-FAKE") }, "\(atDistrict)")
        #expect(atDistrict.allSatisfy { $0.contains("came through node \(Self.town)") }, "\(atDistrict)")
        #expect(try count("_ld_reject", at: db("district"), where: "rule = 'seal' AND peer = \(Self.town.rawValue)") >= 2)
        let districtStatus = try cli(["status", "--db", db("district")])
        #expect(districtStatus.output.contains("FORGERIES 伪造"), "\(districtStatus.output)")
        // The town hears that its rows were refused, and why.
        #expect(try eventually(seconds: 10) { try cli(["status", "--db", db("town")]).output.contains("origin seal 来源签封") })

        // The city names the town: the district's report travels up with its rows.
        #expect(try eventually(seconds: 30) { try forgeries(at: db("city")).contains { $0.contains("received through node \(Self.town)") } })
        let atCity = try forgeries(at: db("city"))
        #expect(atCity.contains { $0.contains("node 441702000000 found") && $0.contains("in node \(Self.village)'s name") }, "\(atCity)")
        let audit = try cli(["audit", "show", "--db", db("city")])
        #expect(audit.output.contains("forgery"), "\(audit.output)")
        #expect(try cli(["audit", "verify", "--db", db("city")]).status == 0)
        // Nothing forged was applied or relayed; the honest case C-2 is not accused.
        for name in ["district", "city"] {
            // On failure, say what the node holds and where it came from (bookkeeping columns).
            let held = try Replica.open(at: db(name), logger: testLogger())
                .query("SELECT project_no, task_name, _ld_org, _ld_hlc, _ld_cc, _ld_src, _ld_seq FROM case_accept ORDER BY project_no").rows
            #expect(try count("case_accept", at: db(name), where: "project_no = 'C-FAKE' OR task_name = '伪造事项'") == 0, "\(name): \(held)")
        }
        #expect(try forgeries(at: db("town")).isEmpty)
        #expect(!atDistrict.contains { $0.contains("C-2") }, "\(atDistrict)")
    }
}
