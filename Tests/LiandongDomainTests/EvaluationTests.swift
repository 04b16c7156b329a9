import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// 好差评 follow-up (schema version 5): what an evaluation records, a bad review's rectification
/// at the node that handled the case (谁办理谁负责) through its state machine, the district's
/// decision on an appeal, the revisit (回访), and 一次性告知 before acceptance.
@Suite struct EvaluationTests {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let calendar = WorkCalendar(holidays: [], workdays: [])

    struct Tree {
        var village: Replica
        var town: Replica
        var district: Replica
        var clock: Int64 = 1_800_000_000_000

        mutating func sync() throws {
            for _ in 0..<2 {
                clock += 1000
                _ = try village.exchange(withParent: town, nowMillis: clock)
                _ = try town.exchange(withParent: district, nowMillis: clock)
            }
            _ = try village.exchange(withParent: town, nowMillis: clock)
        }
    }

    /// Cases A and B registered at the village (Mon 11-02), accepted and concluded by the town
    /// (Tue 11-03), and rated 1 (非常不满意) by SMS at the village on Tue 11-03; the district
    /// publishes the item with its department.
    func makeTree(_ dir: TemporaryDirectory) throws -> Tree {
        var tree = Tree(
            village: try Replica.temporary(Self.village.rawValue, in: dir, schema: GovernmentSchema.schema),
            town: try Replica.temporary(Self.town.rawValue, in: dir, schema: GovernmentSchema.schema),
            district: try Replica.temporary(Self.district.rawValue, in: dir, schema: GovernmentSchema.schema, privacyKey: PrivacyKey.random()))
        try tree.district.write { db in
            try db.execute(
                sql: """
                    INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, dept_code, dept_name, project_type, promise_day, task_state, scope)
                    VALUES ('11441702MB000101001', 'T1', 'C1', '最低生活保障审核确认', '11441702MB0001', '民政局', '2', 5, '1', ?)
                    """, arguments: [Self.district.rawValue])
        }
        try tree.village.write { db in
            for projectNo in ["A", "B"] { try CaseDesk.register(application(projectNo), at: Self.village, db) }
        }
        try tree.sync()
        try tree.town.write { db in
            for projectNo in ["A", "B"] {
                try CaseDesk.accept(projectNo, by: Self.town, on: "2026-11-02", promiseDays: 5, calendar: Self.calendar, db)
                try CaseDesk.conclude(projectNo, by: Self.town, on: "2026-11-03", approved: true, db)
            }
        }
        try tree.sync()
        try tree.village.write { db in
            for projectNo in ["A", "B"] {
                try CaseDesk.evaluate(
                    projectNo, evalID: "e\(projectNo)", level: 1, by: Self.village, on: "2026-11-03", rater: nil, words: "等了很久",
                    channel: .sms, window: "3", staff: "T0012", db)
            }
        }
        try tree.sync()
        return tree
    }

