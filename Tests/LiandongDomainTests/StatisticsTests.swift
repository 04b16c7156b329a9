import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The statistics against values computed by hand on a small fixed data set
/// (period Mon 2026-11-02 … Fri 2026-11-06, with Wed 11-04 a holiday).
@Suite struct StatisticsTests {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town1 = "441702001000"
    static let town2 = "441702002000"
    static let v1: Int64 = 441_702_001_201
    static let v2: Int64 = 441_702_002_201
    static let t2: Int64 = 441_702_002_000

    /// (project, scope, type, channel, accept, acceptNode, promise, paused, result, concludeNode, visits, status)
    static let cases: [(String, Int64, String, String, String?, Int64?, String?, Int, String?, Int64?, Int, String)] = [
        ("A", v1, "2", "proxy", "2026-11-02", 441_702_001_000, "2026-11-05", 0, "2026-11-05", 441_702_000_000, 1, "CONCLUDED"),
        ("B", v1, "2", "online", "2026-11-02", 441_702_001_000, "2026-11-03", 1, "2026-11-05", 441_702_000_000, 0, "DELIVERED"),
        ("C", v1, "2", "window", "2026-11-02", 441_702_001_000, "2026-11-03", 0, "2026-11-06", 441_702_000_000, 2, "CONCLUDED"),
        ("D", v2, "1", "window", "2026-11-03", t2, "2026-11-03", 0, "2026-11-03", t2, 1, "CONCLUDED"),
        ("E", v2, "1", "proxy", "2026-11-03", t2, "2026-11-03", 0, "2026-11-05", 441_702_000_000, 1, "CONCLUDED"),
        ("F", v2, "2", "proxy", "2026-11-02", t2, "2026-11-03", 0, nil, nil, 1, "IN_PROCESS"),
        ("G", v2, "2", "window", "2026-10-20", t2, "2026-11-10", 0, "2026-11-02", 441_702_000_000, 1, "CONCLUDED"),
        ("H", v1, "2", "proxy", nil, nil, nil, 0, "2026-11-04", 441_702_001_000, 1, "NOT_ACCEPTED"),
        ("I", v1, "2", "proxy", nil, nil, nil, 0, nil, nil, 1, "SUBMITTED"),
    ]

    /// Implementation items (实施清单) with their departments; `item3` is not held here.
    static let dept1 = "11441702MB0000001"
    static let dept2 = "11441702MB0000002"
    static let item1 = "441702-0001", item2 = "441702-0002", item3 = "441702-0003"
    /// (item, name, department code, department name) of the items held here.
    static let items = [(item1, "低保申请", dept1, "民政局"), (item2, "社保卡补办", dept2, "人社局")]
    /// project → (item, the item's name, handle_org): G has no item here but was taken on by
    /// department 1, H has neither.
    static let caseItems: [String: (String, String, String?)] = [
        "A": (item1, "低保申请", nil), "B": (item1, "低保申请", nil), "E": (item1, "低保申请", nil), "I": (item1, "低保申请", nil),
        "C": (item2, "社保卡补办", nil), "D": (item2, "社保卡补办", dept2), "F": (item2, "社保卡补办", nil),
        "G": (item3, "临时救助", dept1), "H": (item3, "临时救助", nil),
    ]

    /// (eval, project, scope, level, time, rectification (status, valid, deadline, closed)?)
    static let evaluations: [(String, String, Int64, Int, String, (Int, Int, String, String?)?)] = [
        ("e1", "A", v1, 5, "2026-11-05", nil),
        ("e2", "B", v1, 4, "2026-11-05", nil),
        ("e3", "C", v1, 1, "2026-11-06", (21, 1, "2026-11-20", "2026-11-06")),
        ("e4", "D", v2, 2, "2026-11-03", (20, 1, "2026-11-20", nil)),
        ("e5", "E", v2, 1, "2026-11-05", (11, 2, "2026-11-20", "2026-11-06")),
        ("e6", "G", v2, 5, "2026-10-30", nil),
    ]

