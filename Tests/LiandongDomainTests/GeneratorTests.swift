import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The synthetic city: deterministic by seed, converged by in-process sync through the same
/// admission and merge as the wire, and realistic in its shape.
@Suite struct GeneratorTests {
    static var small: SyntheticCity.Shape {
        var shape = SyntheticCity.Shape.demo
        shape.districts = 1
        shape.baseItems = 40
        shape.implementationItems = 20...30
        return shape
    }

    func build(seed: UInt64) throws -> (SyntheticCity, [ConvergenceProof.NodeReport], [NodeID: Replica], TemporaryDirectory) {
        let dir = TemporaryDirectory()
        let city = SyntheticCity(seed: seed, shape: Self.small, firstDay: try Day("2026-11-16"), days: 4)
        let key = try PrivacyKey(hex: String(repeating: "07", count: PrivacyKey.byteCount))
        var events: [SyntheticCity.BuildProgress] = []
        let (replicas, report) = try city.build(in: dir.path, privacyKey: key, logger: testLogger()) { events.append($0) }
        #expect(report.cases > 0 && report.steps > report.cases)
        // The progress bar's feed: every phase counts its steps one by one up to its total.
        var open: (phase: String, done: Int, total: Int)?
        for event in events {
            switch event {
            case .step(let phase, let done, let total):
                if let current = open, current.phase == phase, current.done < current.total {
                    #expect(done == current.done + 1 && total == current.total, "\(phase): \(done)/\(total) after \(current.done)/\(current.total)")
                } else {
                    #expect(open.map { $0.done == $0.total } ?? true, "a phase was left at \(open.map { "\($0.done)/\($0.total)" } ?? "-")")
                    #expect(done == 1 && total >= 1)
                }
                open = (phase, done, total)
            case .finished:
                #expect(open.map { $0.done == $0.total } ?? true)
            }
        }
        #expect(events.contains { if case .step(let phase, _, _) = $0 { phase.hasPrefix("registering") } else { false } })
        #expect(events.filter { if case .finished = $0 { true } else { false } }.count >= 4)
        return (city, try ConvergenceProof.check(city.nodes.map { replicas[$0]! }, privacyKey: key), replicas, dir)
    }

