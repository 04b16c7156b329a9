import GRDB
import LiandongCore
import LiandongDomain

/// Random, domain-shaped operations at every tier, made through `CaseDesk` and plain SQL on the
/// replicated tables, so that the capture and guard triggers see them as any other local write:
/// - the city edits the base catalogue (基本目录) and the holiday calendar, deleting and
///   re-inserting keys from a small key space;
/// - a district edits its implementation list (实施清单) and materials, and receives, accepts,
///   refuses, takes on, concludes and delivers cases, rectifies the bad reviews of the cases it
///   handled and decides appeals (差评整改);
/// - a town registers its own cases, receives, accepts, pauses (特别程序) and delivers cases,
///   records, corrects and deletes case materials, evaluates and rectifies;
/// - a village registers cases as an agent (代办), withdraws them, hands results over,
///   records case materials and evaluations (好差评).
/// An operation the replica's guards refuse (a transition its status no longer allows) rolls
/// back and is counted as refused locally; it is not a failure.
enum Workload {
    struct Operation: Sendable {
        var name: String
        /// The names of the replicated tables it writes, for reading back its cells.
        var tables: [String]
    }

    static let itemCodes = 6
    static let holidayDays = 6

    /// Performs one operation chosen by `dice` at `node`, inside the caller's transaction.
    static func perform(at node: NodeID, dice: UInt64, serial: Int, day: Day, _ db: Database) throws -> Operation? {
        var rng = SplitMix64(seed: dice)
        let roll = Int.random(in: 0..<100, using: &rng)
        let date = day.description
        switch node.tier {
        case .city:
            if roll < 65 {
                return try upsertOrDelete(
                    table: "item_catalog", key: "catalog_code", value: "SIM\(Int.random(in: 0..<itemCodes, using: &rng))", scope: node, deleting: roll >= 45,
                    insert: "INSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES (?1, ?2, '01', '1', ?3)",
                    update: "UPDATE item_catalog SET task_name = ?2 WHERE catalog_code = ?1", serial: serial, db)
            }
            return try upsertOrDelete(
                table: "holiday", key: "day", value: "2040-01-0\(Int.random(in: 1...holidayDays, using: &rng))", scope: node, deleting: roll >= 85,
                insert: "INSERT INTO holiday (day, kind, name, scope) VALUES (?1, 'holiday', ?2, ?3)",
                update: "UPDATE holiday SET name = ?2 WHERE day = ?1", serial: serial, db)
        case .district:
            if roll < 40 { return try advanceCase(at: node, in: node, date: date, rng: &rng, db) }
            if roll < 50 { return try deliver(at: node, in: node, date: date, rng: &rng, db) }
            if roll < 80 {
                return try upsertOrDelete(
                    table: "item_impl", key: "task_handle_item", value: "\(node)-I\(Int.random(in: 0..<itemCodes, using: &rng))", scope: node, deleting: roll >= 70,
                    insert: """
                        INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, project_type, promise_day, task_state, scope)
                        VALUES (?1, ?1, 'SIM0', ?2, '2', 5, '1', ?3)
                        """,
                    update: "UPDATE item_impl SET task_name = ?2, promise_day = length(?2) WHERE task_handle_item = ?1", serial: serial, db)
            }
            if roll < 84 {
                return try upsertOrDelete(
                    table: "item_material", key: "row_guid", value: "\(node)-M\(Int.random(in: 0..<itemCodes, using: &rng))", scope: node, deleting: roll >= 82,
                    insert: "INSERT INTO item_material (row_guid, task_handle_item, material_name, scope) VALUES (?1, 'SIM', ?2, ?3)",
                    update: "UPDATE item_material SET material_name = ?2 WHERE row_guid = ?1", serial: serial, db)
            }
            if roll < 90 { return try rectify(at: node, in: node, date: date, rng: &rng, db) }
            return try caseMaterial(at: node, in: node, serial: serial, rng: &rng, db)
        case .town:
            if roll < 20 { return try register(at: node, serial: serial, date: date, db) }
            if roll < 55 { return try advanceCase(at: node, in: node, date: date, rng: &rng, db) }
            if roll < 65 { return try deliver(at: node, in: node, date: date, rng: &rng, db) }
            if roll < 78 { return try caseMaterial(at: node, in: node, serial: serial, rng: &rng, db) }
            if roll < 85 { return try rectify(at: node, in: node, date: date, rng: &rng, db) }
            return try evaluate(at: node, in: node, serial: serial, date: date, rng: &rng, db)
        case .village:
            if roll < 40 { return try register(at: node, serial: serial, date: date, db) }
            if roll < 55 {
                guard let projectNo = try pickCase(in: node, statuses: ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS"], rng: &rng, db) else { return nil }
                try CaseDesk.withdraw(projectNo, by: node, on: date, db)
                return Operation(name: "withdraw 撤回 \(projectNo)", tables: ["case_accept", "case_event"])
            }
            if roll < 65 { return try deliver(at: node, in: node, date: date, rng: &rng, db) }
            if roll < 85 { return try caseMaterial(at: node, in: node, serial: serial, rng: &rng, db) }
            return try evaluate(at: node, in: node, serial: serial, date: date, rng: &rng, db)
        }
    }

    static func register(at node: NodeID, serial: Int, date: String, _ db: Database) throws -> Operation {
        let projectNo = "P\(node)-\(serial)"
        try CaseDesk.register(
            CaseApplication(
                projectNo: projectNo, taskHandleItem: "SIM", taskName: "最低生活保障", instant: false, channel: node.tier == .village ? "proxy" : "window",
                applicantName: "申请人\(serial)", idNumber: "4417021990010\(String(format: "%05d", serial % 100_000))", phone: "138\(String(format: "%08d", serial))",
                address: "某村\(serial)号", agentName: node.tier == .village ? "代办员" : nil, applyDate: date),
            at: node, db)
        return Operation(name: "register 登记 \(projectNo)", tables: ["case_accept", "case_event"])
    }

    /// Moves a case in `subtree` one step on: 接件, 受理 (or 不予受理), 承办, 办结.
    static func advanceCase(at node: NodeID, in subtree: NodeID, date: String, rng: inout SplitMix64, _ db: Database) throws -> Operation? {
        let statuses = node.tier == .district ? ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS"] : ["SUBMITTED", "RECEIVED"]
        guard let projectNo = try pickCase(in: subtree, statuses: statuses, rng: &rng, db),
            let status = try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM case_accept WHERE project_no = ?"), arguments: [projectNo])
        else { return nil }
        let tables = ["case_accept", "case_event"]
        switch status {
        case "SUBMITTED" where node.tier == .town && Bool.random(using: &rng):
            try CaseDesk.receive(projectNo, by: node, on: date, db)
            return Operation(name: "receive 接件 \(projectNo)", tables: tables)
        case "SUBMITTED", "RECEIVED":
            if Int.random(in: 0..<10, using: &rng) == 0 {
                try CaseDesk.refuse(projectNo, by: node, on: date, reason: "材料不齐", db)
                return Operation(name: "refuse 不予受理 \(projectNo)", tables: tables)
            }
            try CaseDesk.accept(projectNo, by: node, on: date, promiseDays: 5, calendar: try WorkCalendar.load(db), db)
            return Operation(name: "accept 受理 \(projectNo)", tables: tables)
        case "ACCEPTED":
            if node.tier == .town || Bool.random(using: &rng) {
                let calendar = try WorkCalendar.load(db)
                try CaseDesk.pause(projectNo, by: node, on: date, kind: "补正", db)
                try CaseDesk.resume(projectNo, by: node, on: calendar.adding(workingDays: Int.random(in: 1...3, using: &rng), to: try Day(date)).description, calendar: calendar, db)
                return Operation(name: "pause 补正 \(projectNo)", tables: tables + ["case_special"])
            }
            try CaseDesk.process(projectNo, by: node, on: date, org: "人社局", db)
            return Operation(name: "process 承办 \(projectNo)", tables: tables)
        default:
            try CaseDesk.conclude(projectNo, by: node, on: date, approved: Bool.random(using: &rng), db)
            return Operation(name: "conclude 办结 \(projectNo)", tables: tables + ["case_result"])
        }
    }

    static func deliver(at node: NodeID, in subtree: NodeID, date: String, rng: inout SplitMix64, _ db: Database) throws -> Operation? {
        guard let projectNo = try pickCase(in: subtree, statuses: ["CONCLUDED"], rng: &rng, db) else { return nil }
        try CaseDesk.deliver(projectNo, by: node, on: date, db)
        return Operation(name: "deliver 送达 \(projectNo)", tables: ["case_accept", "case_event"])
    }

    /// Records, corrects or deletes a material handed in for a case (tiers on the case's path may).
    static func caseMaterial(at node: NodeID, in subtree: NodeID, serial: Int, rng: inout SplitMix64, _ db: Database) throws -> Operation? {
        let tables = ["case_material"]
        let existing = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT row_guid FROM case_material WHERE scope BETWEEN ? AND ? ORDER BY row_guid"),
            arguments: [subtree.subtreeRange.lowerBound, subtree.subtreeRange.upperBound]
        ).map { $0[0] as String }
        let roll = Int.random(in: 0..<3, using: &rng)
        if roll > 0, !existing.isEmpty {
            let guid = existing[Int.random(in: 0..<existing.count, using: &rng)]
            if roll == 1 {
                try db.cachedStatement(sql: "UPDATE case_material SET get_num = ? WHERE row_guid = ?").execute(arguments: [serial, guid])
                return Operation(name: "correct material 补正材料 \(guid)", tables: tables)
            }
            try db.cachedStatement(sql: "DELETE FROM case_material WHERE row_guid = ?").execute(arguments: [guid])
            return Operation(name: "delete material 删除材料 \(guid)", tables: tables)
        }
        guard let projectNo = try pickCase(in: subtree, statuses: ["SUBMITTED", "RECEIVED", "ACCEPTED"], rng: &rng, db),
            let scope = try Int64.fetchOne(db.cachedStatement(sql: "SELECT scope FROM case_accept WHERE project_no = ?"), arguments: [projectNo])
        else { return nil }
        // Keys repeat across serials, so deleted materials are sometimes handed in again.
        let guid = "\(projectNo)/M\(serial % 3)"
        try db.cachedStatement(sql: "INSERT INTO case_material (row_guid, project_no, material_name, get_num, scope) VALUES (?, ?, '身份证', 1, ?) ON CONFLICT (row_guid) DO UPDATE SET get_num = get_num + 1").execute(arguments: [guid, projectNo, scope])
        return Operation(name: "hand in material 收取材料 \(guid)", tables: tables)
    }