    func loaded(_ dir: TemporaryDirectory) throws -> Replica {
        let replica = try Replica.temporary(Self.district.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { db in
            // Rows as a merge would store them (the district did not write them itself).
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            try db.execute(sql: "INSERT INTO holiday (day, kind, name, scope) VALUES ('2026-11-04', 'holiday', '测试假日', 441700000000)")
            for item in Self.items {
                try db.execute(
                    sql: """
                        INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, dept_code, dept_name, project_type, promise_day, task_state, scope, _ld_seq)
                        VALUES (?, ?, '000001', ?, ?, ?, '2', 5, '1', 441702000000, 1)
                        """,
                    arguments: [item.0, item.0 + "-T", item.1, item.2, item.3])
            }
            for c in Self.cases {
                let item = Self.caseItems[c.0]!
                try db.execute(
                    sql: """
                        INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, accept_date,
                            accept_node, promise_date, paused_workdays, result_date, conclude_node, visit_count, status, scope, handle_org, _ld_seq)
                        VALUES (?, ?, ?, ?, ?, '2026-11-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                        """,
                    arguments: [c.0, item.0, item.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9, c.10, c.11, c.1, item.2])
            }
            for e in Self.evaluations {
                try db.execute(
                    sql: "INSERT INTO evaluation (eval_id, project_no, node_id, level, eval_time, scope, _ld_seq) VALUES (?, ?, ?, ?, ?, ?, 1)",
                    arguments: [e.0, e.1, e.2, e.3, e.4, e.2])
                if let r = e.5 {
                    try db.execute(
                        sql: "INSERT INTO rectification (eval_id, status, valid_flag, deadline, closed_at, scope, _ld_seq) VALUES (?, ?, ?, ?, ?, ?, 1)",
                        arguments: [e.0, r.0, r.1, r.2, r.3, e.2])
                }
            }
            try db.execute(sql: "DELETE FROM _ld_applying")
        }
        return replica
    }

    @Test func statisticsEqualHandComputedValues() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        let stats = try replica.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-02"), to: Day("2026-11-06")) }
        #expect(stats.map(\.group) == [Self.town1, Self.town2, "合计 total"])
        let (t1, t2, total) = (stats[0], stats[1], stats[2])

        #expect(t1.accepted == 3 && t1.concluded == 3 && t1.onTime == 2 && t1.overdue == 1 && t1.notAccepted == 1)
        #expect(t1.online == 1 && t1.proxy == 1 && t1.oneVisit == 2 && t1.zeroVisit == 1)
        #expect(t1.evaluations == 3 && t1.good == 2 && t1.bad == 1 && t1.validBad == 1 && t1.rectified == 1)
        #expect(t2.accepted == 3 && t2.concluded == 3 && t2.onTime == 2 && t2.overdue == 2 && t2.notAccepted == 0)
        #expect(t2.instantAccepted == 2 && t2.instantOnSite == 1 && t2.proxy == 2 && t2.online == 0)
        #expect(t2.evaluations == 2 && t2.good == 0 && t2.bad == 2 && t2.validBad == 1 && t2.rectified == 0)

        #expect(total.accepted == 6 && total.concluded == 6 && total.overdue == 3)
        #expect(total.onTimeRate == 4.0 / 6 && total.onSiteRate == 0.5 && total.oneVisitRate == 5.0 / 6)
        #expect(total.onlineRate == 1.0 / 6 && total.proxyRate == 0.5)
        #expect(total.goodRate == 0.4 && total.badRate == 0.6 && total.rectifiedRate == 0.5)
        #expect(total.cells[4] == "66.7%" && total.cells[6] == "50.0%")

        // Grouped by village, the same totals.
        let byVillage = try replica.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-02"), to: Day("2026-11-06"), by: .region(.village)) }
        #expect(byVillage.map(\.group) == [String(Self.v1), String(Self.v2), "合计 total"])
        #expect(byVillage.last == total)
    }