    @Test func anEvaluationRecordsItsChannelAndWhatWasRated() throws {
        let dir = TemporaryDirectory()
        let tree = try makeTree(dir)
        for replica in [tree.village, tree.town, tree.district] {
            #expect(
                try replica.query("SELECT channel, window_no, work_no, org_code, handle_node FROM evaluation WHERE eval_id = 'eA'").rows == [
                    [.integer(6), .text("3"), .text("T0012"), .text("11441702MB0001"), .integer(Self.town.rawValue)]
                ])
        }
        let refused = Lifecycle.refusal(tree.village) { db in
            try CaseDesk.evaluate("A", evalID: "eX", level: 0, by: Self.village, on: "2026-11-03", rater: nil, db)
        }
        #expect(refused?.contains("1 (非常不满意) to 5 (非常满意)") == true)
        #expect(EvaluationChannel(name: "12345") == .hotline && EvaluationChannel(name: "fax") == nil)
    }

    /// Only the node that handled the case opens the rectification; an appeal goes to the
    /// district, which rejects it (申诉无效) or upholds it (无效差评); a finished rectification is
    /// final and is revisited; every step reaches the whole path.
    @Test func aBadReviewIsRectifiedByTheNodeThatHandledIt() throws {
        let dir = TemporaryDirectory()
        var tree = try makeTree(dir)
        let notOurs = Lifecycle.refusal(tree.district) { try CaseDesk.openRectification(evalID: "eA", by: Self.district, calendar: Self.calendar, $0) }
        #expect(notOurs?.contains("谁办理谁负责") == true, "\(notOurs ?? "admitted")")
        try tree.town.write { db in
            for id in ["eA", "eB"] { try CaseDesk.openRectification(evalID: id, by: Self.town, calendar: Self.calendar, db) }
        }
        // Review Tue 11-03 + 15 working days: Tue 11-24.
        #expect(
            try tree.town.query("SELECT state, status, deadline, responsible_node FROM rectification WHERE eval_id = 'eA'").rows == [
                [.text("PENDING"), .integer(0), .text("2026-11-24"), .integer(Self.town.rawValue)]
            ])
        #expect(Lifecycle.refusal(tree.town) { try CaseDesk.revisit(evalID: "eA", by: Self.town, on: "2026-11-04", content: "x", satisfied: 4, $0) }?.contains("整改完成") == true)
        let empty = Lifecycle.refusal(tree.town) { try CaseDesk.rectify(evalID: "eA", .finish(content: " "), by: Self.town, on: "2026-11-04", $0) }
        #expect(empty?.contains("rectification.reform_content") == true && empty?.contains("状态流转") == true, "\(empty ?? "admitted")")
        try tree.town.write { db in
            for id in ["eA", "eB"] { try CaseDesk.rectify(evalID: id, .appeal(reason: "评价与办件无关"), by: Self.town, on: "2026-11-04", db) }
        }
        let selfJudged = Lifecycle.refusal(tree.town) { try CaseDesk.rectify(evalID: "eA", .decideAppeal(upheld: true, reason: nil), by: Self.town, on: "2026-11-04", $0) }
        #expect(selfJudged?.contains("rectification.state may change from APPEALED only to") == true, "\(selfJudged ?? "admitted")")
        try tree.sync()
        try tree.district.write { db in
            try CaseDesk.rectify(evalID: "eA", .decideAppeal(upheld: false, reason: "评价针对窗口服务"), by: Self.district, on: "2026-11-05", db)
            try CaseDesk.rectify(evalID: "eB", .decideAppeal(upheld: true, reason: "恶意评价"), by: Self.district, on: "2026-11-05", db)
        }
        try tree.sync()
        try tree.town.write { db in
            try CaseDesk.rectify(evalID: "eA", .finish(content: "已约谈窗口人员并优化流程"), by: Self.town, on: "2026-11-06", db)
            try CaseDesk.revisit(evalID: "eA", by: Self.town, on: "2026-11-09", content: "申请人表示满意", satisfied: 4, db)
        }
        let again = Lifecycle.refusal(tree.town) { try CaseDesk.rectify(evalID: "eA", .start, by: Self.town, on: "2026-11-10", $0) }
        #expect(again?.contains("rectification.state DONE is final (终态)") == true, "\(again ?? "admitted")")
        try tree.sync()
        for replica in [tree.village, tree.town, tree.district] {
            #expect(
                try replica.query("SELECT eval_id, state, status, valid_flag, closed_at, satisfied_after, revisit_date FROM rectification ORDER BY eval_id").rows == [
                    [.text("eA"), .text("DONE"), .integer(21), .integer(1), .text("2026-11-06"), .integer(4), .text("2026-11-09")],
                    [.text("eB"), .text("INVALID"), .integer(11), .integer(2), .text("2026-11-05"), .null, .null],
                ])
        }
        // The upheld appeal does not count as a valid bad review; the rectified one counts as on time.
        let stats = try tree.district.read { try SupervisionStatistics.compute($0, root: Self.district, from: Day("2026-11-01"), to: Day("2026-11-30")) }
        let total = try #require(stats.last)
        #expect(total.bad == 2 && total.validBad == 1 && total.rectified == 1, "\(total)")
    }

    /// The first hop re-checks a rectification step: a town that skips its own guards and
    /// decides its own appeal is refused at the district, naming the rule, and nothing of it is
    /// taken.
    @Test func theNextHopRechecksARectificationStep() throws {
        let dir = TemporaryDirectory()
        var tree = try makeTree(dir)
        try tree.town.write { db in
            try CaseDesk.openRectification(evalID: "eA", by: Self.town, calendar: Self.calendar, db)
            try CaseDesk.rectify(evalID: "eA", .appeal(reason: "评价与办件无关"), by: Self.town, on: "2026-11-04", db)
        }
        try tree.sync()
        try tree.town.write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rectification__ld_guard_state%'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "UPDATE rectification SET state = 'INVALID', status = 11, valid_flag = 2, closed_at = '2026-11-04' WHERE eval_id = 'eA'")
        }
        try tree.sync()
        #expect(try tree.district.query("SELECT state, valid_flag FROM rectification").rows == [[.text("APPEALED"), .integer(1)]])
        let refusals = try tree.district.refusals(limit: 10).oldest
        #expect(refusals.contains { $0.table == "rectification" && $0.writer == Self.town && [.status, .transition].contains($0.rule) }, "\(refusals)")
    }

    /// 一次性告知 comes before acceptance and stops no clock; after acceptance it is refused.
    @Test func aNoticeOfEverythingMissingComesBeforeAcceptance() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(Self.town.rawValue, in: dir, schema: GovernmentSchema.schema)
        try town.write { db in
            try CaseDesk.register(application("N"), at: Self.town, db)
            try CaseDesk.receive("N", by: Self.town, on: "2026-11-02", db)
            try CaseDesk.notifyOnce("N", by: Self.town, on: "2026-11-02", missing: "户口簿复印件；收入证明", db)
            try CaseDesk.accept("N", by: Self.town, on: "2026-11-05", promiseDays: 5, calendar: Self.calendar, db)
        }
        #expect(
            try town.query("SELECT e.handle_explain, c.promise_date, coalesce(c.paused_workdays, 0) FROM case_event e JOIN case_accept c USING (project_no) WHERE e.event_name = '一次性告知'").rows
                == [[.text("户口簿复印件；收入证明"), .text("2026-11-12"), .integer(0)]])
        let late = Lifecycle.refusal(town) { try CaseDesk.notifyOnce("N", by: Self.town, on: "2026-11-06", missing: "x", $0) }
        #expect(late?.contains("comes before acceptance (受理)") == true)
        #expect(Lifecycle.refusal(town) { try CaseDesk.notifyOnce("N", by: Self.town, on: "2026-11-02", missing: " ", $0) } != nil)
    }
}
