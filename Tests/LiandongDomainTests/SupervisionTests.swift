import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// 电子监察 on real replicas: a village registers, its town accepts, the district supervises
/// (Mon 2026-11-02 onwards, no holidays: the weekend is what separates working from calendar days).
@Suite struct SupervisionTests {
    static let city = NodeID(rawValue: 441_700_000_000)
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town = NodeID(rawValue: 441_702_001_000)
    static let otherTown = NodeID(rawValue: 441_702_002_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let calendar = WorkCalendar()
    static let alertTable = GovernmentSchema.schema.tables[GovernmentSchema.schema.tableIndex(named: "supervision_alert")!]

    struct Tree {
        var village: Replica
        var town: Replica
        var district: Replica
        var clock: Int64 = 1_800_000_000_000

        /// Village ↔ town, then town ↔ district.
        mutating func sync() throws {
            clock += 1000
            _ = try village.exchange(withParent: town, nowMillis: clock)
            _ = try town.exchange(withParent: district, nowMillis: clock)
            _ = try village.exchange(withParent: town, nowMillis: clock)
        }

        func supervise(_ today: String) throws -> Supervision.Outcome {
            try district.write { db in try Supervision.raiseAlerts(db: db, supervisor: SupervisionTests.district, today: Day(today), calendar: SupervisionTests.calendar) }
        }
    }

    /// A (5 working days: due Mon 11-09, yellow window 1) and B (10: due Mon 11-16, window 2),
    /// registered at the village and accepted by its town on Mon 11-02.
    func makeTree(_ dir: TemporaryDirectory) throws -> Tree {
        var tree = Tree(
            village: try Replica.temporary(Self.village.rawValue, in: dir, schema: GovernmentSchema.schema),
            town: try Replica.temporary(Self.town.rawValue, in: dir, schema: GovernmentSchema.schema),
            district: try Replica.temporary(Self.district.rawValue, in: dir, schema: GovernmentSchema.schema, privacyKey: PrivacyKey.random()))
        try tree.village.write { db in
            for projectNo in ["A", "B"] { try CaseDesk.register(application(projectNo), at: Self.village, db) }
        }
        try tree.sync()
        try tree.town.write { db in
            try CaseDesk.accept("A", by: Self.town, on: "2026-11-02", promiseDays: 5, calendar: Self.calendar, db)
            try CaseDesk.accept("B", by: Self.town, on: "2026-11-02", promiseDays: 10, calendar: Self.calendar, db)
        }
        try tree.sync()
        return tree
    }

    static func alerts(_ replica: Replica) throws -> [[ColumnValue]] {
        try replica.query("SELECT alert_id, color, scope, responsible_node, raised_by, due_date, closed_at, response FROM supervision_alert ORDER BY alert_id").rows
    }

    @Test func theWindowAndTheColourCountWorkingDays() throws {
        #expect(Supervision.yellowWindow(allowedWorkdays: 0) == 1 && Supervision.yellowWindow(allowedWorkdays: 5) == 1)
        #expect(Supervision.yellowWindow(allowedWorkdays: 6) == 2 && Supervision.yellowWindow(allowedWorkdays: 15) == 3 && Supervision.yellowWindow(allowedWorkdays: 20) == 4)
        let due = try Day("2026-11-09")  // a Monday
        // Friday: three calendar days but one working day left.
        #expect(Supervision.color(today: try Day("2026-11-06"), due: due, allowedWorkdays: 5, calendar: Self.calendar) == .yellow)
        #expect(Supervision.color(today: try Day("2026-11-05"), due: due, allowedWorkdays: 5, calendar: Self.calendar) == nil)
        #expect(Supervision.color(today: due, due: due, allowedWorkdays: 5, calendar: Self.calendar) == .yellow)
        #expect(Supervision.color(today: try Day("2026-11-10"), due: due, allowedWorkdays: 5, calendar: Self.calendar) == .red)
        // A holiday on the Monday before the due date widens the gap in working days.
        let holiday = WorkCalendar(holidays: [try Day("2026-11-09")])
        #expect(Supervision.color(today: try Day("2026-11-06"), due: try Day("2026-11-10"), allowedWorkdays: 5, calendar: holiday) == .yellow)
        #expect(Supervision.color(today: try Day("2026-11-06"), due: try Day("2026-11-10"), allowedWorkdays: 5, calendar: Self.calendar) == nil)
    }

    /// Yellow near the due date, nothing new on a second run, red past it (the yellow one
    /// closed), and closed once the case is concluded; the alert reaches the handling town and
    /// the registering village.
    @Test func aCaseNearItsDueDateGetsYellowThenRedAndIsClosedOnceConcluded() throws {
        let dir = TemporaryDirectory()
        var tree = try makeTree(dir)
        #expect(try tree.supervise("2026-11-05") == Supervision.Outcome())
        #expect(try tree.supervise("2026-11-06") == Supervision.Outcome(raised: 1))
        #expect(try tree.supervise("2026-11-06") == Supervision.Outcome(), "idempotent")
        #expect(try tree.supervise("2026-11-09") == Supervision.Outcome(), "still yellow")
        let yellow: [ColumnValue] = [
            .text("case-due/A/yellow"), .text("yellow"), .integer(Self.village.rawValue), .integer(Self.town.rawValue), .integer(Self.district.rawValue),
            .text("2026-11-09"), .null, .null,
        ]
        #expect(try Self.alerts(tree.district) == [yellow])

        try tree.sync()
        #expect(try Self.alerts(tree.town) == [yellow], "addressed to the handling town")
        #expect(try Self.alerts(tree.village) == [yellow], "visible to the registering hall")

        #expect(try tree.supervise("2026-11-10") == Supervision.Outcome(escalated: 1))
        #expect(try tree.supervise("2026-11-10") == Supervision.Outcome())
        let afterRed = try Self.alerts(tree.district)
        #expect(afterRed.map { $0[0] } == [.text("case-due/A/red"), .text("case-due/A/yellow")])
        #expect(afterRed.map { $0[6] } == [.null, .text("2026-11-10")])

        try tree.sync()
        try tree.town.write { db in try CaseDesk.conclude("A", by: Self.town, on: "2026-11-11", approved: true, db) }
        try tree.sync()
        // B (due 11-16, window 2) turns yellow on Thursday 11-12; A's red alert is closed.
        #expect(try tree.supervise("2026-11-12") == Supervision.Outcome(raised: 1, closed: 1))
        #expect(try tree.supervise("2026-11-12") == Supervision.Outcome())
        let closed = try tree.district.query("SELECT alert_id FROM supervision_alert WHERE closed_at IS NULL").rows
        #expect(closed == [[.text("case-due/B/yellow")]])
        try tree.sync()
        #expect(try Self.alerts(tree.village) == Self.alerts(tree.district))
    }

    /// The city supervises every case: its red alert goes down the case's path to the district,
    /// the handling town and the village hall (its empty answer is not withheld, so the district
    /// can relay it); the district's own run then raises nothing new (the same id); the town's
    /// answer reaches the city scrubbed; the district closes it once the case is concluded.
    @Test func theCitysAlertGoesDownTheCasesPath() throws {
        let dir = TemporaryDirectory()
        var tree = try makeTree(dir)
        let city = try Replica.temporary(Self.city.rawValue, in: dir, schema: GovernmentSchema.schema)
        func syncAll() throws {
            try tree.sync()
            tree.clock += 1000
            _ = try tree.district.exchange(withParent: city, nowMillis: tree.clock)
            try tree.sync()
        }
        try syncAll()
        #expect(try city.query("SELECT count(*) FROM case_accept").rows == [[.integer(2)]])
        let raised = try city.write { db in try Supervision.raiseAlerts(db: db, supervisor: Self.city, today: Day("2026-11-10"), calendar: Self.calendar) }
        #expect(raised == Supervision.Outcome(raised: 1), "red at once: no yellow before it")
        try syncAll()
        for replica in [tree.district, tree.town, tree.village] {
            #expect(try replica.query("SELECT alert_id, raised_by, responsible_node FROM supervision_alert").rows == [
                [.text("case-due/A/red"), .integer(Self.city.rawValue), .integer(Self.town.rawValue)]
            ])
        }
        #expect(try tree.supervise("2026-11-10") == Supervision.Outcome())
        // The town's answer goes back up; the city gets it scrubbed of the phone number.
        try tree.town.write { db in try Supervision.answer(alertID: "case-due/A/red", response: "已联系申请人，电话13812345678", on: Day("2026-11-10"), db) }
        try syncAll()
        #expect(try city.query("SELECT response, answered_at FROM supervision_alert").rows == [[.text("已联系申请人，电话138****5678"), .text("2026-11-10")]])
        #expect(try tree.village.query("SELECT response FROM supervision_alert").rows == [[.text("已联系申请人，电话13812345678")]])
        try tree.town.write { db in try CaseDesk.conclude("A", by: Self.town, on: "2026-11-11", approved: true, db) }
        try tree.sync()
        #expect(try tree.supervise("2026-11-11") == Supervision.Outcome(closed: 1))
        try syncAll()
        #expect(try city.query("SELECT closed_at FROM supervision_alert").rows == [[.text("2026-11-11")]])
        #expect(try city.query("SELECT count(*) FROM _ld_reject").rows == [[.integer(0)]])
    }

    /// The handling town answers; the village hall (not on the processing path) and a town of
    /// another branch may not, neither at the write nor at the next hop; only a supervisor closes.
    @Test func theResponsibleNodeAnswersAndOthersAreRefused() throws {
        let dir = TemporaryDirectory()
        var tree = try makeTree(dir)
        _ = try tree.supervise("2026-11-06")
        try tree.sync()
        let id = "case-due/A/yellow"

        let villageRefused = Lifecycle.refusal(tree.village) { try Supervision.answer(alertID: id, response: "已催办", on: Day("2026-11-06"), $0) }
        #expect(villageRefused?.contains("write authority") == true, "\(villageRefused ?? "admitted")")
        let townCloses = Lifecycle.refusal(tree.town) { try $0.execute(sql: "UPDATE supervision_alert SET closed_at = '2026-11-06' WHERE alert_id = ?", arguments: [id]) }
        #expect(townCloses != nil, "only the supervisor closes")
        let townRaises = Lifecycle.refusal(tree.town) { _ = try Supervision.raiseAlerts(db: $0, supervisor: Self.town, today: Day("2026-11-10"), calendar: Self.calendar) }
        #expect(townRaises?.contains("does not supervise") == true)

        try tree.town.write { db in try Supervision.answer(alertID: id, response: "材料补正中，预计11月9日办结", on: Day("2026-11-06"), db) }
        try tree.sync()
        #expect(try tree.district.query("SELECT response, answered_at FROM supervision_alert WHERE alert_id = '\(id)'").rows == [[.text("材料补正中，预计11月9日办结"), .text("2026-11-06")]])
        #expect(try tree.village.query("SELECT response FROM supervision_alert WHERE alert_id = '\(id)'").rows == [[.text("材料补正中，预计11月9日办结")]])
        #expect(try tree.district.query("SELECT count(*) FROM _ld_reject").rows == [[.integer(0)]])

        // At admission: the same answer from the village (to its town) or from another town (to
        // the district) is refused: the village by the write rules, the other town as off the
        // alert's path (scope); from the handling town it is admitted.
        let raised = CraftedAlert(id, scope: Self.village, by: Self.district)
        let answered = { (writer: NodeID) in raised.setting(["response": "已答复", "answered_at": "2026-11-06"], by: writer, at: 50) }
        let admitTown = Admission(table: Self.alertTable, receiver: Self.district).admit(answered(Self.town).change, local: raised.change, from: Self.town, senderIsChild: true)
        #expect((try? admitTown.get()) != nil)
        for (writer, receiver) in [(Self.village, Self.town), (Self.otherTown, Self.district), (Self.city, Self.district)] {
            let result = Admission(table: Self.alertTable, receiver: receiver).admit(
                answered(writer).change, local: raised.change, from: writer, senderIsChild: writer.tier > receiver.tier)
            guard case .failure(let rejection) = result else {
                Issue.record("an answer by \(writer) was admitted at \(receiver)")
                continue
            }
            #expect(rejection.rule == (writer == Self.otherTown ? .scope : .authority), "\(rejection)")
        }
        // A district may raise in its subtree; a town may not raise at all.
        let byTown = Admission(table: Self.alertTable, receiver: Self.district).admit(
            CraftedAlert("x/A/red", scope: Self.village, by: Self.town).change, local: nil, from: Self.town, senderIsChild: true)
        guard case .failure(let rejection) = byTown else {
            Issue.record("a town's alert was admitted")
            return
        }
        #expect(rejection.rule == .authority)
    }

    /// A bad review's rectification (deadline 15 working days) and an unpublished disclosure
    /// record (20 working days from being formed) get the same two levels.
    @Test func rectificationsAndDisclosuresAreSupervisedToo() throws {
        let dir = TemporaryDirectory()
        var tree = try makeTree(dir)
        try tree.town.write { db in
            try CaseDesk.conclude("A", by: Self.town, on: "2026-11-03", approved: true, db)
            try CaseDesk.conclude("B", by: Self.town, on: "2026-11-03", approved: true, db)
            try CaseDesk.evaluate("B", evalID: "eB", level: 1, by: Self.town, on: "2026-11-03", rater: nil, db)
        }
        try tree.sync()
        try tree.district.write { db in
            try db.execute(sql: """
                INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, scope)
                VALUES ('d1', 'i1', '低保公示', '名单见附件', '2026-11-02', ?)
                """, arguments: [Self.district.rawValue])
        }
        // Review 11-03 + 15 working days: 11-24 (window 3: yellow from Thu 11-19);
        // record formed 11-02 + 20 working days: 11-30 (window 4: yellow from Tue 11-24).
        let before = try tree.district.write { db in try Supervision.raiseAlerts(db: db, supervisor: Self.district, today: Day("2026-11-18"), calendar: Self.calendar) }
        #expect(before == Supervision.Outcome())
        #expect(try tree.supervise("2026-11-19") == Supervision.Outcome(raised: 1))
        #expect(try tree.supervise("2026-11-24") == Supervision.Outcome(raised: 1))
        #expect(try tree.supervise("2026-11-25") == Supervision.Outcome(escalated: 1))
        #expect(try tree.supervise("2026-12-01") == Supervision.Outcome(escalated: 1))
        let rows = try tree.district.query("SELECT alert_id, project_no, scope, responsible_node, closed_at FROM supervision_alert WHERE closed_at IS NULL ORDER BY alert_id").rows
        #expect(rows == [
            [.text("disclosure-due/d1/red"), .null, .integer(Self.district.rawValue), .integer(Self.district.rawValue), .null],
            [.text("rectification-due/eB/red"), .text("B"), .integer(Self.village.rawValue), .integer(Self.town.rawValue), .null],
        ])
        // Rectified and published: both closed.
        try tree.town.write { db in
            try CaseDesk.rectify(evalID: "eB", scope: Self.village, status: 21, deadline: "2026-11-24", closedAt: "2026-12-01", content: "已整改", db)
        }
        try tree.sync()
        try tree.district.write { db in try db.execute(sql: "UPDATE disclosure_record SET publish_date = '2026-12-01' WHERE record_id = 'd1'") }
        #expect(try tree.supervise("2026-12-02") == Supervision.Outcome(closed: 2))
    }

    /// `liandong supervise` prints what it did, with Chinese labels.
    @Test func theSuperviseCommandReportsRaisedEscalatedClosed() throws {
        let dir = TemporaryDirectory()
        let tree = try makeTree(dir)
        let path = tree.district.path
        let first = try runCommand(liandongExecutable, ["supervise", "--db", path, "--today", "2026-11-06"])
        #expect(first.status == 0 && first.output.contains("新预警 raised: 1") && first.output.contains("升级红牌 escalated: 0"), "\(first.output)")
        let second = try runCommand(liandongExecutable, ["supervise", "--db", path, "--today", "2026-11-10"])
        #expect(second.status == 0 && second.output.contains("新预警 raised: 0") && second.output.contains("升级红牌 escalated: 1"), "\(second.output)")
        let byTown = try runCommand(liandongExecutable, ["supervise", "--db", tree.town.path, "--today", "2026-11-10"])
        #expect(byTown.status != 0 && byTown.output.contains("does not supervise"), "\(byTown.output)")
    }

    /// A replica made under `gov` v3 (alerts raised by the city only, scoped to the responsible
    /// node, answered by it) adopts v4 in place: the columns are appended, old rows stay, and
    /// the guards are v4's.
    @Test func aVersion3ReplicaAdoptsTheAlertRulesInPlace() throws {
        let dir = TemporaryDirectory()
        var v3 = GovernmentSchema.schema
        v3.version = 3
        let index = v3.tableIndex(named: "supervision_alert")!
        v3.tables[index].columns.removeLast(5)
        v3.tables[index].columns[4].writers = .scopeNode
        (v3.tables[index].insert, v3.tables[index].update) = (.onPath([.city]), .onPath([.city]))
        let path = dir.file("v3.db")
        do {
            let old = try Replica.create(at: path, node: Self.district, schema: v3, logger: testLogger())
            let refused = Lifecycle.refusal(old) { db in
                try db.execute(sql: "INSERT INTO supervision_alert (alert_id, rule, color, raised_at, scope) VALUES ('x', 'case-due', 'red', '2026-11-02', ?)", arguments: [Self.village.rawValue])
            }
            #expect(refused != nil, "v3: only the city raises")
        }
        let adopted = try Replica.open(at: path, logger: testLogger()).adoptingDeclaration(GovernmentSchema.schema)
        #expect(adopted.schema == GovernmentSchema.schema)
        try adopted.write { db in
            try db.execute(sql: "INSERT INTO supervision_alert (alert_id, rule, color, raised_at, scope, subject) VALUES ('x', 'case-due', 'red', '2026-11-02', ?, 'A')", arguments: [Self.village.rawValue])
        }
        #expect(try adopted.query("SELECT subject, responsible_node FROM supervision_alert").rows == [[.text("A"), .null]])
        // Any other change is still refused.
        var other = GovernmentSchema.schema
        other.version = GovernmentSchema.version + 1
        other.tables[index].flow = .rootPath
        #expect { try adopted.adoptingDeclaration(other) } throws: { "\($0)".contains("liandong init") }
    }
}

