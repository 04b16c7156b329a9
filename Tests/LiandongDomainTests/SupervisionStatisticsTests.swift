import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// Alert statistics against values computed by hand (period Mon 2026-11-02 … Fri 2026-11-06).
@Suite struct SupervisionStatisticsTests {
    static let district = NodeID(rawValue: 441_702_000_000)

    /// (id, scope, raised, answered, response, closed)
    static let alerts: [(String, Int64, String, String?, String?, String?)] = [
        ("a1", 441_702_001_201, "2026-11-02", "2026-11-03", "已说明", "2026-11-05"),  // town 1: raised, answered, closed
        ("a2", 441_702_001_201, "2026-11-04", nil, nil, nil),  // town 1: raised, open
        ("a3", 441_702_002_201, "2026-10-30", "2026-11-02", "整改中", "2026-11-09"),  // town 2: answered, open at the end
        ("a4", 441_702_002_000, "2026-11-06", "2026-11-06", "  ", nil),  // town 2: raised, a blank answer, open
        ("a5", 441_702_002_201, "2026-11-09", nil, nil, nil),  // after the period
        ("a6", 441_703_001_201, "2026-11-03", "2026-11-03", "其他区", nil),  // another district
    ]

    static func counts(_ stats: SupervisionStatistics) -> [Int] { [stats.alertsRaised, stats.alertsAnswered, stats.alertsOpen] }

    @Test func alertCountsEqualHandComputedValues() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(Self.district.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { db in
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            for a in Self.alerts {
                try db.execute(
                    sql: """
                        INSERT INTO supervision_alert (alert_id, project_no, rule, color, raised_at, answered_at, response, closed_at, scope, subject, _ld_seq)
                        VALUES (?, ?, 'case-due', 'yellow', ?, ?, ?, ?, ?, ?, 1)
                        """,
                    arguments: [a.0, a.0, a.2, a.3, a.4, a.5, a.1, a.0])
            }
            try db.execute(sql: "DELETE FROM _ld_applying")
        }
        let stats = try replica.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-02"), to: Day("2026-11-06")) }
        #expect(stats.map(\.group) == ["441702001000", "441702002000", "合计 total"])
        #expect(Self.counts(stats[0]) == [2, 1, 1])
        #expect(Self.counts(stats[1]) == [1, 1, 2])
        #expect(Self.counts(stats[2]) == [3, 2, 3])
        #expect(Array(stats[2].cells.suffix(3)) == ["3", "2", "3"])
        #expect(Array(SupervisionStatistics.headings.suffix(3)) == ["预警 alerts raised", "已答复 answered", "未关闭 open"])

        let table = try runCommand(liandongExecutable, ["stats", "--db", replica.path, "--from", "2026-11-02", "--to", "2026-11-06"])
        #expect(table.status == 0 && table.output.contains("预警 alerts raised") && table.output.contains("未关闭 open"), "\(table.output)")
    }
}
