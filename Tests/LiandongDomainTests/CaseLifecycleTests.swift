import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The gov schema's case lifecycle (办件状态, `GovernmentSchema.statusLattice`) and the tree the
/// tests below use: a district, one of its towns and one of that town's villages.
enum Lifecycle {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let lattice = GovernmentSchema.statusLattice
    static let tableIndex = GovernmentSchema.schema.tableIndex(named: "case_accept")!
    static let table = GovernmentSchema.schema.tables[tableIndex]
    static let names = table.columns.map(\.name)
    static let statusColumn = names.firstIndex(of: "status")!
    static let calendar = WorkCalendar(holidays: [], workdays: [])

    static func status(_ replica: Replica, _ projectNo: String) throws -> ColumnValue {
        try replica.query("SELECT status FROM case_accept WHERE project_no = '\(projectNo)'").rows.first?.first ?? .null
    }

    /// The error of `body` run as one write transaction, or nil when it commits.
    static func refusal(_ replica: Replica, _ body: @Sendable (Database) throws -> Void) -> String? {
        do {
            try replica.write(body)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// The writer's own guards: every transition the state machine does not declare for this node is
/// refused inside SQLite, with the table, the column and the rule, and nothing of it is written.
@Suite struct CaseLifecycleGuardTests {
    /// A district centre's own cases (it is the hall, a processing tier and the tier that
    /// terminates): withdrawn, not accepted and terminated cases are never concluded, a
    /// not-accepted case is not delivered, a concluded case is never withdrawn, terminated or
    /// moved back.
    @Test func finalStatusesStayFinal() throws {
        let dir = TemporaryDirectory()
        let district = Lifecycle.district
        let replica = try Replica.temporary(district.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { db in
            for projectNo in ["W", "N", "T", "C"] { try CaseDesk.register(application(projectNo), at: district, db) }
            try CaseDesk.receive("W", by: district, on: "2026-11-02", db)
            try CaseDesk.accept("W", by: district, on: "2026-11-02", promiseDays: 5, calendar: Lifecycle.calendar, db)
            try CaseDesk.withdraw("W", by: district, on: "2026-11-03", db)
            try CaseDesk.refuse("N", by: district, on: "2026-11-02", reason: "材料不符合法定形式", db)
            try CaseDesk.accept("T", by: district, on: "2026-11-02", promiseDays: 5, calendar: Lifecycle.calendar, db)
            try db.execute(sql: "UPDATE case_accept SET status = 'TERMINATED' WHERE project_no = 'T'")
            try CaseDesk.accept("C", by: district, on: "2026-11-02", promiseDays: 0, calendar: Lifecycle.calendar, db)
            try CaseDesk.conclude("C", by: district, on: "2026-11-02", approved: true, db)
        }
        for (projectNo, status) in [("W", "WITHDRAWN"), ("N", "NOT_ACCEPTED"), ("T", "TERMINATED")] {
            let refused = Lifecycle.refusal(replica) { try CaseDesk.conclude(projectNo, by: district, on: "2026-11-09", approved: true, $0) }
            #expect(refused?.contains("case_accept.status \(status) is final (终态)") == true, "\(refused ?? "admitted")")
            #expect(refused?.contains("rule: status transition 状态流转") == true)
        }
        // A 不予受理 decision is final: its notice is an event, not a delivery.
        #expect(Lifecycle.refusal(replica) { try CaseDesk.deliver("N", by: district, on: "2026-11-09", $0) }?.contains("NOT_ACCEPTED is final") == true)
        for status in ["WITHDRAWN", "TERMINATED", "ACCEPTED", "NOT_ACCEPTED"] {
            let refused = Lifecycle.refusal(replica) { try $0.execute(sql: "UPDATE case_accept SET status = '\(status)', not_accept_reason = 'x' WHERE project_no = 'C'") }
            #expect(refused?.contains("case_accept.status may change from CONCLUDED only to: DELIVERED") == true, "\(status): \(refused ?? "admitted")")
        }
        // Nothing of the refused writes stayed: no status, no result, no event.
        #expect(try Lifecycle.status(replica, "W") == .text("WITHDRAWN") && Lifecycle.status(replica, "N") == .text("NOT_ACCEPTED"))
        #expect(try Lifecycle.status(replica, "T") == .text("TERMINATED") && Lifecycle.status(replica, "C") == .text("CONCLUDED"))
        #expect(try replica.query("SELECT count(*) FROM case_result WHERE project_no IN ('W', 'N', 'T')").rows == [[.integer(0)]])
        #expect(try replica.query("SELECT count(*) FROM case_event WHERE event_name IN ('办结', '送达')").rows == [[.integer(1)]])
        // What is still open may be delivered once concluded.
        #expect(Lifecycle.refusal(replica) { try CaseDesk.deliver("C", by: district, on: "2026-11-03", $0) } == nil)
    }

    /// A town's own cases: no conclusion without acceptance, no delivery without a decision,
    /// each status with the evidence it requires, and evidence once filled is never emptied.
    @Test func aCaseIsConcludedOnlyAfterAcceptanceAndDeliveredOnlyAfterADecision() throws {
        let dir = TemporaryDirectory()
        let town = Lifecycle.town
        let replica = try Replica.temporary(town.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { try CaseDesk.register(application("A"), at: town, $0) }
        #expect(
            Lifecycle.refusal(replica) { try CaseDesk.conclude("A", by: town, on: "2026-11-02", approved: true, $0) }?
                .contains("case_accept.status may change from SUBMITTED only to: RECEIVED") == true)
        try replica.write { try CaseDesk.receive("A", by: town, on: "2026-11-02", $0) }
        #expect(
            Lifecycle.refusal(replica) { try CaseDesk.conclude("A", by: town, on: "2026-11-02", approved: true, $0) }?
                .contains("may change from RECEIVED only to: ACCEPTED") == true)
        #expect(Lifecycle.refusal(replica) { try CaseDesk.deliver("A", by: town, on: "2026-11-02", $0) }?.contains("from RECEIVED only to") == true)
        // Acceptance without its date, a conclusion without its decision.
        let undated = Lifecycle.refusal(replica) { try $0.execute(sql: "UPDATE case_accept SET status = 'ACCEPTED' WHERE project_no = 'A'") }
        #expect(undated?.contains("a case_accept row with status ACCEPTED must have case_accept.accept_date filled") == true, "\(undated ?? "admitted")")
        try replica.write { try CaseDesk.accept("A", by: town, on: "2026-11-02", promiseDays: 5, calendar: Lifecycle.calendar, $0) }
        let undecided = Lifecycle.refusal(replica) { try $0.execute(sql: "UPDATE case_accept SET status = 'CONCLUDED' WHERE project_no = 'A'") }
        #expect(undecided?.contains("must have case_accept.accept_date, case_accept.result_date, case_accept.result_type filled") == true, "\(undecided ?? "admitted")")
        for empty in ["NULL", "''", "'   '"] {
            #expect(
                Lifecycle.refusal(replica) { try $0.execute(sql: "UPDATE case_accept SET accept_date = \(empty) WHERE project_no = 'A'") }?
                    .contains("case_accept.accept_date is evidence that case_accept.status requires: once filled it is never emptied") == true)
        }
        // The honest path, and the 即办件 path straight from SUBMITTED, are open.
        try replica.write { db in
            try CaseDesk.process("A", by: town, on: "2026-11-03", org: "人社局", db)
            try db.execute(sql: "UPDATE case_accept SET status = 'REVIEW' WHERE project_no = 'A'")
            try CaseDesk.conclude("A", by: town, on: "2026-11-05", approved: false, db)
            try CaseDesk.deliver("A", by: town, on: "2026-11-06", db)
            try CaseDesk.register(application("B"), at: town, db)
            try CaseDesk.accept("B", by: town, on: "2026-11-02", promiseDays: 0, calendar: Lifecycle.calendar, db)
            try CaseDesk.conclude("B", by: town, on: "2026-11-02", approved: true, db)
        }
        #expect(try Lifecycle.status(replica, "A") == .text("DELIVERED") && Lifecycle.status(replica, "B") == .text("CONCLUDED"))
        // A row starts as SUBMITTED, nothing else.
        let born = Lifecycle.refusal(replica) {
            try $0.execute(sql: """
                INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, accept_date, result_date, result_type, status, scope)
                VALUES ('X', 'x', 'x', '2', 'window', '2026-11-02', '2026-11-02', '2026-11-02', '准予', 'CONCLUDED', 441702001000)
                """)
        }
        #expect(born?.contains("a new case_accept row may start with case_accept.status only as: SUBMITTED") == true, "\(born ?? "admitted")")
    }

    /// 不予受理 needs its reason in the same row, and comes before acceptance only.
    @Test func notAcceptingNeedsAReason() throws {
        let dir = TemporaryDirectory()
        let town = Lifecycle.town
        let replica = try Replica.temporary(town.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { db in
            try CaseDesk.register(application("R"), at: town, db)
            try CaseDesk.register(application("S"), at: town, db)
            try CaseDesk.accept("S", by: town, on: "2026-11-02", promiseDays: 5, calendar: Lifecycle.calendar, db)
        }
        for reason in ["", "  "] {
            let refused = Lifecycle.refusal(replica) { try CaseDesk.refuse("R", by: town, on: "2026-11-02", reason: reason, $0) }
            #expect(refused?.contains("with status NOT_ACCEPTED must have case_accept.not_accept_reason filled") == true, "\(refused ?? "admitted")")
        }
        #expect(Lifecycle.refusal(replica) { try CaseDesk.refuse("S", by: town, on: "2026-11-03", reason: "材料不全", $0) }?.contains("from ACCEPTED only to") == true)
        try replica.write { try CaseDesk.refuse("R", by: town, on: "2026-11-02", reason: "不属于本机关职权范围", $0) }
        #expect(try replica.query("SELECT status, not_accept_reason FROM case_accept WHERE project_no = 'R'").rows == [[.text("NOT_ACCEPTED"), .text("不属于本机关职权范围")]])
    }

    /// A replica made under `gov` v2 (status setters only, no `not_accept_reason`) opens and
    /// adopts v3 in place: the column is added, the guards are the state machine's, and its rows
    /// sync with a replica made under v3. A v2 refusal kept its reason only in its case event, so
    /// that row lacks what v3 requires and its first sight elsewhere is refused
    /// (docs/domain-schema.md, Versions).
    @Test func aVersion2ReplicaAdoptsTheStateMachineInPlace() throws {
        let dir = TemporaryDirectory()
        var v2 = GovernmentSchema.schema
        v2.version = 2
        // What v3 and later appended to cases, and the tables they appended, are not in v2.
        v2.tables[Lifecycle.tableIndex].columns.removeAll { $0.name == "not_accept_reason" || $0.name == "window_no" }
        v2.tables.removeAll { $0.name == "e_license" }
        v2.localSQL.removeAll { $0.contains("e_license") }
        v2.tables[Lifecycle.tableIndex].columns[Lifecycle.statusColumn].lattice?.requires = [:]
        let path = dir.file("v2.db")
        let town = Lifecycle.town
        do {
            let old = try Replica.create(at: path, node: town, schema: v2, logger: testLogger())
            try old.write { db in
                try CaseDesk.register(application("L"), at: town, db)
                try db.execute(sql: "UPDATE case_accept SET status = 'NOT_ACCEPTED' WHERE project_no = 'L'")
                try CaseDesk.register(application("M"), at: town, db)
                try CaseDesk.withdraw("M", by: town, on: "2026-11-03", db)
            }
            // The declaration as v2 stored it (Swift's synthesized encoding under the key
            // `schema`, docs/upgrades.md): each status with who may set it.
            let json = String(decoding: try JSONEncoder().encode(v2), as: UTF8.self)
            var stored = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            var tables = try #require(stored["tables"] as? [[String: Any]])
            var columns = try #require(tables[Lifecycle.tableIndex]["columns"] as? [[String: Any]])
            var lattice = try #require(columns[Lifecycle.statusColumn]["lattice"] as? [String: Any])
            lattice["setters"] = [
                "SUBMITTED": ["scopeNode": [:]], "WITHDRAWN": ["scopeNode": [:]], "TERMINATED": ["onPath": ["_0": [2]]], "DELIVERED": ["onPath": ["_0": [2, 3, 4]]],
            ].merging(["RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW", "NOT_ACCEPTED", "CONCLUDED"].map { ($0, ["onPath": ["_0": [2, 3]]]) }) { a, _ in a }
            for key in ["initial", "transitions", "requires"] { lattice.removeValue(forKey: key) }
            columns[Lifecycle.statusColumn]["lattice"] = lattice
            tables[Lifecycle.tableIndex]["columns"] = columns
            stored["tables"] = tables
            try old.setSetting("schema", String(decoding: try JSONSerialization.data(withJSONObject: stored), as: UTF8.self))
            for key in ["schema.format", "schema.name", "schema.version", "schema.declaration", "schema.local_sql"] { try old.setSetting(key, nil) }
        }
        let opened = try Replica.open(at: path, logger: testLogger())
        #expect(opened.schema.version == 2)
        let before = try #require(opened.schema.tables[Lifecycle.tableIndex].columns[Lifecycle.statusColumn].lattice)
        #expect(before.permitsChange(from: .text("WITHDRAWN"), to: .text("CONCLUDED"), by: town, scope: town), "v2 allowed it")

        let adopted = try opened.adoptingDeclaration(GovernmentSchema.schema)
        #expect(adopted.schema == GovernmentSchema.schema)
        #expect(try Replica.open(at: path, logger: testLogger()).schema == GovernmentSchema.schema)
        let refused = Lifecycle.refusal(adopted) { try CaseDesk.conclude("M", by: town, on: "2026-11-09", approved: true, $0) }
        #expect(refused?.contains("WITHDRAWN is final") == true, "\(refused ?? "admitted")")
        #expect(try adopted.query("SELECT project_no, not_accept_reason FROM case_accept ORDER BY project_no").rows == [[.text("L"), .null], [.text("M"), .null]])
        // Writes capture the new column too.
        try adopted.write { db in
            try CaseDesk.register(application("N"), at: town, db)
            try CaseDesk.refuse("N", by: town, on: "2026-11-03", reason: "材料不全", db)
        }
        let district = try Replica.temporary(Lifecycle.district.rawValue, in: dir, schema: GovernmentSchema.schema)
        _ = try adopted.exchange(withParent: district, nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
        let mine = try adopted.rowStates(tables: [Lifecycle.tableIndex]).filter { $0.key != [.text("L")] }
        #expect(try district.rowStates(tables: [Lifecycle.tableIndex]) == mine)
        #expect(try district.query("SELECT tbl, col, rule FROM _ld_reject").rows == [[.text("case_accept"), .text("not_accept_reason"), .text("transition")]])
    }

    /// A village may neither deliver nor conclude a case that has no decision, whatever the client.
    @Test func aVillageMayNotDeliverWhatHasNoDecision() throws {
        let dir = TemporaryDirectory()
        let village = Lifecycle.village
        let replica = try Replica.temporary(village.rawValue, in: dir, schema: GovernmentSchema.schema)
        try replica.write { try CaseDesk.register(application("V"), at: village, $0) }
        let refused = Lifecycle.refusal(replica) { try CaseDesk.deliver("V", by: village, on: "2026-11-09", $0) }
        #expect(refused?.contains("case_accept.status may change from SUBMITTED only to:") == true, "\(refused ?? "admitted")")
        let shell = try runCommand("/usr/bin/sqlite3", [replica.path, "UPDATE case_accept SET status = 'DELIVERED', delivered_date = '2026-11-09' WHERE project_no = 'V';"])
        #expect(shell.status != 0 && shell.output.contains("状态流转"), "\(shell.output)")
        #expect(try Lifecycle.status(replica, "V") == .text("SUBMITTED"))
        // Withdrawing is the village's own transition.
        #expect(Lifecycle.refusal(replica) { try CaseDesk.withdraw("V", by: village, on: "2026-11-03", $0) } == nil)
    }
}

/// A case row as it stands at some node, built write by write, to hand to `Admission` as a
/// crafted change from a child or a parent.
struct CraftedCase {
    var projectNo: String
    var scope: NodeID
    var values: [ColumnValue]
    var versions: [CellVersion]

    /// Registered (申请) at `hall` at `millis`.
    init(_ projectNo: String, at hall: NodeID, millis: Int64 = 10) {
        self.projectNo = projectNo
        scope = hall
        values = Array(repeating: .null, count: Lifecycle.names.count)
        versions = Array(repeating: CellVersion(hlc: HLC(millis: millis), origin: hall), count: Lifecycle.names.count)
        for (name, value) in [
            "task_handle_item": "x", "task_name": "低保", "project_type": "2", "apply_channel": "proxy", "apply_date": "2026-11-02", "status": "SUBMITTED",
        ] {
            values[Lifecycle.names.firstIndex(of: name)!] = .text(value)
        }
        values[Lifecycle.names.firstIndex(of: "scope")!] = .integer(hall.rawValue)
    }

    /// The row after `writer` sets `cells` at `millis`.
    func setting(_ cells: [String: String?], by writer: NodeID, at millis: Int64) -> CraftedCase {
        var next = self
        for (name, value) in cells {
            let index = Lifecycle.names.firstIndex(of: name)!
            next.values[index] = value.map(ColumnValue.text) ?? .null
            next.versions[index] = CellVersion(hlc: HLC(millis: millis), origin: writer)
        }
        return next
    }

    func accepted(by writer: NodeID, at millis: Int64) -> CraftedCase {
        setting(["status": "ACCEPTED", "accept_date": "2026-11-02", "receive_date": "2026-11-02"], by: writer, at: millis)
    }

    func concluded(by writer: NodeID, at millis: Int64) -> CraftedCase {
        setting(["status": "CONCLUDED", "result_date": "2026-11-06", "result_type": "准予"], by: writer, at: millis)
    }

    var change: RowChange {
        RowChange(
            table: Lifecycle.tableIndex, key: [.text(projectNo)], causalLength: 1, values: values,
            versions: CompactVersions(versions, fallback: versions[0]), scope: scope)
    }
}

/// The first hop re-checks the state machine on what it receives (Protocols/SPEC.md §17.3, rule
/// `transition`): what it can tell is forbidden is refused with node, table, column and rule;
/// several honest steps between two syncs are admitted; concurrent changes by different tiers
/// merge by the lattice order.
@Suite struct CaseLifecycleAdmissionTests {
    static let district = Lifecycle.district, town = Lifecycle.town, village = Lifecycle.village

    func admit(_ incoming: CraftedCase, local: CraftedCase?, at receiver: NodeID, from sender: NodeID, table: TableSpec = Lifecycle.table) -> Result<RowChange?, Rejection> {
        Admission(table: table, receiver: receiver).admit(incoming.change, local: local?.change, from: sender, senderIsChild: sender.tier > receiver.tier)
    }

    func rejection(_ incoming: CraftedCase, local: CraftedCase?, at receiver: NodeID, from sender: NodeID, table: TableSpec = Lifecycle.table) -> Rejection? {
        if case .failure(let rejection) = admit(incoming, local: local, at: receiver, from: sender, table: table) { return rejection }
        return nil
    }

    func merged(_ incoming: CraftedCase, local: CraftedCase?, at receiver: NodeID, from sender: NodeID) throws -> RowChange? {
        try admit(incoming, local: local, at: receiver, from: sender).get()
    }

    @Test func aWriterThatMadeAFinalStatusCannotMoveOnFromIt() throws {
        // A town withdraws its own accepted case, then concludes it: its district refuses.
        let accepted = CraftedCase("T-1", at: Self.town).accepted(by: Self.town, at: 20)
        let withdrawn = accepted.setting(["status": "WITHDRAWN"], by: Self.town, at: 30)
        let concluded = withdrawn.concluded(by: Self.town, at: 40)
        let refused = rejection(concluded, local: withdrawn, at: Self.district, from: Self.town)
        #expect(refused?.rule == .transition && refused?.column == "status" && refused?.writer == Self.town && refused?.table == "case_accept")
        #expect(refused.map { "\($0)".contains("that set status WITHDRAWN itself may not move the row on to CONCLUDED") } == true, "\(refused.map { "\($0)" } ?? "admitted")")
        #expect(refused.map { "\($0)".contains("[rule: status transition 状态流转]") } == true)

        // A town refuses a village's case (不予受理), then concludes it.
        let refusedCase = CraftedCase("V-1", at: Self.village).setting(["status": "NOT_ACCEPTED", "not_accept_reason": "材料不全"], by: Self.town, at: 20)
        let thenConcluded = refusedCase.accepted(by: Self.town, at: 30).concluded(by: Self.town, at: 30)
        #expect(rejection(thenConcluded, local: refusedCase, at: Self.district, from: Self.town)?.rule == .transition)

        // A district terminates a case (异常终止), then concludes it: the town below refuses.
        let terminated = CraftedCase("V-2", at: Self.village).accepted(by: Self.town, at: 20).setting(["status": "TERMINATED"], by: Self.district, at: 30)
        let revived = terminated.concluded(by: Self.district, at: 40)
        let fromAbove = rejection(revived, local: terminated, at: Self.town, from: Self.district)
        #expect(fromAbove?.rule == .transition && fromAbove?.writer == Self.district && fromAbove?.column == "status")

        // A town that concluded a case cannot take it back to IN_PROCESS even by a merge: the
        // lattice keeps CONCLUDED, so nothing changes.
        let done = CraftedCase("V-3", at: Self.village).accepted(by: Self.town, at: 20).concluded(by: Self.town, at: 30)
        let back = done.setting(["status": "IN_PROCESS"], by: Self.town, at: 40)
        #expect(try merged(back, local: done, at: Self.district, from: Self.town) == nil)
    }

    @Test func aRowWithoutTheEvidenceItsStatusNeedsIsRefused() throws {
        let submitted = CraftedCase("V-4", at: Self.village)
        // Concluded without ever being accepted: no acceptance date in the row.
        let unaccepted = submitted.concluded(by: Self.district, at: 30)
        let refused = rejection(unaccepted, local: submitted, at: Self.town, from: Self.district)
        #expect(refused?.rule == .transition && refused?.column == "accept_date" && refused?.writer == Self.district, "\(refused.map { "\($0)" } ?? "admitted")")
        // Delivered by the village with no decision.
        let received = submitted.setting(["status": "RECEIVED", "receive_date": "2026-11-02"], by: Self.town, at: 20)
        let delivered = received.setting(["status": "DELIVERED", "delivered_date": "2026-11-09"], by: Self.village, at: 30)
        let undecided = rejection(delivered, local: received, at: Self.town, from: Self.village)
        #expect(undecided?.rule == .transition && undecided?.writer == Self.village && undecided.map { "\($0)".contains("must have case_accept.accept_date filled") } == true)
        // Not accepted without a reason.
        let noReason = submitted.setting(["status": "NOT_ACCEPTED", "not_accept_reason": nil], by: Self.town, at: 20)
        #expect(rejection(noReason, local: submitted, at: Self.district, from: Self.town)?.column == "not_accept_reason")
        #expect(rejection(noReason.setting(["not_accept_reason": " "], by: Self.town, at: 20), local: submitted, at: Self.district, from: Self.town)?.column == "not_accept_reason")
        // Evidence emptied on a concluded case, by the tier that may write the column.
        let concluded = submitted.accepted(by: Self.town, at: 20).concluded(by: Self.district, at: 30)
        let emptied = concluded.setting(["accept_date": nil], by: Self.town, at: 40)
        let gone = rejection(emptied, local: concluded, at: Self.district, from: Self.town)
        #expect(gone?.rule == .transition && gone?.column == "accept_date" && gone?.writer == Self.town)
        // A reason withheld on the way down from the city (a district repairing from its parent)
        // was filled where it was written: admitted.
        var withheld = noReason.setting(["not_accept_reason": nil], by: Self.town, at: 20)
        withheld.versions[Lifecycle.names.firstIndex(of: "not_accept_reason")!] = PrivacyProjection.withheldVersion
        #expect(rejection(withheld, local: nil, at: Self.district, from: NodeID(rawValue: 441_700_000_000)) == nil)
        // The village still may not conclude at all: that is who may set a status (rule status).
        let byVillage = submitted.accepted(by: Self.town, at: 20).setting(["status": "CONCLUDED"], by: Self.village, at: 30)
        #expect(rejection(byVillage, local: submitted.accepted(by: Self.town, at: 20), at: Self.town, from: Self.village)?.rule == .status)
    }

    @Test func severalHonestStepsBetweenTwoSyncsAreAdmitted() throws {
        // The district accepted; then took it on, reviewed and concluded it offline: the town
        // sees ACCEPTED, then CONCLUDED.
        let accepted = CraftedCase("V-5", at: Self.village).accepted(by: Self.district, at: 20)
        let concluded = accepted.setting(["status": "IN_PROCESS", "handle_org": "人社局"], by: Self.district, at: 30)
            .setting(["status": "REVIEW"], by: Self.district, at: 31).concluded(by: Self.district, at: 32)
        #expect(try merged(concluded, local: accepted, at: Self.town, from: Self.district)?.values[Lifecycle.statusColumn] == .text("CONCLUDED"))
        // The town sees a village's case first as SUBMITTED, next as concluded by the district.
        let submitted = CraftedCase("V-6", at: Self.village)
        #expect(rejection(submitted.accepted(by: Self.district, at: 20).concluded(by: Self.district, at: 30), local: submitted, at: Self.town, from: Self.district) == nil)
        // The village sees its case next as delivered by the town.
        let handedOver = submitted.accepted(by: Self.town, at: 20).concluded(by: Self.town, at: 30).setting(["status": "DELIVERED", "delivered_date": "2026-11-09"], by: Self.town, at: 40)
        #expect(rejection(handedOver, local: submitted, at: Self.village, from: Self.town) == nil)
        // First sight: the district meets a town's own 即办件 already concluded.
        let instant = CraftedCase("T-2", at: Self.town).accepted(by: Self.town, at: 10).concluded(by: Self.town, at: 10)
        #expect(rejection(instant, local: nil, at: Self.district, from: Self.town) == nil)
    }

    /// On first sight the status must come from an initial value the creator may create: on a
    /// table whose insert rule lets a town create a village's row, the town still cannot start it
    /// past SUBMITTED, which only the village may create.
    @Test func firstSightChecksTheCreatorsInitialStatus() throws {
        var table = Lifecycle.table
        table.insert = .onPath([.village, .town, .district])
        let byTown = CraftedCase("V-7", at: Self.town).accepted(by: Self.town, at: 10)
        var forVillage = byTown
        forVillage.scope = Self.village
        forVillage.values[Lifecycle.names.firstIndex(of: "scope")!] = .integer(Self.village.rawValue)
        let refused = rejection(forVillage, local: nil, at: Self.town, from: Self.village, table: table)
        // The village relays a town's write: provenance comes first; from above it is the transition.
        #expect(refused?.rule == .provenance)
        let fromAbove = rejection(forVillage, local: nil, at: Self.village, from: Self.town, table: table)
        #expect(fromAbove?.rule == .transition && fromAbove.map { "\($0)".contains("a row created by node 441702001000 cannot reach status ACCEPTED") } == true, "\(fromAbove.map { "\($0)" } ?? "admitted")")
    }

    /// A district's conclusion against a village's concurrent withdrawal, before or after it on
    /// the clock: admitted on both sides, and both sides hold CONCLUDED (the documented order).
    @Test func concurrentTransitionsStillMergeByTheLattice() throws {
        let accepted = CraftedCase("V-8", at: Self.village).accepted(by: Self.town, at: 20)
        for (withdrawnAt, concludedAt) in [(50, 60), (50, 40)] as [(Int64, Int64)] {
            let withdrawn = accepted.setting(["status": "WITHDRAWN"], by: Self.village, at: withdrawnAt)
            let concluded = accepted.concluded(by: Self.district, at: concludedAt)
            // The town holds the withdrawal and hears of the conclusion from the district …
            let atTown = try #require(try merged(concluded, local: withdrawn, at: Self.town, from: Self.district))
            #expect(atTown.values[Lifecycle.statusColumn] == .text("CONCLUDED"))
            // … and the district hears of the withdrawal, or of the town's merged row, from the
            // town: nothing changes.
            #expect(try merged(withdrawn, local: concluded, at: Self.district, from: Self.town) == nil)
            let district = Admission(table: Lifecycle.table, receiver: Self.district)
            #expect(try district.admit(atTown, local: concluded.change, from: Self.town, senderIsChild: true).get() == nil)
            // The village holds its withdrawal and gets the town's merged row.
            let village = try #require(try Admission(table: Lifecycle.table, receiver: Self.village).admit(atTown, local: withdrawn.change, from: Self.town, senderIsChild: false).get())
            #expect(village.values == atTown.values)
        }
        // A town's refusal against a district's concurrent acceptance and conclusion.
        let received = CraftedCase("V-9", at: Self.village).setting(["status": "RECEIVED", "receive_date": "2026-11-02"], by: Self.town, at: 20)
        let refused = received.setting(["status": "NOT_ACCEPTED", "not_accept_reason": "材料不全"], by: Self.town, at: 30)
        let concluded = received.accepted(by: Self.district, at: 31).concluded(by: Self.district, at: 32)
        #expect(try merged(concluded, local: refused, at: Self.town, from: Self.district)?.values[Lifecycle.statusColumn] == .text("CONCLUDED"))
        #expect(try merged(refused, local: concluded, at: Self.district, from: Self.town)?.values[Lifecycle.statusColumn] ?? .text("CONCLUDED") == .text("CONCLUDED"))
    }
}

/// Random histories on a real tree of replicas (a district, a town, a village): random status
/// writes, allowed and forbidden, by random tiers on the village's and the town's cases, and
/// transfers in random order and chunk sizes. The writer's guards refuse exactly what the state
/// machine forbids; no honest change is ever refused on its way; no replica ever takes a step the
/// state machine forbids (a status moves only forward, and along declared transitions unless a
/// concurrent change is merged in, which the lattice order settles); and all replicas converge.
@Suite struct CaseLifecycleTreeTests {
    static let district = Lifecycle.district, town = Lifecycle.town, village = Lifecycle.village
    static let cases: [(projectNo: String, hall: NodeID)] = [("V-1", village), ("V-2", village), ("V-3", village), ("T-1", town)]
    static let evidence = ["accept_date", "result_date", "result_type", "delivered_date", "not_accept_reason"]

    /// A status write as it was made: the writer's status before it, and the status writes the
    /// writer had seen (its causal past).
    struct Write {
        var from: String?
        var past: Set<CellVersion>
    }

    struct StatusCell: Equatable {
        var status: String
        var version: CellVersion
    }

    /// What the run saw, summed over every seed, so the test can tell it exercised each case.
    struct Tally {
        var allowed = 0, forbidden = 0, withoutEvidence = 0, emptying = 0, sequentialSteps = 0, concurrentJoins = 0
    }

    static func statusCells(_ replica: Replica) throws -> [String: StatusCell] {
        var cells: [String: StatusCell] = [:]
        for row in try replica.rowStates(tables: [Lifecycle.tableIndex]) where row.isLive {
            guard case .text(let projectNo) = row.key[0], case .text(let status) = row.values[Lifecycle.statusColumn] else { continue }
            cells[projectNo] = StatusCell(status: status, version: row.versions.expanded(columnCount: row.values.count)[Lifecycle.statusColumn])
        }
        return cells
    }

    /// Sends everything `from` holds that `to` may lack, in chunks of 1–3 rows; returns what `to` refused.
    static func transfer(from: Replica, to: Replica, role: LinkRole, _ rng: inout SplitMix64) throws -> [Rejection] {
        var refused: [Rejection] = []
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        while true {
            let after = try to.cursor(on: from.node)
            let chunk = try from.readChunk(for: to.node, after: after, limit: Int.random(in: 1...3, using: &rng))
            if chunk.rows.isEmpty && chunk.upTo <= after { return refused }
            refused += try to.apply(chunk, from: from.node, role: role, drift: ClockDriftPolicy(), nowMillis: now).rejected
            if chunk.rows.isEmpty { return refused }
        }
    }

    @Test func randomHistoriesKeepTheStateMachineAndConverge() throws {
        var tally = Tally()
        for seed in 0..<30 as Range<UInt64> { try run(seed: seed, &tally) }
        #expect(tally.allowed > 100 && tally.forbidden > 100 && tally.withoutEvidence > 10 && tally.emptying > 10, "\(tally)")
        #expect(tally.sequentialSteps > 100 && tally.concurrentJoins > 5, "\(tally)")
    }

    func run(seed: UInt64, _ tally: inout Tally) throws {
        var rng = SplitMix64(seed: seed)
        let dir = TemporaryDirectory()
        let lattice = Lifecycle.lattice
        let replicas = try [Self.district, Self.town, Self.village].map { try Replica.temporary($0.rawValue, in: dir, schema: GovernmentSchema.schema) }
        var writes: [CellVersion: Write] = [:]
        var seen: [NodeID: [String: Set<CellVersion>]] = [:]  // per node and case
        var held: [NodeID: [String: StatusCell]] = [:]
        var log: [String] = []

        /// After a complete transfer the receiver has seen every status write the sender had.
        func learn(_ node: NodeID, from sender: NodeID) {
            for (projectNo, versions) in seen[sender] ?? [:] { seen[node, default: [:]][projectNo, default: []].formUnion(versions) }
        }

        /// Checks every step each replica took since it was last looked at.
        func observe(_ replica: Replica) throws {
            let now = try Self.statusCells(replica)
            defer { held[replica.node] = now }
            for (projectNo, cell) in now {
                // The same status at another version (two tiers made the same change) is no step.
                guard let old = held[replica.node]?[projectNo], old.status != cell.status else { continue }
                let context = "seed \(seed), node \(replica.node), \(projectNo): \(old.status) → \(cell.status)\n\(log.joined(separator: "\n"))"
                #expect(lattice.rank(.text(cell.status)) > lattice.rank(.text(old.status)), "a status moved backwards: \(context)")
                // Concurrent: a write behind the new status that the old one had not seen, and
                // that had not seen it.
                let before = writes[old.version].map { $0.past.union([old.version]) } ?? [old.version]
                let after = writes[cell.version].map { $0.past.union([cell.version]) } ?? [cell.version]
                let concurrent = after.contains { !before.contains($0) && writes[$0]?.past.contains(old.version) == false }
                if concurrent {
                    tally.concurrentJoins += 1
                } else {
                    tally.sequentialSteps += 1
                    let scope = Self.cases.first { $0.projectNo == projectNo }!.hall
                    #expect(lattice.reachable(from: [old.status], scope: scope).contains(cell.status), "a step the state machine forbids: \(context)")
                }
            }
        }

        for (projectNo, hall) in Self.cases {
            let replica = replicas.first { $0.node == hall }!
            try replica.write { try CaseDesk.register(application(projectNo), at: hall, $0) }
            let version = try Self.statusCells(replica)[projectNo]!.version
            writes[version] = Write(from: nil, past: [])
            seen[hall, default: [:]][projectNo, default: []].insert(version)
        }
        for replica in replicas { try observe(replica) }

        let links = [(0, 1), (1, 0), (1, 2), (2, 1)]  // (from, to): district 0, town 1, village 2
        for _ in 0..<Int.random(in: 30...60, using: &rng) {
            if Int.random(in: 0..<10, using: &rng) < 4 {
                let (from, to) = links.randomElement(using: &rng)!
                let refused = try Self.transfer(from: replicas[from], to: replicas[to], role: from > to ? .child : .parent, &rng)
                log.append("\(replicas[from].node) → \(replicas[to].node)")
                #expect(refused.isEmpty, "an honest change was refused: seed \(seed): \(refused)\n\(log.joined(separator: "\n"))")
                learn(replicas[to].node, from: replicas[from].node)
                try observe(replicas[to])
                continue
            }
            let replica = replicas.randomElement(using: &rng)!
            let writer = replica.node
            guard let (projectNo, cell) = try Self.statusCells(replica).sorted(by: { $0.key < $1.key }).randomElement(using: &rng) else { continue }
            let scope = Self.cases.first { $0.projectNo == projectNo }!.hall
            let row = try replica.query("SELECT \(Self.evidence.joined(separator: ", ")) FROM case_accept WHERE project_no = '\(projectNo)'").rows[0]
            let filled = Dictionary(uniqueKeysWithValues: zip(Self.evidence, row.map { !StatusLattice.isEmpty($0) }))
            func writable(_ column: String) -> Bool { Lifecycle.table.writers(ofColumn: Lifecycle.names.firstIndex(of: column)!).permits(writer, scope: scope) }

            if Int.random(in: 0..<10, using: &rng) == 0 {
                // Emptying evidence: refused once it is filled.
                let column = Self.evidence.randomElement(using: &rng)!
                let refused = Lifecycle.refusal(replica) { try $0.execute(sql: "UPDATE case_accept SET \(column) = NULL WHERE project_no = '\(projectNo)'") }
                log.append("\(writer): \(projectNo).\(column) = NULL → \(refused == nil ? "done" : "refused")")
                #expect((refused == nil) == !filled[column]!, "seed \(seed): \(log.last!) \(refused ?? "")")
                tally.emptying += 1
                continue
            }
            // Half the time a transition the state machine declares (for some tier), else any status.
            let declared = (lattice.transitions[cell.status] ?? [:]).keys.sorted()
            let target = (Bool.random(using: &rng) ? declared.randomElement(using: &rng) : nil) ?? lattice.order.filter { $0 != cell.status }.randomElement(using: &rng)!
            let missing = (lattice.requires[target] ?? []).filter { !filled[$0]! }
            let withEvidence = Int.random(in: 0..<5, using: &rng) != 0
            var sets = ["status": target]
            if withEvidence { for column in missing { sets[column] = column == "result_type" ? "准予" : "2026-11-0\(Int.random(in: 2...9, using: &rng))" } }
            let predicted =
                lattice.permitsChange(from: .text(cell.status), to: .text(target), by: writer, scope: scope)
                && (missing.isEmpty || withEvidence) && sets.keys.allSatisfy(writable)
            let assignments = sets.sorted { $0.key < $1.key }.map { "\($0.key) = '\($0.value)'" }.joined(separator: ", ")
            let refused = Lifecycle.refusal(replica) { try $0.execute(sql: "UPDATE case_accept SET \(assignments) WHERE project_no = '\(projectNo)'") }
            log.append("\(writer): \(projectNo) \(cell.status) → \(target)\(withEvidence ? "" : " (no evidence)") → \(refused == nil ? "done" : "refused")")
            #expect((refused == nil) == predicted, "the guard and the state machine disagree: seed \(seed): \(log.last!) \(refused ?? "")")
            if !predicted { tally.forbidden += 1 }
            if !withEvidence && !missing.isEmpty { tally.withoutEvidence += 1 }
            guard refused == nil else { continue }
            tally.allowed += 1
            let version = try Self.statusCells(replica)[projectNo]!.version
            writes[version] = Write(from: cell.status, past: seen[writer]?[projectNo] ?? [])
            seen[writer, default: [:]][projectNo, default: []].insert(version)
            try observe(replica)
        }

        // Heal: full transfers both ways on both links until nothing is left to learn.
        for _ in 0..<3 {
            for (from, to) in links.shuffled(using: &rng) {
                let refused = try Self.transfer(from: replicas[from], to: replicas[to], role: from > to ? .child : .parent, &rng)
                #expect(refused.isEmpty, "seed \(seed): \(refused)")
                learn(replicas[to].node, from: replicas[from].node)
                try observe(replicas[to])
            }
        }
        let rows = try replicas.map { replica in
            Dictionary(uniqueKeysWithValues: try replica.rowStates(tables: [Lifecycle.tableIndex]).map { ($0.key, $0) })
        }
        for (projectNo, hall) in Self.cases {
            let holders = hall == Self.village ? [0, 1, 2] : [0, 1]
            let states = holders.map { rows[$0][[.text(projectNo)]] }
            #expect(states.allSatisfy { $0 != nil && $0 == states[0] }, "seed \(seed): \(projectNo) differs\n\(log.joined(separator: "\n"))")
        }
        #expect(rows[2][[.text("T-1")]] == nil, "a town's own case went down to its village")
    }
}
