import Foundation
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

/// 评价渠道: where an evaluation (好差评) was given, by its national code (`evaluation.channel`).
public enum EvaluationChannel: Int, CaseIterable, Sendable, Codable {
    case web = 1  // PC 网页 (online, 网办)
    case mobile = 2  // 移动端 (app, 小程序)
    case qrCode = 3  // 二维码
    case hallTablet = 4  // 大厅平板
    case window = 5  // 窗口评价器 (大厅其他终端)
    case sms = 6  // 短信
    case hotline = 7  // 12345 热线
    case paper = 8  // 纸质

    /// The name `liandong case evaluate --channel` takes.
    public var name: String {
        switch self {
        case .web: "web"
        case .mobile: "mobile"
        case .qrCode: "qr"
        case .hallTablet: "tablet"
        case .window: "window"
        case .sms: "sms"
        case .hotline: "12345"
        case .paper: "paper"
        }
    }

    /// The Chinese name shown to operators.
    public var chineseName: String {
        switch self {
        case .web: "网页"
        case .mobile: "移动端"
        case .qrCode: "二维码"
        case .hallTablet: "大厅平板"
        case .window: "窗口评价器"
        case .sms: "短信"
        case .hotline: "12345热线"
        case .paper: "纸质"
        }
    }

    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
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

