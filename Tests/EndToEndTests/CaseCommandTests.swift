import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// The staff commands (`liandong case`) end to end on a small tree of real processes: a village
/// registers, its town receives and accepts, the district concludes, and the decision is listed
/// as new at the village, which delivers it; an illegal step is refused with its rule.
@Suite(.serialized) struct CaseCommandTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func status(_ projectNo: String, at db: String) throws -> String? {
        let rows = try Replica.open(at: db, logger: testLogger()).query("SELECT status FROM case_accept WHERE project_no = '\(projectNo)'").rows
        if case .text(let status)? = rows.first?.first { return status }
        return nil
    }

    @Test func aCaseGoesFromTheVillageToTheDistrictAndItsDecisionComesBack() throws {
        let dir = TemporaryDirectory()
        let districtEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let nodes: [(name: String, region: String, arguments: [String])] = [
            ("district", "441702000000", ["--listen", districtEndpoint, "--privacy-key-file", dir.file("privacy-key")]),
            ("town", "441702001000", ["--listen", townEndpoint, "--parent", districtEndpoint]),
            ("village", "441702001201", ["--parent", townEndpoint]),
        ]
        func db(_ name: String) -> String { dir.file("\(name).db") }
        for node in nodes { #expect(try cli(["init", "--db", db(node.name), "--region", node.region] + node.arguments).status == 0) }
        try TestKeys.enrolTree(Dictionary(uniqueKeysWithValues: nodes.map { (NodeID(rawValue: Int64($0.region)!), db($0.name)) }))
        var processes: [NodeProcess] = []
        defer {
            for process in processes { process.terminate() }
            for process in processes { process.waitForExit(seconds: 10) }
        }
        for node in nodes {
            processes.append(try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db(node.name)], logPath: dir.file("\(node.name).log")))
        }

        let registered = try cli([
            "case", "register", "--db", db("village"), "--no", "C-1", "--item", "I-1", "--task-name", "最低生活保障", "--applicant", "王五",
            "--id-number", "440102199001011234", "--phone", "13812345678", "--date", "2026-11-02",
        ])
        #expect(registered.status == 0 && registered.output.contains("SUBMITTED"), "\(registered.output)")
        #expect(try eventually(seconds: 30) { try status("C-1", at: db("town")) == "SUBMITTED" })
        let townTodo = try cli(["case", "list", "todo", "--db", db("town"), "--today", "2026-11-02"])
        #expect(townTodo.output.contains("C-1") && townTodo.output.contains("待办"), "\(townTodo.output)")
        // The town may not conclude (that is the district's), and says which rule.
        let early = try cli(["case", "conclude", "--db", db("town"), "--no", "C-1", "--date", "2026-11-02"])
        #expect(early.status != 0 && early.output.contains("rule"), "\(early.output)")
        #expect(try cli(["case", "receive", "--db", db("town"), "--no", "C-1", "--date", "2026-11-02"]).status == 0)
        let notified = try cli(["case", "notify", "--db", db("town"), "--no", "C-1", "--missing", "户口簿复印件", "--date", "2026-11-02"])
        #expect(notified.status == 0 && notified.output.contains("一次性告知"), "\(notified.output)")
        let accepted = try cli(["case", "accept", "--db", db("town"), "--no", "C-1", "--days", "5", "--date", "2026-11-02"])
        #expect(accepted.status == 0 && accepted.output.contains("ACCEPTED"), "\(accepted.output)")
        #expect(try eventually(seconds: 30) { try status("C-1", at: db("district")) == "ACCEPTED" })
        let dueSoon = try cli(["case", "list", "due-soon", "--db", db("district"), "--today", "2026-11-06", "--format", "json"])
        #expect(dueSoon.output.contains("\"projectNo\" : \"C-1\"") && dueSoon.output.contains("\"due\" : \"2026-11-09\""), "\(dueSoon.output)")
        let overdue = try cli(["case", "list", "overdue", "--db", db("district"), "--today", "2026-11-12"])
        #expect(overdue.output.contains("C-1"), "\(overdue.output)")
        let concluded = try cli(["case", "conclude", "--db", db("district"), "--no", "C-1", "--date", "2026-11-05"])
        #expect(concluded.status == 0 && concluded.output.contains("CONCLUDED"), "\(concluded.output)")

        // The decision reaches the village and is listed as new there, once.
        #expect(try eventually(seconds: 30) { try status("C-1", at: db("village")) == "CONCLUDED" })
        let new = try cli(["case", "list", "new", "--db", db("village")])
        #expect(new.output.contains("C-1") && new.output.contains("新结果"), "\(new.output)")
        #expect(try cli(["case", "list", "new", "--db", db("village")]).output.contains("0 case(s)"))
        #expect(try cli(["case", "list", "todo", "--db", db("village")]).output.contains("C-1"))
        // A decided case cannot be withdrawn; it is delivered.
        let withdrawn = try cli(["case", "withdraw", "--db", db("village"), "--no", "C-1", "--date", "2026-11-06"])
        #expect(withdrawn.status != 0 && withdrawn.output.contains("refused"), "\(withdrawn.output)")
        let delivered = try cli(["case", "deliver", "--db", db("village"), "--no", "C-1", "--date", "2026-11-06"])
        #expect(delivered.status == 0 && delivered.output.contains("DELIVERED"), "\(delivered.output)")
        #expect(try eventually(seconds: 30) { try status("C-1", at: db("district")) == "DELIVERED" })

        // A bad review by SMS goes to the district, which concluded the case (谁办理谁负责).
        let rated = try cli(["case", "evaluate", "--db", db("village"), "--no", "C-1", "--level", "1", "--channel", "sms", "--window", "2", "--date", "2026-11-06"])
        #expect(rated.status == 0 && rated.output.contains("评价编号"), "\(rated.output)")
        let evalID = "C-1/eval/441702001201/1"
        let districtDB = db("district")
        #expect(try eventually(seconds: 30) { try !Replica.open(at: districtDB, logger: testLogger()).query("SELECT 1 FROM evaluation WHERE eval_id = '\(evalID)'").rows.isEmpty })
        let byTown = try cli(["case", "rectify", "--db", db("town"), "--eval", evalID, "--open"])
        #expect(byTown.status != 0 && byTown.output.contains("谁办理谁负责"), "\(byTown.output)")
        let opened = try cli(["case", "rectify", "--db", db("district"), "--eval", evalID, "--open", "--date", "2026-11-06"])
        #expect(opened.status == 0 && opened.output.contains("PENDING 待整改") && opened.output.contains("2026-11-27"), "\(opened.output)")
        let finished = try cli(["case", "rectify", "--db", db("district"), "--eval", evalID, "--finish", "已优化窗口流程", "--date", "2026-11-09"])
        #expect(finished.status == 0 && finished.output.contains("DONE 整改完成"), "\(finished.output)")
        let revisited = try cli(["case", "revisit", "--db", db("district"), "--eval", evalID, "--content", "满意", "--satisfied", "5", "--date", "2026-11-10"])
        #expect(revisited.status == 0 && revisited.output.contains("已回访"), "\(revisited.output)")
        let reopened = try cli(["case", "rectify", "--db", db("district"), "--eval", evalID, "--start"])
        #expect(reopened.status != 0 && reopened.output.contains("终态"), "\(reopened.output)")
    }
}
