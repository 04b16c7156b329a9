import GRDB
import LiandongCore

/// 电子监察 (electronic supervision): the yellow and red alerts a supervising node raises on its
/// own replica, for the rows of its subtree (a district) or of the whole city (the city), and
/// closes once what they watch is settled (`docs/domain-schema.md`, Electronic supervision).
///
/// Three things are watched, each against a deadline counted in working days on the replica's
/// `holiday` calendar (`WorkCalendar`), never in calendar days:
/// - an open case (`case-due`): due(c) = promise date + paused working days;
/// - the rectification of a valid bad review (`rectification-due`): the rectification's
///   deadline, or 15 working days from the review when none is recorded;
/// - a disclosure record not yet published (`disclosure-due`): its `due_date`, or 20 working days
///   from the day it was formed.
///
/// Yellow (黄牌预警) when at most max(1, ⌈20% of the allowed working days⌉) working days are left
/// before the deadline (on the deadline itself: none left), red (红牌) once it is past. An alert's
/// id is its rule, subject and colour (`alertID`), so running twice raises nothing new and two
/// supervisors (the district and the city) raise the same row; a red alert for a subject with a
/// yellow one escalates it and closes the yellow one.
public enum Supervision {
    /// What an alert watches.
    public enum Rule: String, CaseIterable, Sendable, Codable {
        /// 办件超期: an open case's due date.
        case caseDue = "case-due"
        /// 差评整改: a valid bad review's rectification deadline.
        case rectificationDue = "rectification-due"
        /// 政务公开: a disclosure record's publication deadline.
        case disclosureDue = "disclosure-due"
    }

    /// An alert's level.
    public enum Color: String, CaseIterable, Sendable, Codable {
        /// 黄牌预警: the deadline is near.
        case yellow
        /// 红牌: the deadline has passed.
        case red
    }

    /// What one run changed.
    public struct Outcome: Sendable, Hashable, Codable {
        /// New yellow alerts, and red alerts for subjects that had no yellow one.
        public var raised = 0
        /// Red alerts for subjects that had a yellow one (closed by the red one).
        public var escalated = 0
        /// Open alerts closed because their subject is settled (case no longer open, review
        /// rectified, record published or withdrawn).
        public var closed = 0

        /// An outcome with these counts (all zero: a run that changed nothing).
        public init(raised: Int = 0, escalated: Int = 0, closed: Int = 0) {
            self.raised = raised
            self.escalated = escalated
            self.closed = closed
        }
    }

    /// Working days a bad review's rectification may take (差评整改期限).
    public static let rectificationWorkdays = 15
    /// Working days within which a disclosure record is published after it is formed.
    public static let disclosureWorkdays = 20

    /// The alert's key: `rule/subject/colour`, the same at every supervisor.
    public static func alertID(_ rule: Rule, subject: String, color: Color) -> String {
        "\(rule.rawValue)/\(subject)/\(color.rawValue)"
    }

    /// The yellow window: max(1, ⌈20% of `allowedWorkdays`⌉) working days.
    public static func yellowWindow(allowedWorkdays: Int) -> Int {
        max(1, (max(0, allowedWorkdays) * 20 + 99) / 100)
    }

    /// The working days after `from` up to and including `to` (0 when `to` is not after `from`).
    public static func workingDays(after from: Day, through to: Day, calendar: WorkCalendar) -> Int {
        calendar.workingDays(from: from.advanced(by: 1), to: to.advanced(by: 1))
    }

    /// The colour an open subject deserves `today` for `due`, allowed `allowedWorkdays`; nil
    /// when its deadline is not near yet.
    public static func color(today: Day, due: Day, allowedWorkdays: Int, calendar: WorkCalendar) -> Color? {
        if today > due { return .red }
        return workingDays(after: today, through: due, calendar: calendar) <= yellowWindow(allowedWorkdays: allowedWorkdays) ? .yellow : nil
    }

    /// Something open with a deadline, in the supervisor's subtree.
    struct Watched {
        var rule: Rule
        var subject: String
        var projectNo: String?
        var scope: Int64
        var responsible: Int64
        var due: Day
        var allowed: Int
    }