    /// 一次性告知: before accepting, the window tells the applicant in one go everything that is
    /// missing (`missing`: the materials or corrections), so the applicant comes back once. The
    /// promise clock has not started yet (it starts at acceptance), so nothing pauses: the notice
    /// is a case event, and the case stays SUBMITTED or RECEIVED until it is accepted.
    public static func notifyOnce(_ projectNo: String, by node: NodeID, on date: String, missing: String, _ db: Database) throws {
        let scope = try scopeOf(projectNo, db)
        _ = try Day(date)
        let status = try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM case_accept WHERE project_no = ?"), arguments: [projectNo])
        guard status == CaseStatus.submitted.rawValue || status == CaseStatus.received.rawValue else {
            throw DomainError("case (办件) \(projectNo) is \(status ?? "?"): 一次性告知 (notice of everything missing) comes before acceptance (受理); after it, pause the case for 补正 (liandong case pause)")
        }
        guard !missing.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError("一次性告知 (notice of everything missing) for case (办件) \(projectNo) must list what is missing (--missing)")
        }
        try event(projectNo, "一次性告知", by: node, at: date, scope: scope, explain: missing, db)
    }

    /// 好差评: an evaluation (1 非常不满意 … 5 非常满意) of a case, rated where the case is, through
    /// `channel`, of the window, staff member (工号) and department that served (`org`: the
    /// department's credit code; default: the item's department). The node that handled the case
    /// (it concluded it, else accepted it, else the hall) is recorded as `handle_node`: a bad
    /// review goes there (谁办理谁负责).
    public static func evaluate(
        _ projectNo: String, evalID: String, level: Int, by node: NodeID, on date: String, rater: (name: String, phone: String, id: String)?,
        words: String? = nil, channel: EvaluationChannel = .hallTablet, window: String? = nil, staff: String? = nil, org: String? = nil,
        _ db: Database
    ) throws {
        guard (1...5).contains(level) else { throw DomainError("an evaluation (好差评) level is 1 (非常不满意) to 5 (非常满意), not \(level)") }
        let scope = try scopeOf(projectNo, db)
        let handler = try handlingNode(projectNo, db) ?? scope
        try db.cachedStatement(sql: """
                INSERT INTO evaluation (eval_id, project_no, node_id, eval_stage, level, channel, words, rater_name, rater_phone,
                    rater_cert_code, eval_time, scope, org_code, window_no, work_no, handle_node)
                VALUES (?, ?, ?, '办结', ?, ?, ?, ?, ?, ?, ?, ?,
                    coalesce(?, (SELECT i.dept_code FROM case_accept c JOIN item_impl i ON i.task_handle_item = c.task_handle_item WHERE c.project_no = ?)),
                    ?, ?, ?)
                """).execute(arguments: [
                evalID, projectNo, node.rawValue, level, channel.rawValue, words, rater?.name, rater?.phone, rater?.id, date, scope.rawValue,
                org, projectNo, window, staff, handler.rawValue,
            ])
    }

    /// The node that handled a case: the one that concluded it, else the one that accepted it.
    static func handlingNode(_ projectNo: String, _ db: Database) throws -> NodeID? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT coalesce(conclude_node, accept_node) FROM case_accept WHERE project_no = ?"), arguments: [projectNo]
        ).map(NodeID.init(rawValue:))
    }

    /// 差评整改: opens the rectification of a bad review (level ≤ 2) at the node that handled the
    /// case (谁办理谁负责), state 待整改, deadline 15 working days from the review.
    public static func openRectification(evalID: String, by node: NodeID, calendar: WorkCalendar, _ db: Database) throws {
        guard let review = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT level, eval_time, scope, handle_node, project_no FROM evaluation WHERE eval_id = ?"), arguments: [evalID])
        else { throw DomainError("no evaluation (好差评) \(evalID) in this replica") }
        guard (review[0] as Int) <= 2 else { throw DomainError("evaluation (好差评) \(evalID) is level \(review[0] as Int): only a bad review (差评, level 1–2) is rectified") }
        let caseHandler = try (review[4] as String?).flatMap { try handlingNode($0, db) }
        let responsible = (review[3] as Int64?).map(NodeID.init(rawValue:)) ?? caseHandler ?? NodeID(rawValue: review[2])
        guard responsible == node else {
            throw DomainError("evaluation (好差评) \(evalID) rates the service of \(responsible): its rectification (差评整改) is that node's (谁办理谁负责), not \(node)'s")
        }
        guard try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM rectification WHERE eval_id = ?"), arguments: [evalID]) == 0 else {
            throw DomainError("the rectification (差评整改) of \(evalID) is open already")
        }
        let deadline = try calendar.adding(workingDays: Supervision.rectificationWorkdays, to: Day(review[1] as String))
        try db.cachedStatement(sql: """
                INSERT INTO rectification (eval_id, status, valid_flag, deadline, scope, state, responsible_node) VALUES (?, ?, 1, ?, ?, ?, ?)
                """).execute(arguments: [evalID, RectificationState.pending.code, deadline.description, review[2] as Int64, RectificationState.pending.rawValue, node.rawValue])
    }

    /// A step of a rectification (差评整改).
    public enum RectificationStep: Sendable, Hashable {
        /// 整改中: the responsible node starts on it.
        case start
        /// 整改完成: done, saying what was done.
        case finish(content: String)
        /// 申诉: the responsible node holds the review invalid (无效差评: malicious, not about the
        /// service) and asks its district to decide, saying why.
        case appeal(reason: String)
        /// The district decides an appeal: upheld (无效差评, the review does not count) or rejected
        /// (申诉无效: the responsible node must rectify).
        case decideAppeal(upheld: Bool, reason: String?)
    }

    /// Moves a rectification by `step` on `date`; the state machine's guards refuse a step the
    /// node may not take from the current state (a finished one is final).
    public static func rectify(evalID: String, _ step: RectificationStep, by node: NodeID, on date: String, _ db: Database) throws {
        _ = try Day(date)
        guard let current = try String.fetchOne(db.cachedStatement(sql: "SELECT coalesce(state, '') FROM rectification WHERE eval_id = ?"), arguments: [evalID]) else {
            throw DomainError("no rectification (差评整改) of \(evalID) in this replica; open it first (liandong case rectify --open)")
        }
        let set: (RectificationState, String, StatementArguments)
        switch step {
        case .start:
            set = (.inProgress, "", [])
        case .finish(let content):
            set = (.done, ", reform_content = ?, closed_at = ?", [content, date])
        case .appeal(let reason):
            set = (.appealed, ", reform_content = ?", [reason])
        case .decideAppeal(let upheld, let reason):
            guard current == RectificationState.appealed.rawValue else {
                throw DomainError("the rectification (差评整改) of \(evalID) is \(current.isEmpty ? "unset" : current): only an appeal (申诉中) is decided")
            }
            set = upheld
                ? (.invalid, ", valid_flag = 2, closed_at = ?, reform_content = coalesce(?, reform_content)", [date, reason])
                : (.inProgress, ", reform_content = coalesce(?, reform_content)", [reason])
        }
        try db.execute(
            sql: "UPDATE rectification SET state = ?, status = ?\(set.1) WHERE eval_id = ?",
            arguments: [set.0.rawValue, set.0.code] + set.2 + [evalID])
    }

    /// 回访: the revisit after a rectification is finished, with what the applicant said and the
    /// applicant's satisfaction after it (1–5).
    public static func revisit(evalID: String, by node: NodeID, on date: String, content: String, satisfied: Int?, _ db: Database) throws {
        _ = try Day(date)
        if let satisfied, !(1...5).contains(satisfied) { throw DomainError("satisfaction after a revisit (回访满意度) is 1 to 5, not \(satisfied)") }
        guard let state = try String.fetchOne(db.cachedStatement(sql: "SELECT coalesce(state, '') FROM rectification WHERE eval_id = ?"), arguments: [evalID]) else {
            throw DomainError("no rectification (差评整改) of \(evalID) in this replica")
        }
        guard state == RectificationState.done.rawValue else {
            throw DomainError("the rectification (差评整改) of \(evalID) is \(state.isEmpty ? "unset" : state): the revisit (回访) follows a finished rectification (整改完成)")
        }
        try db.execute(
            sql: "UPDATE rectification SET revisit_date = ?, revisit_content = ?, satisfied_after = ? WHERE eval_id = ?",
            arguments: [date, content, satisfied, evalID])
    }

    /// 差评整改 by its national code (`status`: 0 待整改, 20 整改中, 21 整改完成), for generators
    /// and fixtures: opens the row at `scope` if absent, then takes the state machine's steps to
    /// the code's state. `closedAt` is the day a finished one closed.
    public static func rectify(
        evalID: String, scope: NodeID, status: Int, deadline: String, closedAt: String?, content: String?, _ db: Database
    ) throws {
        guard let target = RectificationState.allCases.first(where: { $0.code == status }), [.pending, .inProgress, .done].contains(target) else {
            throw DomainError("rectification (差评整改) code \(status) is not 0 待整改, 20 整改中 or 21 整改完成")
        }
        let handler = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT handle_node FROM evaluation WHERE eval_id = ?"), arguments: [evalID])
        try db.cachedStatement(sql: """
                INSERT INTO rectification (eval_id, status, valid_flag, deadline, scope, state, responsible_node) VALUES (?, 0, 1, ?, ?, 'PENDING', ?)
                ON CONFLICT (eval_id) DO NOTHING
                """).execute(arguments: [evalID, deadline, scope.rawValue, handler])
        let current = try String.fetchOne(db.cachedStatement(sql: "SELECT coalesce(state, 'PENDING') FROM rectification WHERE eval_id = ?"), arguments: [evalID])
        guard current != target.rawValue else {
            if content != nil { try db.execute(sql: "UPDATE rectification SET reform_content = ? WHERE eval_id = ?", arguments: [content, evalID]) }
            return
        }
        try db.execute(
            sql: "UPDATE rectification SET state = ?, status = ?, reform_content = coalesce(?, reform_content), closed_at = ? WHERE eval_id = ?",
            arguments: [target.rawValue, target.code, content, target == .done ? closedAt : nil, evalID])
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