    @Test func theSameSeedBuildsTheSameCityAndItConverges() throws {
        let (city, first, replicas, _) = try build(seed: 7)
        #expect(city.nodes.count == 1 + 1 + 2 + 4)
        #expect(first.allSatisfy { $0.converged })
        let (_, second, _, _) = try build(seed: 7)
        #expect(first.map(\.heldDigest) == second.map(\.heldDigest))
        let (_, other, _, _) = try build(seed: 8)
        #expect(first.map(\.heldDigest) != other.map(\.heldDigest))

        // Realistic: proxy cases at villages, evaluations, valid ID numbers (check digit), events per case.
        let district = replicas[city.districts[0]]!
        let row = try district.query(
            "SELECT count(*), sum(apply_channel = 'proxy'), (SELECT count(*) FROM case_event), (SELECT count(*) FROM evaluation) FROM case_accept").rows[0]
        let cases = row[0].integerValue ?? 0
        #expect(cases > 20 && (row[1].integerValue ?? 0) > 0 && (row[2].integerValue ?? 0) >= 2 * cases && (row[3].integerValue ?? 0) > 0)
        for case .text(let id) in try district.query("SELECT applyer_page_code FROM case_accept LIMIT 20").rows.map({ $0[0] }) {
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(id.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
            #expect(id.count == 18 && Array("10X98765432")[sum % 11] == id.last)
        }
        // The city holds the cases masked.
        try expectNoRawPersonalData(in: replicas[SyntheticCity.cityCode]!, raw: try district.query("SELECT applyer_page_code FROM case_accept LIMIT 5").rows.compactMap {
            if case .text(let text) = $0[0] { return text }
            return nil
        })
    }

    // MARK: The domain's shares and rules

    /// One district over five weeks across 中秋 and 国庆 2026 (holidays, and the make-up working
    /// Sunday 2026-09-20 and Saturday 2026-10-10), built once for the rule tests below.
    struct Month: Sendable {
        let city: SyntheticCity
        let replicas: [NodeID: Replica]
        let dir: TemporaryDirectory
        var district: Replica { replicas[city.districts[0]]! }
        var horizon: String { city.horizon.description }
    }

    static let month: Result<Month, any Error> = Result {
        let dir = TemporaryDirectory()
        let city = SyntheticCity(seed: 11, shape: small, firstDay: try Day("2026-09-14"), days: 35)
        let key = try PrivacyKey(hex: String(repeating: "07", count: PrivacyKey.byteCount))
        let (replicas, _) = try city.build(in: dir.path, privacyKey: key, logger: testLogger())
        return Month(city: city, replicas: replicas, dir: dir)
    }

    func month() throws -> Month { try Self.month.get() }

    func count(_ replica: Replica, _ sql: String) throws -> Int {
        try replica.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test func visitsFollowTheApplyChannel() throws {
        let month = try month()
        let district = month.district
        // 零跑动: online, mail and proxy (the village agent goes, not the applicant).
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE apply_channel IN ('online', 'mail', 'proxy') AND visit_count IS NOT NULL") > 50)
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE apply_channel IN ('online', 'mail', 'proxy') AND visit_count != 0") == 0)
        // The window: once, twice after 补正 (the applicant brings the missing materials back).
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE apply_channel IN ('window', 'self') AND visit_count < 1") == 0)
        let corrected = "EXISTS (SELECT 1 FROM case_special s WHERE s.project_no = c.project_no AND s.end_date IS NOT NULL)"
        #expect(try count(district, "SELECT count(*) FROM case_accept c WHERE apply_channel = 'window' AND visit_count = 2 AND \(corrected)") > 0)
        #expect(try count(district, "SELECT count(*) FROM case_accept c WHERE apply_channel = 'window' AND (visit_count = 2) != \(corrected)") == 0)
        // Every received case has its count.
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE receive_date IS NOT NULL AND visit_count IS NULL") == 0)
    }

    @Test func everyDateIsAWorkingDayAndEveryDeadlineIsCountedInWorkingDays() throws {
        let month = try month()
        let district = month.district
        let calendar = OfficialCalendar.workCalendar
        let dated = [
            ("case_accept", "apply_date"), ("case_accept", "receive_date"), ("case_accept", "accept_date"), ("case_accept", "promise_date"),
            ("case_accept", "result_date"), ("case_accept", "delivered_date"), ("case_result", "result_date"), ("case_event", "event_time"),
            ("case_special", "start_date"), ("case_special", "end_date"), ("evaluation", "eval_time"), ("rectification", "deadline"),
            ("rectification", "closed_at"), ("disclosure_record", "formed_date"), ("disclosure_record", "due_date"),
            ("disclosure_record", "publish_date"), ("supervision_alert", "raised_at"), ("supervision_alert", "answered_at"),
        ]
        for (table, column) in dated {
            let days = try district.read { try String.fetchAll($0, sql: "SELECT DISTINCT \(column) FROM \(table) WHERE \(column) IS NOT NULL") }
            #expect(!days.isEmpty, "\(table).\(column) is never filled")
            let resting = try days.filter { !calendar.isWorkingDay(try Day($0)) }
            #expect(resting.isEmpty, "\(table).\(column) on rest days \(resting)")
        }
        // The period's holidays and make-up working days are used as such.
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE accept_date IN ('2026-09-20', '2026-10-10')") > 0)
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE accept_date BETWEEN '2026-10-01' AND '2026-10-07'") == 0)
        // promise = acceptance + promised working days; a disclosure due 20 working days after it
        // is formed; a rectification 15 working days after the review.
        let promises = try district.read {
            try Row.fetchAll($0, sql: "SELECT c.accept_date, c.promise_date, i.promise_day FROM case_accept c JOIN item_impl i USING (task_handle_item) WHERE c.project_type = '2' AND c.accept_date IS NOT NULL")
                .map { [$0[0] as String, $0[1] as String, String($0[2] as Int)] }
        }
        #expect(promises.count > 100)
        for promise in promises {
            #expect(calendar.adding(workingDays: Int(promise[2])!, to: try Day(promise[0])).description == promise[1])
        }
        let disclosures = try district.read { try Row.fetchAll($0, sql: "SELECT formed_date, due_date FROM disclosure_record").map { [$0[0] as String, $0[1] as String] } }
        #expect(disclosures.count == 2 * (month.city.nodes.count - 2))
        for record in disclosures {
            #expect(calendar.adding(workingDays: Supervision.disclosureWorkdays, to: try Day(record[0])).description == record[1])
        }
        let deadlines = try district.read {
            try Row.fetchAll($0, sql: "SELECT e.eval_time, r.deadline FROM rectification r JOIN evaluation e USING (eval_id)").map { [$0[0] as String, $0[1] as String] }
        }
        #expect(!deadlines.isEmpty)
        for deadline in deadlines {
            #expect(calendar.adding(workingDays: Supervision.rectificationWorkdays, to: try Day(deadline[0])).description == deadline[1])
        }
    }

    @Test func sharesFollowTheDomain() throws {
        let month = try month()
        let district = month.district
        let all = Double(try count(district, "SELECT count(*) FROM case_accept"))
        #expect(all > 800)
        // 补正 on about 8% of accepted 承诺件, each a real pause: its start, its end, its length in
        // working days, and the case's paused working days their sum.
        let accepted = Double(try count(district, "SELECT count(*) FROM case_accept WHERE project_type = '2' AND accept_date IS NOT NULL"))
        let corrected = Double(try count(district, "SELECT count(DISTINCT project_no) FROM case_special WHERE special_type = '补正'"))
        #expect((0.05...0.11).contains(corrected / accepted), "补正 \(corrected) of \(accepted)")
        let calendar = OfficialCalendar.workCalendar
        let pauses = try district.read {
            try Row.fetchAll($0, sql: "SELECT s.start_date, s.end_date, s.paused_workdays, c.paused_workdays FROM case_special s JOIN case_accept c USING (project_no)")
                .map { ($0[0] as String, $0[1] as String?, $0[2] as Int?, $0[3] as Int?) }
        }
        for (start, end, paused, casePaused) in pauses {
            if let end {
                #expect(paused == calendar.workingDays(from: try Day(start), to: try Day(end)) && paused! > 0 && casePaused == paused)
            } else {
                #expect(paused == nil && (casePaused ?? 0) == 0)  // still waiting for the materials at the horizon
            }
        }
        let ended = pauses.filter { $0.1 != nil }.count
        #expect(ended > pauses.count / 2)
        // 1–2% not accepted (with a reason), about 1% withdrawn, 1–3% concluded late.
        let refused = Double(try count(district, "SELECT count(*) FROM case_accept WHERE status = 'NOT_ACCEPTED' AND not_accept_reason IS NOT NULL"))
        #expect(try count(district, "SELECT count(*) FROM case_accept WHERE status = 'NOT_ACCEPTED' AND not_accept_reason IS NULL") == 0)
        #expect((0.007...0.025).contains(refused / all), "不予受理 \(refused) of \(all)")
        let withdrawn = Double(try count(district, "SELECT count(*) FROM case_accept WHERE status = 'WITHDRAWN'"))
        #expect((0.003...0.02).contains(withdrawn / all), "撤回 \(withdrawn) of \(all)")
        let results = try district.read {
            try Row.fetchAll($0, sql: "SELECT promise_date, coalesce(paused_workdays, 0), result_date FROM case_accept WHERE status IN ('CONCLUDED', 'DELIVERED')")
                .map { ($0[0] as String, $0[1] as Int, $0[2] as String) }
        }
        let late = try results.filter { try Day($0.2) > calendar.adding(workingDays: $0.1, to: try Day($0.0)) }.count
        #expect((0.01...0.03).contains(Double(late) / Double(results.count)), "超期办结 \(late) of \(results.count)")
    }

    @Test func repeatApplicantsAreCountedByTheirKeyedHash() throws {
        let month = try month()
        let repeatsByID = try count(month.district, "SELECT count(*) FROM (SELECT 1 FROM case_accept GROUP BY applyer_page_code HAVING count(*) > 1)")
        let cases = try count(month.district, "SELECT count(*) FROM case_accept")
        let returning = try count(
            month.district, "SELECT count(*) FROM case_accept WHERE applyer_page_code IN (SELECT applyer_page_code FROM case_accept GROUP BY 1 HAVING count(*) > 1)")
        #expect(repeatsByID > 10)
        #expect((0.1...0.35).contains(Double(returning) / Double(cases)), "\(returning) of \(cases) cases from people who applied more than once")
        // The city sees no ID number, yet counts the same people by the keyed hash.
        let city = month.replicas[SyntheticCity.cityCode]!
        #expect(try count(city, "SELECT count(*) FROM (SELECT 1 FROM case_accept GROUP BY cert_hash HAVING count(*) > 1)") == repeatsByID)
        #expect(try count(city, "SELECT count(DISTINCT cert_hash) FROM case_accept") == (try count(month.district, "SELECT count(DISTINCT applyer_page_code) FROM case_accept")))
    }

    @Test func everyCaseHoldsItsItemsMaterials() throws {
        let month = try month()
        let district = month.district
        #expect(try count(district, "SELECT count(*) FROM case_material") > 3 * (try count(district, "SELECT count(*) FROM case_accept")))
        let mismatched = try count(district, """
            SELECT count(*) FROM case_accept c
            WHERE (SELECT count(*) FROM case_material m WHERE m.project_no = c.project_no)
                != (SELECT count(*) FROM item_material i WHERE i.task_handle_item = c.task_handle_item)
                OR (SELECT count(*) FROM case_material m WHERE m.project_no = c.project_no) NOT BETWEEN 3 AND 8
            """)
        #expect(mismatched == 0)
        #expect(try count(district, "SELECT count(*) FROM case_material WHERE get_type IS NULL OR get_num IS NULL OR get_num < 1") == 0)
        #expect(try count(district, "SELECT count(*) FROM case_material m JOIN case_accept c USING (project_no) WHERE c.apply_channel = 'online' AND m.get_type NOT LIKE '电子%'") == 0)
    }

    @Test func rectificationIsTheHandlingNodesAndProgressesUpToTheHorizon() throws {
        let month = try month()
        let district = month.district
        let bad = try count(district, "SELECT count(*) FROM evaluation WHERE level <= 2")
        #expect(bad > 5)
        #expect(try count(district, "SELECT count(*) FROM rectification") == bad)
        // 谁办理谁负责: created by the node that concluded the case, a town or the district, and
        // every cell written by it, except the district's decision on an appeal (无效差评).
        let handlers = try district.read {
            try Row.fetchAll($0, sql: """
                SELECT r._ld_org, coalesce(c.conclude_node, c.accept_node), r._ld_cc, r.state FROM rectification r
                JOIN evaluation e USING (eval_id) JOIN case_accept c ON c.project_no = e.project_no
                """).map { ($0[0] as Int64, $0[1] as Int64, ($0[2] as String?) ?? "", $0[3] as String?) }
        }
        for (writer, handler, cells, state) in handlers {
            #expect(writer == handler)
            let versions = cells.isEmpty ? [:] : try JSONDecoder().decode([String: [Int64]].self, from: Data(cells.utf8))
            let others = Set(versions.values.compactMap(\.last)).subtracting([handler])
            #expect(others.isEmpty || (state == "INVALID" && others == [district.node.rawValue]), "\(cells)")
        }
        #expect(handlers.contains { $0.3 == "INVALID" }, "an appeal upheld by the district")
        #expect(Set(handlers.map { NodeID(rawValue: $0.1).tier }).isSubset(of: [.town, .district]))
        // Not written finished: some are still open (0 待整改, 20 整改中) at the horizon; closed only
        // when closed (21 整改完成, 11 无效差评 marked invalid), never after the horizon.
        #expect(try count(district, "SELECT count(*) FROM rectification WHERE status IN (0, 20) AND closed_at IS NULL") > 0)
        #expect(try count(district, "SELECT count(*) FROM rectification WHERE status = 21 AND closed_at IS NOT NULL") > 0)
        #expect(try count(district, "SELECT count(*) FROM rectification WHERE (status IN (11, 21)) != (closed_at IS NOT NULL)") == 0)
        #expect(try count(district, "SELECT count(*) FROM rectification WHERE status = 11 AND valid_flag != 2") == 0)
        #expect(try count(district, "SELECT count(*) FROM rectification WHERE closed_at > '\(month.horizon)'") == 0)
        #expect(try count(district, "SELECT count(*) FROM rectification r JOIN evaluation e USING (eval_id) WHERE r.closed_at < e.eval_time") == 0)
        // Rated where the applicant was: online on a PC or phone, at the window on the hall's
        // terminals, some by SMS or 12345 — not always the hall's tablet.
        #expect(try count(district, "SELECT count(*) FROM evaluation e JOIN case_accept c USING (project_no) WHERE c.apply_channel = 'online' AND e.channel NOT IN (1, 2, 6, 7)") == 0)
        #expect(try count(district, "SELECT count(*) FROM evaluation e JOIN case_accept c USING (project_no) WHERE c.apply_channel = 'window' AND e.channel NOT IN (3, 4, 5, 6, 7)") == 0)
        #expect(try count(district, "SELECT count(DISTINCT channel) FROM evaluation") >= 5)
    }

    @Test func theDisclosureCatalogueHoldsTheTwentySixDomains() throws {
        let month = try month()
        // A village holds its district's catalogue (root-path).
        let village = month.replicas[month.city.villages[month.city.towns[month.city.districts[0]]![0]]![0]]!
        let domains = try village.read { try Row.fetchAll($0, sql: "SELECT domain_no, level1_item FROM disclosure_catalog ORDER BY domain_no").map { ($0[0] as Int, $0[1] as String) } }
        #expect(domains.map(\.0) == Array(1...26))
        #expect(Set(domains.map(\.1)).count == 26)
        #expect(domains.map(\.1) == DisclosureDomain.all.map(\.name))
        #expect(domains[0].1 == "重大项目" && domains[4].1 == "社会救助" && domains[9].1 == "社会保险" && domains[18].1 == "涉农补贴" && domains[25].1 == "扶贫")
        #expect(try count(month.district, "SELECT count(*) FROM disclosure_record r LEFT JOIN disclosure_catalog c USING (item_id) WHERE c.domain_no IS NULL") == 0)
    }

    @Test func nothingIsDatedPastTheHorizon() throws {
        let month = try month()
        // What happened (deadlines — promise dates, due dates — may lie ahead).
        let happened = [
            ("case_accept", "apply_date"), ("case_accept", "receive_date"), ("case_accept", "accept_date"), ("case_accept", "result_date"),
            ("case_accept", "delivered_date"), ("case_result", "result_date"), ("case_event", "event_time"), ("case_special", "start_date"),
            ("case_special", "end_date"), ("evaluation", "eval_time"), ("rectification", "closed_at"), ("disclosure_record", "formed_date"),
            ("disclosure_record", "publish_date"), ("supervision_alert", "raised_at"), ("supervision_alert", "answered_at"),
            ("supervision_alert", "closed_at"),
        ]
        for replica in [month.district, month.replicas[SyntheticCity.cityCode]!] {
            for (table, column) in happened {
                #expect(try count(replica, "SELECT count(*) FROM \(table) WHERE \(column) > '\(month.horizon)'") == 0, "\(table).\(column)")
            }
        }
        // Some cases are still open at the horizon: accepted late in the period, or waiting for 补正.
        #expect(try count(month.district, "SELECT count(*) FROM case_accept WHERE status IN ('ACCEPTED', 'IN_PROCESS')") > 0)
    }

    @Test func alertsAreRaisedAndSomeAnsweredByTheHandlingNode() throws {
        let month = try month()
        let city = month.replicas[SyntheticCity.cityCode]!
        #expect(try count(city, "SELECT count(*) FROM supervision_alert WHERE color = 'red'") > 0)
        #expect(try count(city, "SELECT count(*) FROM supervision_alert WHERE color = 'yellow'") > 0)
        let answered = try count(city, "SELECT count(*) FROM supervision_alert WHERE response IS NOT NULL AND answered_at = '\(month.city.lastWorkingDay)'")
        let open = try count(city, "SELECT count(*) FROM supervision_alert WHERE closed_at IS NULL AND response IS NULL")
        #expect(answered > 0 && open > 0)
        // The answer is the addressee's (a village's: its town's).
        let district = month.district
        let answers = try district.read {
            try Row.fetchAll($0, sql: "SELECT responsible_node, _ld_cc FROM supervision_alert WHERE response IS NOT NULL").map { ($0[0] as Int64, ($0[1] as String?) ?? "") }
        }
        for (responsible, cells) in answers {
            let node = NodeID(rawValue: responsible)
            let addressee = node.tier == .village ? node.ancestorsOrSelf[2] : node
            #expect(cells.contains(String(addressee.rawValue)), "answered by \(addressee): \(cells)")
        }
        let stats = try city.read { try SupervisionStatistics.compute($0, root: SyntheticCity.cityCode, from: month.city.firstDay, to: month.city.horizon) }
        let total = try #require(stats.last)
        #expect(total.alertsRaised > 0 && total.alertsAnswered == answered && total.alertsOpen > 0)
    }
}