    /// Raises, escalates and closes the alerts of `supervisor`'s subtree on `today`, in the
    /// caller's write transaction (on the supervisor's own replica, whose guards check that
    /// it may: a district or the city, on the rows' path). Each alert is scoped to the row's
    /// scope (a case's registering hall, a disclosure record's publisher) and addressed
    /// (`responsible_node`) to the node handling the case (the node of its latest acceptance,
    /// handling or review event, else its accepting node), for a rectification to the node
    /// that concluded the case, for a disclosure record to its publisher.
    @discardableResult
    public static func raiseAlerts(db: Database, supervisor: NodeID, today: Day, calendar: WorkCalendar) throws -> Outcome {
        guard supervisor.tier == .city || supervisor.tier == .district else {
            throw DomainError("node \(supervisor) (\(supervisor.tier.name) \(supervisor.tier.chineseName)) does not supervise: electronic supervision (电子监察) is run by a district or the city")
        }
        let range = supervisor.subtreeRange
        let watched = try cases(db, range, calendar) + rectifications(db, range, calendar) + disclosures(db, range, calendar)
        var existing: [String: String?] = [:]  // alert_id → closed_at
        for row in try Row.fetchAll(db, sql: "SELECT alert_id, closed_at FROM supervision_alert WHERE scope BETWEEN ? AND ?", arguments: [range.lowerBound, range.upperBound]) {
            existing[row[0]] = row[1] as String?
        }
        let stamp = today.description
        var outcome = Outcome()
        let insert = try db.cachedStatement(sql: """
            INSERT INTO supervision_alert (alert_id, project_no, rule, color, raised_at, scope, subject, responsible_node, raised_by, due_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING
            """)
        let close = try db.cachedStatement(sql: "UPDATE supervision_alert SET closed_at = ? WHERE alert_id = ? AND closed_at IS NULL")
        var open = Set<String>()  // rule/subject of what is still open
        for item in watched {
            open.insert("\(item.rule.rawValue)/\(item.subject)")
            guard let color = Self.color(today: today, due: item.due, allowedWorkdays: item.allowed, calendar: calendar) else { continue }
            let id = alertID(item.rule, subject: item.subject, color: color)
            let yellow = alertID(item.rule, subject: item.subject, color: .yellow)
            guard existing[id] == nil, color == .red || existing[alertID(item.rule, subject: item.subject, color: .red)] == nil else { continue }
            try insert.execute(arguments: [
                id, item.projectNo, item.rule.rawValue, color.rawValue, stamp, item.scope, item.subject, item.responsible, supervisor.rawValue,
                item.due.description,
            ])
            existing[id] = .some(nil)
            if color == .red, let earlier = existing[yellow] {
                outcome.escalated += 1
                if earlier == nil {
                    try close.execute(arguments: [stamp, yellow])
                    existing[yellow] = .some(stamp)
                }
            } else {
                outcome.raised += 1
            }
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT alert_id, rule, subject FROM supervision_alert WHERE scope BETWEEN ? AND ? AND closed_at IS NULL AND subject IS NOT NULL",
            arguments: [range.lowerBound, range.upperBound])
        where !open.contains("\(row[1] as String)/\(row[2] as String)") {
            try close.execute(arguments: [stamp, row[0] as String])
            outcome.closed += 1
        }
        return outcome
    }

    /// Open cases (accepted, not yet concluded, refused, withdrawn or terminated) with a promise date.
    static func cases(_ db: Database, _ range: ClosedRange<Int64>, _ calendar: WorkCalendar) throws -> [Watched] {
        let open = [CaseStatus.accepted, .inProcess, .review].map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.project_no, c.scope, c.accept_date, c.promise_date, coalesce(c.paused_workdays, 0),
                    coalesce((SELECT e.node_id FROM case_event e WHERE e.project_no = c.project_no AND e.event_name IN ('受理', '承办', '审核')
                        ORDER BY e.event_time DESC, e.rowid DESC LIMIT 1), c.accept_node, c.scope)
                FROM case_accept c
                WHERE c.scope BETWEEN ? AND ? AND c.status IN (\(open)) AND c.accept_date IS NOT NULL AND c.promise_date IS NOT NULL
                """,
            arguments: [range.lowerBound, range.upperBound])
        return try rows.map { row in
            let accept = try Day(row[2] as String)
            let promise = try Day(row[3] as String)
            let projectNo: String = row[0]
            return Watched(
                rule: .caseDue, subject: projectNo, projectNo: projectNo, scope: row[1], responsible: row[5],
                due: calendar.adding(workingDays: row[4], to: promise), allowed: workingDays(after: accept, through: promise, calendar: calendar))
        }
    }

    /// Valid bad reviews (level ≤ 2) whose rectification is not finished (整改完成 21, 无效差评 11,
    /// 无法整改 221 are settled).
    static func rectifications(_ db: Database, _ range: ClosedRange<Int64>, _ calendar: WorkCalendar) throws -> [Watched] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT e.eval_id, e.project_no, e.scope, e.eval_time, r.deadline, coalesce(c.conclude_node, c.accept_node, e.scope)
                FROM evaluation e LEFT JOIN rectification r ON r.eval_id = e.eval_id LEFT JOIN case_accept c ON c.project_no = e.project_no
                WHERE e.scope BETWEEN ? AND ? AND e.level <= 2 AND coalesce(r.valid_flag, 1) <> 2 AND coalesce(r.status, 0) NOT IN (11, 21, 221)
                """,
            arguments: [range.lowerBound, range.upperBound])
        return try rows.map { row in
            let reviewed = try Day(row[3] as String)
            let due = try (row[4] as String?).map(Day.init) ?? calendar.adding(workingDays: rectificationWorkdays, to: reviewed)
            return Watched(
                rule: .rectificationDue, subject: row[0], projectNo: row[1], scope: row[2], responsible: row[5], due: due,
                allowed: workingDays(after: reviewed, through: due, calendar: calendar))
        }
    }

    /// Disclosure records neither published nor withdrawn.
    static func disclosures(_ db: Database, _ range: ClosedRange<Int64>, _ calendar: WorkCalendar) throws -> [Watched] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT record_id, scope, formed_date, due_date FROM disclosure_record
                WHERE scope BETWEEN ? AND ? AND publish_date IS NULL AND coalesce(withdrawn, 0) = 0
                """,
            arguments: [range.lowerBound, range.upperBound])
        return try rows.map { row in
            let formed = try Day(row[2] as String)
            let due = try (row[3] as String?).map(Day.init) ?? calendar.adding(workingDays: disclosureWorkdays, to: formed)
            return Watched(
                rule: .disclosureDue, subject: row[0], projectNo: nil, scope: row[1], responsible: row[1], due: due,
                allowed: workingDays(after: formed, through: due, calendar: calendar))
        }
    }

    /// 答复 (说明/整改): the handling node's answer to an alert addressed to it, in the caller's
    /// write transaction. The guards refuse it from any node that is not the town or district on
    /// the alert's path.
    public static func answer(alertID: String, response: String, on day: Day, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE supervision_alert SET response = ?, answered_at = ? WHERE alert_id = ?")
            .execute(arguments: [response, day.description, alertID])
        guard db.changesCount > 0 else { throw DomainError("no supervision alert (电子监察预警) \(alertID) in this replica") }
    }
}