    /// Adds an evaluation of the hall (no case), an alert on case C and one on a disclosure record (no case).
    func addRowsWithoutCases(_ replica: Replica) throws {
        try replica.write { db in
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            try db.execute(
                sql: "INSERT INTO evaluation (eval_id, project_no, node_id, level, eval_time, scope, _ld_seq) VALUES ('e7', NULL, ?, 1, '2026-11-04', ?, 1)",
                arguments: [Self.v2, Self.v2])
            for (id, project, scope) in [("x1", "C" as String?, Self.v1), ("x2", nil, Self.t2)] {
                try db.execute(
                    sql: """
                        INSERT INTO supervision_alert (alert_id, project_no, rule, color, raised_at, scope, subject, _ld_seq)
                        VALUES (?, ?, 'case-due', 'yellow', '2026-11-03', ?, ?, 1)
                        """,
                    arguments: [id, project, scope, project ?? "record-1"])
            }
            try db.execute(sql: "DELETE FROM _ld_applying")
        }
    }

    /// By item, against the fixture by hand: item 1 = A, B, E (I only submitted); item 2 = C, D,
    /// F; item 3 = G (concluded) and H (not accepted).
    @Test func statisticsByItemEqualHandComputedValues() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        try addRowsWithoutCases(replica)
        let stats = try replica.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-02"), to: Day("2026-11-06"), by: .item) }
        #expect(stats.map(\.group) == [Self.item1, Self.item2, Self.item3, SupervisionStatistics.noCaseGroup, SupervisionStatistics.totalGroup])
        #expect(stats.map(\.name) == ["低保申请", "社保卡补办", "临时救助", nil, nil])
        let (i1, i2, i3, noCase, total) = (stats[0], stats[1], stats[2], stats[3], stats[4])

