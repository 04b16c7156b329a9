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
            for c in Self.cases {
                try db.execute(
                    sql: """
                        INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, accept_date,
                            accept_node, promise_date, paused_workdays, result_date, conclude_node, visit_count, status, scope, _ld_seq)
                        VALUES (?, 'item', '事项', ?, ?, '2026-11-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                        """,
                    arguments: [c.0, c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9, c.10, c.11, c.1])
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
        let byVillage = try replica.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-02"), to: Day("2026-11-06"), groupTier: .village) }
        #expect(byVillage.map(\.group) == [String(Self.v1), String(Self.v2), "合计 total"])
        #expect(byVillage.last == total)
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
