import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// Local writes outside a node's authority fail inside SQLite, whatever the client: this
/// process through GRDB, or the stock `sqlite3` shell.
@Suite struct GuardTests {
    static let village = NodeID(rawValue: 441_702_001_201)

    func villageReplica(_ dir: TemporaryDirectory) throws -> Replica {
        let replica = try Replica.temporary(Self.village.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { try CaseDesk.register(application("C-1"), at: Self.village, $0) }
        return replica
    }

    func refusal(_ replica: Replica, _ sql: String) -> String? {
        do {
            try replica.write { try $0.execute(sql: sql) }
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aVillageCannotWriteOutsideItsAuthority() throws {
        let dir = TemporaryDirectory()
        let replica = try villageReplica(dir)
        let catalogue = refusal(replica, "INSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES ('X', 'x', '05', '1', 441700000000)")
        #expect(catalogue?.contains("write authority") == true)
        #expect(refusal(replica, "INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, status, scope) VALUES ('C-2', 'x', 'x', '2', 'proxy', '2026-11-02', 'SUBMITTED', 441702001202)") != nil)
        #expect(refusal(replica, "UPDATE case_accept SET accept_date = '2026-11-03' WHERE project_no = 'C-1'")?.contains("accept_date") == true)
        #expect(refusal(replica, "UPDATE case_accept SET status = 'CONCLUDED' WHERE project_no = 'C-1'")?.contains("case_accept.status state machine 状态机") == true)
        #expect(refusal(replica, "UPDATE case_accept SET scope = 441702001202 WHERE project_no = 'C-1'")?.contains("归属不可改") == true)
        #expect(refusal(replica, "UPDATE case_event SET handle_explain = 'x'")?.contains("append-only") == true)
        #expect(refusal(replica, "DELETE FROM case_event")?.contains("append-only") == true)
        #expect(refusal(replica, "DELETE FROM case_accept")?.contains("write authority") == true)
        // What a village may do still works: withdraw its own case, then never go back.
        #expect(refusal(replica, "UPDATE case_accept SET status = 'WITHDRAWN' WHERE project_no = 'C-1'") == nil)
        #expect(refusal(replica, "UPDATE case_accept SET status = 'SUBMITTED' WHERE project_no = 'C-1'")?.contains("case_accept.status WITHDRAWN is final (终态)") == true)
        // Published text never carries an ID number or a phone.
        #expect(refusal(replica, "INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, scope) VALUES ('D1', 'i', '低保公示', '张三 13812345678', '2026-11-01', 441702001201)")?.contains("政务公开") == true)
        #expect(refusal(replica, "INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, scope) VALUES ('D2', 'i', '低保公示', '本月新增3户', '2026-11-01', 441702001201)") == nil)
        #expect(try replica.integrityCheck() == "ok")
    }

    /// The local published-text guard refuses the plain, hyphenated and spaced forms, lets
    /// amounts through, and never refuses what the receivers' rule (`PersonalIdentifiers`) admits.
    @Test func thePublishedTextGuardFollowsTheSharedRule() throws {
        let dir = TemporaryDirectory()
        let replica = try villageReplica(dir)
        var serial = 0
        func refused(_ body: String) -> Bool {
            serial += 1
            return refusal(
                replica,
                "INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, scope) VALUES ('P\(serial)', 'i', '公示', '\(body)', '2026-11-01', 441702001201)") != nil
        }
        for body in ["联系138-1234-5678", "联系 138 1234 5678", "身份证11010519491231002X", "13812345678"] {
            #expect(refused(body), "\(body)")
        }
        for body in ["预算13,500,000,000元", "¥13500000000", "13500000000元", "合计1,350,000.00", "监督电话029-8888-6666"] {
            #expect(!refused(body), "\(body)")
        }
        var rng = SplitMix64(seed: 17)
        let alphabet = Array("0123456789 -1345,.元¥X号")
        for _ in 0..<300 {
            let body = String((0..<Int.random(in: 8...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            if refused(body) { #expect(PersonalIdentifiers.inPublishedText(body), "the local guard refused what admission allows: \(body)") }
        }
    }

    /// 补正 twice on one day (the applicant brings the first missing paper back at noon and is
    /// asked for a second): two pauses, both counted. (The simulator found the second one refused
    /// as a duplicate.)
    @Test func aCaseMayPauseTwiceOnOneDay() throws {
        let dir = TemporaryDirectory()
        let town = NodeID(rawValue: 441_702_001_000)
        let replica = try Replica.temporary(town.rawValue, in: dir, schema: GovernmentSchema.schema)
        let calendar = WorkCalendar(holidays: [], workdays: [])
        try replica.write { db in
            try CaseDesk.register(application("C-9"), at: town, db)
            try CaseDesk.accept("C-9", by: town, on: "2026-11-02", promiseDays: 5, calendar: calendar, db)
            try CaseDesk.pause("C-9", by: town, on: "2026-11-03", kind: "补正", db)
            try CaseDesk.resume("C-9", by: town, on: "2026-11-03", calendar: calendar, db)
            try CaseDesk.pause("C-9", by: town, on: "2026-11-03", kind: "补正", db)
            try CaseDesk.resume("C-9", by: town, on: "2026-11-05", calendar: calendar, db)
        }
        #expect(try replica.query("SELECT count(*), sum(paused_workdays) FROM case_special WHERE project_no = 'C-9'").rows == [[.integer(2), .integer(2)]])
        #expect(try replica.query("SELECT paused_workdays FROM case_accept WHERE project_no = 'C-9'").rows == [[.integer(2)]])
        #expect(try replica.query("SELECT count(*) FROM case_event WHERE project_no = 'C-9' AND event_name = '补正'").rows == [[.integer(2)]])
    }

    /// 补正 stops the clock until the materials come back: its length is the working days it
    /// lasted (a weekend and a holiday do not count), set when it ends, and the due date moves by it.
    @Test func aPauseLastsUntilTheCaseResumes() throws {
        let dir = TemporaryDirectory()
        let town = NodeID(rawValue: 441_702_001_000)
        let replica = try Replica.temporary(town.rawValue, in: dir, schema: GovernmentSchema.schema)
        let calendar = WorkCalendar(holidays: [try Day("2026-11-09")], workdays: [])
        try replica.write { db in
            try CaseDesk.register(application("C-7"), at: town, db)
            try CaseDesk.accept("C-7", by: town, on: "2026-11-02", promiseDays: 5, calendar: calendar, db)
            try CaseDesk.pause("C-7", by: town, on: "2026-11-05", kind: "补正", reason: "缺户口本", db)
            #expect(throws: DomainError.self) { try CaseDesk.pause("C-7", by: town, on: "2026-11-05", kind: "补正", db) }
            #expect(throws: DomainError.self) { try CaseDesk.resume("C-7", by: town, on: "2026-11-04", calendar: calendar, db) }
        }
        #expect(try replica.query("SELECT end_date, paused_workdays FROM case_special WHERE project_no = 'C-7'").rows == [[.null, .null]])
        // Thursday 5th to Tuesday 10th: Thu, Fri (the weekend and Monday's holiday do not count).
        let paused = try replica.write { try CaseDesk.resume("C-7", by: town, on: "2026-11-10", calendar: calendar, $0) }
        #expect(paused == 2)
        #expect(try replica.query("SELECT end_date, paused_workdays FROM case_special WHERE project_no = 'C-7'").rows == [[.text("2026-11-10"), .integer(2)]])
        #expect(try replica.query("SELECT promise_date, paused_workdays FROM case_accept WHERE project_no = 'C-7'").rows == [[.text("2026-11-10"), .integer(2)]])
        try replica.read { db in
            #expect(throws: DomainError.self) { try CaseDesk.resume("C-7", by: town, on: "2026-11-11", calendar: calendar, db) }
        }
    }

    @Test func theSqliteShellGetsTheSameGuards() throws {
        let dir = TemporaryDirectory()
        let replica = try villageReplica(dir)
        let shell = try runCommand("/usr/bin/sqlite3", [replica.path, "UPDATE case_accept SET status = 'ACCEPTED' WHERE project_no = 'C-1';"])
        #expect(shell.status != 0 && shell.output.contains("状态流转"))
        #expect(try replica.query("SELECT status FROM case_accept").rows == [[.text("SUBMITTED")]])
    }

    @Test func promiseDatesSkipWeekendsAndHolidays() throws {
        let calendar = WorkCalendar(holidays: [try Day("2026-10-01"), try Day("2026-10-02")], workdays: [try Day("2026-10-10")])
        #expect(try Day("2026-11-23").weekday == 1)
        #expect(try Day("2026-11-23").description == "2026-11-23")
        // Friday + 1 working day = Monday.
        #expect(calendar.adding(workingDays: 1, to: try Day("2026-11-20")).description == "2026-11-23")
        // Across the National Day holidays; Saturday 10-10 is a make-up working day (调休).
        #expect(calendar.adding(workingDays: 1, to: try Day("2026-09-30")).description == "2026-10-05")
        #expect(calendar.adding(workingDays: 5, to: try Day("2026-10-05")).description == "2026-10-10")
        #expect(calendar.adding(workingDays: 0, to: try Day("2026-10-05")).description == "2026-10-05")
    }

    /// `liandong stats --from 2026-02-31` was accepted as 2026-03-03: a day the month does not
    /// have is refused with a clear error, and so is anything that is not `yyyy-MM-dd`.
    @Test func datesTheCalendarDoesNotHaveAreRefused() throws {
        for text in ["2026-02-31", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-5", "20260105", "2026-01-0x", "2026-01-05x"] {
            #expect(throws: DomainError.self, "\(text)") { try Day(text) }
        }
        #expect { try Day("2026-02-31") } throws: { "\($0)".contains("2026-02 has no day 31") }
        #expect(try Day("2024-02-29").description == "2024-02-29")
        #expect(try Day("2026-11-02 09:30:00").description == "2026-11-02")
        #expect(try Day("2026-11-02T09:30").description == "2026-11-02")
    }
}