        #expect(i1.accepted == 3 && i1.concluded == 3 && i1.onTime == 2 && i1.overdue == 1 && i1.notAccepted == 0)
        #expect(i1.instantAccepted == 1 && i1.instantOnSite == 0 && i1.oneVisit == 3 && i1.zeroVisit == 1 && i1.online == 1 && i1.proxy == 2)
        #expect(i1.evaluations == 3 && i1.good == 2 && i1.bad == 1 && i1.validBad == 0 && i1.rectified == 0)
        #expect(i1.zeroVisitRate == 1.0 / 3 && i1.badRate == 1.0 / 3)
        #expect(i2.accepted == 3 && i2.concluded == 2 && i2.onTime == 1 && i2.overdue == 2)
        #expect(i2.instantAccepted == 1 && i2.instantOnSite == 1 && i2.oneVisit == 1 && i2.zeroVisit == 0 && i2.proxy == 1)
        #expect(i2.evaluations == 2 && i2.bad == 2 && i2.validBad == 2 && i2.rectified == 1)
        #expect(i2.zeroVisitRate == 0 && i2.badRate == 1 && i2.rectifiedRate == 0.5)
        #expect(i2.alertsRaised == 1 && i2.alertsOpen == 1)
        #expect(i3.accepted == 0 && i3.concluded == 1 && i3.onTime == 1 && i3.notAccepted == 1 && i3.evaluations == 0)
        #expect(i3.badRate == nil && i3.zeroVisitRate == 0)
        #expect(noCase.evaluations == 1 && noCase.bad == 1 && noCase.alertsRaised == 1 && noCase.accepted == 0)
        #expect(total.accepted == 6 && total.concluded == 6 && total.evaluations == 6 && total.bad == 4 && total.alertsRaised == 2)
        #expect(i1.cells[0] == "\(Self.item1) 低保申请")
    }

    /// By department: department 1 = item 1's cases and G (its item is not held here; department
    /// 1 took it on); department 2 = item 2's; H has no department.
    @Test func statisticsByDepartmentEqualHandComputedValues() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        try addRowsWithoutCases(replica)
        let stats = try replica.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-02"), to: Day("2026-11-06"), by: .department) }
        #expect(
            stats.map(\.group) == [Self.dept1, Self.dept2, SupervisionStatistics.noDepartmentGroup, SupervisionStatistics.noCaseGroup, SupervisionStatistics.totalGroup])
        #expect(stats.map(\.name) == ["民政局", "人社局", nil, nil, nil])
        let (d1, d2, none, noCase, total) = (stats[0], stats[1], stats[2], stats[3], stats[4])

        #expect(d1.accepted == 3 && d1.concluded == 4 && d1.onTime == 3 && d1.overdue == 1 && d1.oneVisit == 4 && d1.zeroVisit == 1)
        #expect(d1.evaluations == 3 && d1.good == 2 && d1.bad == 1)
        #expect(d1.zeroVisitRate == 0.25 && d1.badRate == 1.0 / 3 && d1.onTimeRate == 0.75)
        #expect(d2.accepted == 3 && d2.concluded == 2 && d2.zeroVisit == 0 && d2.evaluations == 2 && d2.bad == 2 && d2.alertsRaised == 1)
        #expect(d2.zeroVisitRate == 0 && d2.badRate == 1)
        #expect(none.notAccepted == 1 && none.accepted == 0 && none.concluded == 0 && none.evaluations == 0)
        #expect(noCase.evaluations == 1 && noCase.alertsRaised == 1)
        #expect(total.notAccepted == 1 && total.concluded == 6 && total.alertsRaised == 2)
    }

    /// 零跑动率 and 差评率 in every format; CSV and JSON give rates as numbers, the table as percentages.
    @Test func ratesAreNumbersInCsvAndJson() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        let period = ["--from", "2026-11-02", "--to", "2026-11-06"]
        let table = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--by", "item"] + period)
        #expect(table.status == 0, "\(table.output)")
        #expect(table.output.contains("零跑动率 zero-visit rate") && table.output.contains("差评率 bad rate") && table.output.contains("33.3%"))
        #expect(table.output.contains("按事项") && table.output.contains("低保申请"))

        let csv = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--by", "dept", "--format", "csv"] + period)
        #expect(csv.status == 0, "\(csv.output)")
        let lines = csv.output.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.prefix(2) == ["分组 group", "名称 name"])
        let zero = try #require(header.firstIndex(of: "零跑动率 zero-visit rate"))
        let bad = try #require(header.firstIndex(of: "差评率 bad rate"))
        let d1 = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(d1[0] == Self.dept1 && d1[1] == "民政局")
        #expect(d1[zero] == "0.2500" && d1[bad] == "0.3333")
        let none = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(none[0] == SupervisionStatistics.noDepartmentGroup && none[zero] == "" && none[bad] == "")

        let json = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--by", "dept", "--format", "json"] + period)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(decoded["by"] as? String == "dept")
        let groups = try #require(decoded["groups"] as? [[String: Any]])
        #expect(groups[0]["zeroVisitRate"] as? Double == 0.25 && groups[0]["badRate"] as? Double == 0.3333)
        #expect(groups[0]["name"] as? String == "民政局")
        #expect(groups[2]["zeroVisitRate"] is NSNull && groups[2]["badRate"] is NSNull)
        #expect(groups.last?["onTimeRate"] as? Double == 0.6667)

        let wrong = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--by", "province"] + period)
        #expect(wrong.status != 0 && wrong.output.contains("dept"))
    }

    @Test func theStatsCommandPrintsTableCsvAndJson() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        let table = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--from", "2026-11-02", "--to", "2026-11-06"])
        #expect(table.status == 0 && table.output.contains("按时办结率") && table.output.contains("66.7%"))
        let csv = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--from", "2026-11-02", "--to", "2026-11-06", "--format", "csv"])
        #expect(csv.status == 0 && csv.output.split(separator: "\n").count == 4)
        let json = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--from", "2026-11-02", "--to", "2026-11-06", "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((decoded?["groups"] as? [[String: Any]])?.last?["accepted"] as? Int == 6)
        let bad = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--from", "2026-13-40"])
        #expect(bad.status != 0 && bad.output.contains("not a date"))
    }
}