    static func evaluate(at node: NodeID, in subtree: NodeID, serial: Int, date: String, rng: inout SplitMix64, _ db: Database) throws -> Operation? {
        guard let projectNo = try pickCase(in: subtree, statuses: ["CONCLUDED", "DELIVERED", "NOT_ACCEPTED"], rng: &rng, db) else { return nil }
        let level = Int.random(in: 1...5, using: &rng)
        try CaseDesk.evaluate(
            projectNo, evalID: "E\(node)-\(serial)", level: level, by: node, on: date, rater: ("评价人", "13900000000", "441702199001011111"), words: level < 3 ? "等待太久" : nil, db)
        return Operation(name: "evaluate 好差评 \(projectNo) level \(level)", tables: ["evaluation"])
    }

    /// 差评整改 at the node that handled the case: opens a bad review's rectification, starts,
    /// finishes or appeals it; a district decides the appeals of its subtree.
    static func rectify(at node: NodeID, in subtree: NodeID, date: String, rng: inout SplitMix64, _ db: Database) throws -> Operation? {
        let range = subtree.subtreeRange
        let tables = ["rectification"]
        if node.tier == .district,
            let appealed = try String.fetchOne(
                db.cachedStatement(sql: "SELECT eval_id FROM rectification WHERE state = 'APPEALED' AND scope BETWEEN ? AND ? ORDER BY eval_id LIMIT 1"),
                arguments: [range.lowerBound, range.upperBound])
        {
            let upheld = Bool.random(using: &rng)
            try CaseDesk.rectify(evalID: appealed, .decideAppeal(upheld: upheld, reason: upheld ? "恶意评价" : "评价针对窗口服务"), by: node, on: date, db)
            return Operation(name: "decide appeal 申诉审核 \(appealed) \(upheld ? "upheld 无效差评" : "rejected 申诉无效")", tables: tables)
        }
        let open = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT e.eval_id, r.state FROM evaluation e LEFT JOIN rectification r ON r.eval_id = e.eval_id
                WHERE e.level <= 2 AND e.handle_node = ? AND e.scope BETWEEN ? AND ? AND (r.eval_id IS NULL OR r.state IN ('PENDING', 'IN_PROGRESS'))
                ORDER BY e.eval_id
                """), arguments: [node.rawValue, range.lowerBound, range.upperBound])
        guard !open.isEmpty else { return nil }
        let row = open[Int.random(in: 0..<open.count, using: &rng)]
        let evalID: String = row[0]
        switch (row[1] as String?, Int.random(in: 0..<4, using: &rng)) {
        case (nil, _):
            try CaseDesk.openRectification(evalID: evalID, by: node, calendar: try WorkCalendar.load(db), db)
            return Operation(name: "open rectification 待整改 \(evalID)", tables: tables)
        case ("PENDING", 0), ("PENDING", 1):
            try CaseDesk.rectify(evalID: evalID, .appeal(reason: "评价与办件无关"), by: node, on: date, db)
            return Operation(name: "appeal 申诉 \(evalID)", tables: tables)
        case ("PENDING", 2):
            try CaseDesk.rectify(evalID: evalID, .start, by: node, on: date, db)
            return Operation(name: "start rectification 整改中 \(evalID)", tables: tables)
        default:
            try CaseDesk.rectify(evalID: evalID, .finish(content: "已约谈窗口人员"), by: node, on: date, db)
            return Operation(name: "finish rectification 整改完成 \(evalID)", tables: tables)
        }
    }

    static func pickCase(in subtree: NodeID, statuses: [String], rng: inout SplitMix64, _ db: Database) throws -> String? {
        let cases = try String.fetchAll(
            db.cachedStatement(
                sql: "SELECT project_no FROM case_accept WHERE scope BETWEEN ? AND ? AND status IN (\(statuses.map { _ in "?" }.joined(separator: ", "))) ORDER BY project_no"),
            arguments: StatementArguments([subtree.subtreeRange.lowerBound, subtree.subtreeRange.upperBound] + statuses))
        return cases.isEmpty ? nil : cases[Int.random(in: 0..<cases.count, using: &rng)]
    }

    /// Inserts the key if absent (again after a delete: a re-insert), updates it if present, or
    /// deletes it when `deleting`.
    static func upsertOrDelete(
        table: String, key: String, value: String, scope: NodeID, deleting: Bool, insert: String, update: String, serial: Int, _ db: Database
    ) throws -> Operation? {
        let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(key) = ?)"), arguments: [value]) ?? false
        if deleting {
            guard exists else { return nil }
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(key) = ?").execute(arguments: [value])
            return Operation(name: "delete \(table) \(value)", tables: [table])
        }
        let text = "v\(serial)"
        try db.cachedStatement(sql: exists ? update : insert).execute(arguments: exists ? [value, text] : [value, text, scope.rawValue])
        return Operation(name: "\(exists ? "update" : "insert") \(table) \(value)", tables: [table])
    }
}
