import GRDB
import LiandongCore

/// A new case (办件) as a hall registers it.
public struct CaseApplication: Sendable, Hashable {
    public var projectNo: String
    public var taskHandleItem: String
    public var taskName: String
    /// 即办件 (settled on the spot) or 承诺件 (settled within promised working days).
    public var instant: Bool
    /// window 窗口 / online 网办 / proxy 代办 / self 自助 / mail 邮寄
    public var channel: String
    public var applicantName: String
    public var idNumber: String
    public var phone: String
    public var address: String
    /// The village cadre (代办员) registering on the applicant's behalf, for proxy cases.
    public var agentName: String?
    public var applyDate: String

    public init(
        projectNo: String, taskHandleItem: String, taskName: String, instant: Bool, channel: String, applicantName: String,
        idNumber: String, phone: String, address: String, agentName: String? = nil, applyDate: String
    ) {
        self.projectNo = projectNo
        self.taskHandleItem = taskHandleItem
        self.taskName = taskName
        self.instant = instant
        self.channel = channel
        self.applicantName = applicantName
        self.idNumber = idNumber
        self.phone = phone
        self.address = address
        self.agentName = agentName
        self.applyDate = applyDate
    }
}

/// The writes a service hall makes on cases, each with its case event (办件过程), in the
/// caller's transaction. They are plain SQL on the replicated tables: the change-capture and
/// guard triggers see them like any other write, so a hall that may not make a transition
/// (`GovernmentSchema.statusLattice`: the tier, the status the case is in, the evidence the new
/// status needs) gets the guard's error here and nothing is written.
public enum CaseDesk {
    /// 到现场次数 (`visit_count`): the applicant's trips to a hall for one case, by channel, so that
    /// 一次办结率 (visits ≤ 1) and 零跑动率 (visits = 0) measure something.
    /// - online 网办 and mail 邮寄: 0 (零跑动): nothing is handed in in person, also after 补正
    ///   (the missing file is uploaded or posted);
    /// - proxy 代办: 0 for the applicant: the village agent (代办员) carries the file to the town and
    ///   the result back, free of charge, so the applicant never travels (the agent's trips are the
    ///   office's, not the applicant's);
    /// - window 窗口 and self 自助 (a terminal in the hall): 1, and 2 when the case needed 补正
    ///   (the applicant comes back with the missing materials, as the generator records when the
    ///   补正 ends).
    public static func visits(channel: String, corrected: Bool) -> Int {
        switch channel {
        case "window", "self": corrected ? 2 : 1
        default: 0
        }
    }

    /// 申请 / 代办登记: registers a case at `hall` (its scope), with the visits its channel
    /// implies (`visits`).
    public static func register(_ application: CaseApplication, at hall: NodeID, _ db: Database) throws {
        try db.cachedStatement(sql: """
                INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, applyer_type,
                    applyer_name, applyer_page_type, applyer_page_code, contact_mobile, address, agent_name, project_name,
                    apply_date, visit_count, status, scope)
                VALUES (?, ?, ?, ?, ?, '1', ?, '身份证', ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED', ?)
                """).execute(arguments: [
                application.projectNo, application.taskHandleItem, application.taskName, application.instant ? "1" : "2",
                application.channel, application.applicantName, application.idNumber, application.phone, application.address,
                application.agentName, application.taskName, application.applyDate, visits(channel: application.channel, corrected: false),
                hall.rawValue,
            ])
        try event(application.projectNo, "申请", by: hall, at: application.applyDate, scope: hall, db)
    }

    /// 接件: the town window receives a case registered below it (or at itself).
    public static func receive(_ projectNo: String, by node: NodeID, on date: String, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        try db.cachedStatement(sql: "UPDATE case_accept SET status = 'RECEIVED', receive_date = ? WHERE project_no = ?").execute(arguments: [date, projectNo])
        try event(projectNo, "接件", by: node, at: date, scope: scope, db)
    }

    /// 受理: the promise date is `date` plus the item's promised working days on `calendar`.
    public static func accept(_ projectNo: String, by node: NodeID, on date: String, promiseDays: Int, calendar: WorkCalendar, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        let promise = try calendar.adding(workingDays: promiseDays, to: Day(date))
        try db.cachedStatement(sql: """
                UPDATE case_accept SET status = 'ACCEPTED', accept_date = ?, accept_node = ?, promise_date = ?,
                    receive_date = coalesce(receive_date, ?) WHERE project_no = ?
                """).execute(arguments: [date, node.rawValue, promise.description, date, projectNo])
        try event(projectNo, "受理", by: node, at: date, scope: scope, db)
    }