/// An alert row as a supervisor raises it, for admission checks.
struct CraftedAlert {
    static let names = SupervisionTests.alertTable.columns.map(\.name)
    var alertID: String
    var scope: NodeID
    var values: [ColumnValue]
    var versions: [CellVersion]

    init(_ alertID: String, scope: NodeID, by raiser: NodeID, millis: Int64 = 10) {
        self.alertID = alertID
        self.scope = scope
        values = Array(repeating: .null, count: Self.names.count)
        versions = Array(repeating: CellVersion(hlc: HLC(millis: millis), origin: raiser), count: Self.names.count)
        for (name, value) in ["project_no": "A", "rule": "case-due", "color": "yellow", "raised_at": "2026-11-06", "subject": "A", "due_date": "2026-11-09"] {
            values[Self.names.firstIndex(of: name)!] = .text(value)
        }
        values[Self.names.firstIndex(of: "scope")!] = .integer(scope.rawValue)
        values[Self.names.firstIndex(of: "raised_by")!] = .integer(raiser.rawValue)
    }

    func setting(_ cells: [String: String], by writer: NodeID, at millis: Int64) -> CraftedAlert {
        var next = self
        for (name, value) in cells {
            let index = Self.names.firstIndex(of: name)!
            next.values[index] = .text(value)
            next.versions[index] = CellVersion(hlc: HLC(millis: millis), origin: writer)
        }
        return next
    }

    var change: RowChange {
        RowChange(
            table: GovernmentSchema.schema.tableIndex(named: "supervision_alert")!, key: [.text(alertID)], causalLength: 1, values: values,
            versions: CompactVersions(versions, fallback: versions[0]), scope: scope)
    }
}