    /// 不予受理, with its reason (required: the guards refuse a refusal without one).
    public static func refuse(_ projectNo: String, by node: NodeID, on date: String, reason: String, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        try db.cachedStatement(sql: """
                UPDATE case_accept SET status = 'NOT_ACCEPTED', not_accept_reason = ?, result_date = ?, result_type = '不予受理', conclude_node = ?
                WHERE project_no = ?
                """).execute(arguments: [reason, date, node.rawValue, projectNo])
        try event(projectNo, "不予受理", by: node, at: date, scope: scope, explain: reason, db)
    }

    /// 承办: a district department takes the case on.
    public static func process(_ projectNo: String, by node: NodeID, on date: String, org: String, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        try db.cachedStatement(sql: "UPDATE case_accept SET status = 'IN_PROCESS', handle_org = ? WHERE project_no = ?").execute(arguments: [org, projectNo])
        try event(projectNo, "承办", by: node, at: date, scope: scope, db)
    }

    /// 特别程序 / 补正: the promise clock stops on `date` until `resume` (the applicant brings the
    /// missing materials back, the special procedure ends). A case may pause more than once, also
    /// on one day and at two nodes at once: each pause is its own row, named by the node that
    /// records it and its count of the case's pauses. Its end and length are set by `resume`.
    public static func pause(_ projectNo: String, by node: NodeID, on date: String, kind: String, reason: String? = nil, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        _ = try Day(date)
        let open = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM case_special WHERE project_no = ? AND end_date IS NULL"), arguments: [projectNo]) ?? 0
        guard open == 0 else { throw DomainError("case (办件) \(projectNo) is paused already (已暂停); resume it first (liandong case resume)") }
        let earlier = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM case_special WHERE project_no = ?"), arguments: [projectNo]) ?? 0
        try db.cachedStatement(sql: """
                INSERT INTO case_special (row_guid, project_no, special_type, special_reason, start_date, scope)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: ["\(projectNo)/special/\(node)/\(earlier + 1)", projectNo, kind, reason ?? kind, date, scope.rawValue])
        try event(projectNo, kind, by: node, at: date, scope: scope, explain: reason, db)
    }

    /// The clock runs again on `date`: the open pause ends, its length is the working days from
    /// its start up to `date`, and the case's due date moves by as much (due = promise date + paused
    /// working days). Returns the working days paused.
    @discardableResult
    public static func resume(_ projectNo: String, by node: NodeID, on date: String, calendar: WorkCalendar, _ db: Database) throws -> Int {
        let scope = try scopeOf(projectNo, db)
        guard let open = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT row_guid, start_date, special_type FROM case_special WHERE project_no = ? AND end_date IS NULL ORDER BY start_date LIMIT 1"),
            arguments: [projectNo])
        else { throw DomainError("case (办件) \(projectNo) is not paused (未暂停)") }
        let start = try Day(open[1] as String)
        let end = try Day(date)
        guard start <= end else { throw DomainError("case (办件) \(projectNo) was paused on \(start); it cannot resume on \(end), before that") }
        let paused = calendar.workingDays(from: start, to: end)
        try db.cachedStatement(sql: "UPDATE case_special SET end_date = ?, paused_workdays = ? WHERE row_guid = ?").execute(arguments: [date, paused, open[0] as String])
        try db.cachedStatement(sql: "UPDATE case_accept SET paused_workdays = coalesce(paused_workdays, 0) + ? WHERE project_no = ?").execute(arguments: [paused, projectNo])
        try event(projectNo, "\(open[2] as String)结束", by: node, at: date, scope: scope, explain: "\(paused) working days 工作日", db)
        return paused
    }

    /// 办结: approved (准予) or denied (不予).
    public static func conclude(_ projectNo: String, by node: NodeID, on date: String, approved: Bool, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        let result = approved ? "准予" : "不予"
        try db.cachedStatement(sql: "UPDATE case_accept SET status = 'CONCLUDED', result_date = ?, result_type = ?, conclude_node = ? WHERE project_no = ?").execute(arguments: [date, result, node.rawValue, projectNo])
        try db.cachedStatement(sql: """
                INSERT INTO case_result (project_no, result_date, result_type, is_delivery, scope) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (project_no) DO UPDATE SET result_date = excluded.result_date, result_type = excluded.result_type
                """).execute(arguments: [projectNo, date, result, scope.rawValue])
        try event(projectNo, "办结", by: node, at: date, scope: scope, explain: result, db)
    }

    /// 送达: the result reaches the applicant (the village agent hands it over).
    public static func deliver(_ projectNo: String, by node: NodeID, on date: String, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        try db.cachedStatement(sql: "UPDATE case_accept SET status = 'DELIVERED', delivered_date = ? WHERE project_no = ?").execute(arguments: [date, projectNo])
        try event(projectNo, "送达", by: node, at: date, scope: scope, db)
    }

    /// 撤回: only the registering hall withdraws, and only before a decision.
    public static func withdraw(_ projectNo: String, by node: NodeID, on date: String, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        try db.cachedStatement(sql: "UPDATE case_accept SET status = 'WITHDRAWN' WHERE project_no = ?").execute(arguments: [projectNo])
        try event(projectNo, "撤回", by: node, at: date, scope: scope, db)
    }

    /// 好差评: an evaluation (1 非常不满意 … 5 非常满意) of a case, rated where the case is, from
    /// `channel` (1 PC, 2 移动端, 3 二维码, 4 大厅平板 (the default), 5 大厅其他终端, 6 短信,
    /// 7 热线 12345, 8 纸质).
    public static func evaluate(
        _ projectNo: String, evalID: String, level: Int, by node: NodeID, on date: String, rater: (name: String, phone: String, id: String)?,
        words: String? = nil, channel: Int = 4, _ db: Database
    ) throws {
        let scope = try scopeOf(projectNo, db)
        try db.cachedStatement(sql: """
                INSERT INTO evaluation (eval_id, project_no, node_id, eval_stage, level, channel, words, rater_name, rater_phone,
                    rater_cert_code, eval_time, scope)
                VALUES (?, ?, ?, '办结', ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [evalID, projectNo, node.rawValue, level, channel, words, rater?.name, rater?.phone, rater?.id, date, scope.rawValue])
    }

    /// 差评整改: opens (status 0 待整改), moves on (20 整改中) or closes (21 整改完成; 11 无效差评 with
    /// `validFlag` 2 after an appeal) the rectification of a bad review.
    public static func rectify(
        evalID: String, scope: NodeID, status: Int, validFlag: Int = 1, deadline: String, closedAt: String?, content: String?, _ db: Database
    ) throws {
        try db.cachedStatement(sql: """
                INSERT INTO rectification (eval_id, status, valid_flag, deadline, reform_content, closed_at, scope) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (eval_id) DO UPDATE SET status = excluded.status, valid_flag = excluded.valid_flag, reform_content = excluded.reform_content,
                    closed_at = excluded.closed_at
                """).execute(arguments: [evalID, status, validFlag, deadline, content, closedAt, scope.rawValue])
    }

    /// 办件过程: one append-only event, named by the node that records it and its count of the
    /// case's events there (the same step may happen twice on one day: a second 补正).
    public static func event(_ projectNo: String, _ name: String, by node: NodeID, at time: String, scope: NodeID, explain: String? = nil, _ db: Database) throws {
        let earlier = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM case_event WHERE project_no = ? AND node_id = ?"), arguments: [projectNo, node.rawValue]) ?? 0
        try db.cachedStatement(sql: """
                INSERT INTO case_event (row_guid, project_no, event_name, node_id, handle_user_name, handle_explain, event_time, scope)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: ["\(projectNo)/\(node)/\(earlier + 1)", projectNo, name, node.rawValue, "窗口\(node.rawValue % 1000)", explain, time, scope.rawValue])
    }

    static func scopeOf(_ projectNo: String, _ db: Database) throws -> NodeID {
        guard let scope = try Int64.fetchOne(db.cachedStatement(sql: "SELECT scope FROM case_accept WHERE project_no = ?"), arguments: [projectNo]) else {
            throw DomainError("no case (办件) \(projectNo) in this replica")
        }
        return NodeID(rawValue: scope)
    }
}

/// A domain operation that cannot be done.
public struct DomainError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
