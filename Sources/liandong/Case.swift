import ArgumentParser
import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore

/// `liandong case`: the case desk (办件) for hall staff, one subcommand per step, with the same
/// rules and promise-date arithmetic as `CaseDesk`, and the hall's lists (待办, 即将超期, 已超期,
/// 新结果). Every step is written in this node's name; the guards refuse a step this tier may not
/// take, naming the rule.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract:
            "The case desk (办件): register, notify (一次性告知), receive, accept, refuse, process, pause, resume, conclude, deliver, withdraw, evaluate, rectify, revisit; list to-dos.",
        subcommands: [
            Register.self, Notify.self, Receive.self, Accept.self, Refuse.self, Process.self, Pause.self, Resume.self, Conclude.self, Deliver.self,
            Withdraw.self, Evaluate.self, Rectify.self, Revisit.self, List.self,
        ])

    /// What every step takes: the replica, the case number and the day (default: today).
    struct Step: ParsableArguments {
        @OptionGroup var replica: ReplicaOptions
        @Option(name: .customLong("no"), help: "The case number (办件编号).") var projectNo: String
        @Option(help: "The day of the step (yyyy-MM-dd). Default: today.") var date: String?

        func day() throws -> String {
            guard let date else { return Day(number: Int(wallClockDays())).description }
            do { return try Day(date).description } catch { throw CommandFailure("error: --date: \(error)") }
        }

        /// Runs `body` in one transaction at this node and reports the case's status after it.
        func perform(_ what: String, _ body: @escaping @Sendable (NodeID, String, Database) throws -> Void) throws {
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            let date = try day()
            let (node, projectNo) = (opened.node, self.projectNo)
            let status: String?
            do {
                status = try opened.write { db -> String? in
                    try body(node, date, db)
                    return try String.fetchOne(db, sql: "SELECT status FROM case_accept WHERE project_no = ?", arguments: [projectNo])
                }
            } catch {
                throw CommandFailure("error: \(what) \(projectNo) refused at node \(node): \(error)", status: .refused)
            }
            say("\(what) \(projectNo) on \(date) at node \(node): status 状态 \(status ?? "-")")
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "申请/代办登记: register a case at this hall.")
        @OptionGroup var step: Step
        @Option(help: "The implementation item (实施清单 task_handle_item).") var item: String
        @Option(help: "The item's name (事项名称). Default: from the implementation list.") var taskName: String?
        @Option(help: "Channel: window 窗口, online 网办, proxy 代办, self 自助, mail 邮寄.") var channel: String = "proxy"
        @Option(help: "The applicant's name (申请人).") var applicant: String
        @Option(help: "The applicant's ID number (身份证号).") var idNumber: String
        @Option(help: "The applicant's phone (联系电话).") var phone: String
        @Option(help: "The applicant's address (地址).") var address: String = ""
        @Flag(help: "An instant case (即办件), decided on the spot.") var instant = false

        func run() throws {
            try step.perform("registered 已登记") { node, date, db in
                let name = try taskName ?? String.fetchOne(db, sql: "SELECT task_name FROM item_impl WHERE task_handle_item = ?", arguments: [item])
                guard let name else { throw DomainError("no implementation item \(item) (实施清单) at this node; give --task-name") }
                try CaseDesk.register(
                    CaseApplication(
                        projectNo: step.projectNo, taskHandleItem: item, taskName: name, instant: instant, channel: channel, applicantName: applicant,
                        idNumber: idNumber, phone: phone, address: address, applyDate: date),
                    at: node, db)
            }
        }
    }

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "接件: the window receives the case.")
        @OptionGroup var step: Step
        func run() throws { try step.perform("received 已接件") { try CaseDesk.receive(step.projectNo, by: $0, on: $1, $2) } }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "受理: accept; the promise date is counted in working days (default: the item's 承诺时限).")
        @OptionGroup var step: Step
        @Option(help: "Promised working days (承诺时限). Default: the implementation item's.") var days: Int?

        func run() throws {
            try step.perform("accepted 已受理") { node, date, db in
                let item = try Int.fetchOne(
                    db, sql: "SELECT i.promise_day FROM case_accept c JOIN item_impl i ON i.task_handle_item = c.task_handle_item WHERE c.project_no = ?",
                    arguments: [step.projectNo])
                guard let promise = days ?? item else { throw DomainError("the case's implementation item is not here; give --days (承诺时限)") }
                try CaseDesk.accept(step.projectNo, by: node, on: date, promiseDays: promise, calendar: try WorkCalendar.load(db), db)
            }
        }
    }

    struct Refuse: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "不予受理: refuse, with the reason (required).")
        @OptionGroup var step: Step
        @Option(help: "The reason (不予受理理由).") var reason: String
        func run() throws { try step.perform("refused 不予受理") { try CaseDesk.refuse(step.projectNo, by: $0, on: $1, reason: reason, $2) } }
    }

    struct Process: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "承办: a department takes the case on.")
        @OptionGroup var step: Step
        @Option(help: "The handling department (承办部门).") var org: String
        func run() throws { try step.perform("in process 承办") { try CaseDesk.process(step.projectNo, by: $0, on: $1, org: org, $2) } }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "补正/特别程序: stop the promise clock until `resume`.")
        @OptionGroup var step: Step
        @Option(help: "补正 (missing materials) or a special procedure's name (特别程序).") var kind: String = "补正"
        @Option(help: "What is missing, or why (原因).") var reason: String?
        func run() throws { try step.perform("paused 已暂停计时") { try CaseDesk.pause(step.projectNo, by: $0, on: $1, kind: kind, reason: reason, $2) } }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The materials are back (补正结束): the promise clock runs again; the due date moves by the working days paused.")
        @OptionGroup var step: Step
        func run() throws {
            try step.perform("resumed 恢复计时") { node, date, db in
                let paused = try CaseDesk.resume(step.projectNo, by: node, on: date, calendar: try WorkCalendar.load(db), db)
                say("paused 暂停 \(paused) working day(s) 工作日")
            }
        }
    }

    struct Conclude: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "办结: decide the case (准予 or 不予).")
        @OptionGroup var step: Step
        @Flag(help: "Deny (不予); default: approve (准予).") var deny = false
        func run() throws { try step.perform("concluded 已办结") { try CaseDesk.conclude(step.projectNo, by: $0, on: $1, approved: !deny, $2) } }
    }

    struct Deliver: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "送达: the result is handed to the applicant.")
        @OptionGroup var step: Step
        func run() throws { try step.perform("delivered 已送达") { try CaseDesk.deliver(step.projectNo, by: $0, on: $1, $2) } }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "撤回: the applicant withdraws (at the registering hall, before a decision).")
        @OptionGroup var step: Step
        func run() throws { try step.perform("withdrawn 已撤回") { try CaseDesk.withdraw(step.projectNo, by: $0, on: $1, $2) } }
    }

    struct Notify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "一次性告知: before acceptance, tell the applicant everything that is missing, in one go (the promise clock has not started).")
        @OptionGroup var step: Step
        @Option(help: "Everything that is missing or must be corrected (需补齐的材料).") var missing: String
        func run() throws {
            try step.perform("notified 已一次性告知") { try CaseDesk.notifyOnce(step.projectNo, by: $0, on: $1, missing: missing, $2) }
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "好差评: record the applicant's rating (1 非常不满意 … 5 非常满意), its channel and the window, staff and department rated.")
        @OptionGroup var step: Step
        @Option(help: "The rating, 1–5.") var level: Int
        @Option(help: "The applicant's words (评价内容).") var words: String?
        @Option(help: "Channel 评价渠道: \(EvaluationChannel.allCases.map { "\($0.name) \($0.chineseName)" }.joined(separator: ", ")).")
        var channel: String = EvaluationChannel.hallTablet.name
        @Option(help: "The window rated (窗口号).") var window: String?
        @Option(help: "The staff member's number (工号).") var staff: String?
        @Option(help: "The department's credit code (部门). Default: the item's department.") var org: String?
        func run() throws {
            guard (1...5).contains(level) else { throw CommandFailure("error: --level is 1 (非常不满意) to 5 (非常满意), not \(level)") }
            guard let rated = EvaluationChannel(name: channel) else {
                throw CommandFailure("error: --channel is one of \(EvaluationChannel.allCases.map(\.name).joined(separator: ", ")), not \(channel)")
            }
            try step.perform("evaluated 已评价") { node, date, db in
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM evaluation WHERE project_no = ?", arguments: [step.projectNo]) ?? 0
                let id = "\(step.projectNo)/eval/\(node)/\(count + 1)"
                try CaseDesk.evaluate(
                    step.projectNo, evalID: id, level: level, by: node, on: date, rater: nil, words: words, channel: rated, window: window, staff: staff, org: org, db)
                say("evaluation 评价编号 \(id)")
            }
        }
    }

    struct Rectify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "差评整改: at the node that handled the case (谁办理谁负责) open, start, finish or appeal a bad review's rectification; at the district uphold or reject an appeal (申诉).")
        @OptionGroup var replica: ReplicaOptions
        @Option(name: .customLong("eval"), help: "The evaluation (评价编号).") var evalID: String
        @Option(help: "The day of the step (yyyy-MM-dd). Default: today.") var date: String?
        @Flag(help: "Open it (待整改), deadline 15 working days from the review.") var open = false
        @Flag(help: "Start on it (整改中).") var start = false
        @Option(help: "Finish it (整改完成), saying what was done (整改内容).") var finish: String?
        @Option(help: "Appeal it as an invalid review (申诉无效差评), saying why.") var appeal: String?
        @Flag(help: "District: uphold the appeal (无效差评).") var uphold = false
        @Flag(help: "District: reject the appeal (申诉无效: rectify it).") var reject = false
        @Option(help: "Why the appeal was decided so (审核意见).") var reason: String?

        func run() throws {
            let steps = [open, start, finish != nil, appeal != nil, uphold, reject].filter { $0 }.count
            guard steps == 1 else { throw CommandFailure("error: give exactly one of --open, --start, --finish, --appeal, --uphold, --reject") }
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            let day: String
            do { day = try date.map { try Day($0).description } ?? Day(number: Int(wallClockDays())).description } catch { throw CommandFailure("error: --date: \(error)") }
            let (node, evalID, open, start, finish, appeal, uphold, reason) = (opened.node, evalID, open, start, finish, appeal, uphold, reason)
            let state: String?
            do {
                state = try opened.write { db -> String? in
                    if open {
                        try CaseDesk.openRectification(evalID: evalID, by: node, calendar: try WorkCalendar.load(db), db)
                    } else {
                        let step: CaseDesk.RectificationStep =
                            if start { .start } else if let finish { .finish(content: finish) } else if let appeal { .appeal(reason: appeal) } else {
                                .decideAppeal(upheld: uphold, reason: reason)
                            }
                        try CaseDesk.rectify(evalID: evalID, step, by: node, on: day, db)
                    }
                    return try String.fetchOne(db, sql: "SELECT state || ' ' || deadline FROM rectification WHERE eval_id = ?", arguments: [evalID])
                }
            } catch {
                throw CommandFailure("error: rectification 差评整改 of \(evalID) refused at node \(node): \(error)", status: .refused)
            }
            let parts = (state ?? "- -").split(separator: " ").map(String.init)
            let name = RectificationState(rawValue: parts[0])?.chineseName ?? "-"
            say("rectification 差评整改 \(evalID) on \(day) at node \(node): state 状态 \(parts[0]) \(name), deadline 期限 \(parts.count > 1 ? parts[1] : "-")")
        }
    }

    struct Revisit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "回访: record the revisit after a finished rectification, and the applicant's satisfaction after it.")
        @OptionGroup var replica: ReplicaOptions
        @Option(name: .customLong("eval"), help: "The evaluation (评价编号).") var evalID: String
        @Option(help: "The day (yyyy-MM-dd). Default: today.") var date: String?
        @Option(help: "What the applicant said (回访内容).") var content: String
        @Option(help: "Satisfaction after it, 1–5 (回访满意度).") var satisfied: Int?

        func run() throws {
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            let day: String
            do { day = try date.map { try Day($0).description } ?? Day(number: Int(wallClockDays())).description } catch { throw CommandFailure("error: --date: \(error)") }
            let (node, evalID, content, satisfied) = (opened.node, evalID, content, satisfied)
            do {
                try opened.write { db in try CaseDesk.revisit(evalID: evalID, by: node, on: day, content: content, satisfied: satisfied, db) }
            } catch {
                throw CommandFailure("error: revisit 回访 of \(evalID) refused at node \(node): \(error)", status: .refused)
            }
            say("revisited 已回访 \(evalID) on \(day) at node \(node)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "This hall's lists: 待办 (to do at this tier), 即将超期 (due soon), 已超期 (overdue), 新结果 (decisions that arrived since the last look).")

        enum Which: String, ExpressibleByArgument, CaseIterable {
            case todo, dueSoon = "due-soon", overdue, new
        }

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json
        }

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: "todo 待办, due-soon 即将超期, overdue 已超期, or new 新结果.") var which: Which = .todo
        @Option(help: "Today (yyyy-MM-dd). Default: the system date.") var today: String?
        @Option(help: "Due soon: at most this many working days left.") var within: Int = 2
        @Option(help: "Output: table or json.") var format: Format = .table
        @Flag(help: "With new: list without marking the decisions as seen.") var peek = false

        static let openStatuses = ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW"]
        static let seenSetting = "case.new.seen"

        struct Item: Encodable {
            var projectNo: String
            var taskName: String
            var status: String
            var scope: String
            var acceptDate: String?
            var due: String?
            var workingDaysLeft: Int?
        }

        func run() throws {
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            let node = opened.node
            let todayDay: Day
            do { todayDay = try today.map(Day.init) ?? Day(number: Int(wallClockDays())) } catch { throw CommandFailure("error: --today: \(error)") }
            let seen = Int64(try failing { try opened.setting(Self.seenSetting) } ?? "0") ?? 0
            let (items, newest) = try failing {
                try opened.read { db -> ([Item], Int64) in
                    let calendar = try WorkCalendar.load(db)
                    var items: [Item] = []
                    var newest = seen
                    let rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT c.project_no, c.task_name, c.status, c.scope, c.accept_date, c.promise_date, coalesce(c.paused_workdays, 0), c._ld_seq,
                                (SELECT min(start_date) FROM case_special s WHERE s.project_no = c.project_no AND s.end_date IS NULL)
                            FROM case_accept c ORDER BY c.project_no
                            """)
                    for row in rows {
                        let status: String = row[2]
                        let scope = NodeID(rawValue: row[3])
                        guard node.isAncestorOrSelf(of: scope) else { continue }
                        var due: Day?
                        if let promise = (row[5] as String?).flatMap({ try? Day($0) }) {
                            var paused: Int = row[6]
                            // An open pause stops the clock until today.
                            if let start = (row[8] as String?).flatMap({ try? Day($0) }) { paused += calendar.workingDays(from: start, to: todayDay.advanced(by: 1)) }
                            due = calendar.adding(workingDays: paused, to: promise)
                        }
                        // Counted as electronic supervision counts them (Supervision.workingDays).
                        let left = due.map {
                            todayDay <= $0
                                ? Supervision.workingDays(after: todayDay, through: $0, calendar: calendar)
                                : -Supervision.workingDays(after: $0, through: todayDay, calendar: calendar)
                        }
                        let open = Self.openStatuses.contains(status)
                        let wanted: Bool
                        switch which {
                        case .todo:
                            wanted =
                                switch node.tier {
                                case .village: status == "CONCLUDED" && scope == node
                                case .town: ["SUBMITTED", "RECEIVED"].contains(status)
                                case .district: ["ACCEPTED", "IN_PROCESS", "REVIEW"].contains(status)
                                case .city: false
                                }
                        case .dueSoon: wanted = open && left.map { $0 >= 0 && $0 <= within } == true
                        case .overdue: wanted = open && left.map { $0 < 0 } == true
                        case .new:
                            let stamp: Int64 = row[7]
                            wanted = scope == node && ["CONCLUDED", "NOT_ACCEPTED", "TERMINATED"].contains(status) && stamp > seen
                            if wanted { newest = max(newest, stamp) }
                        }
                        guard wanted else { continue }
                        items.append(
                            Item(projectNo: row[0], taskName: row[1], status: status, scope: scope.description, acceptDate: row[4], due: due?.description, workingDaysLeft: left))
                    }
                    return (items, newest)
                }
            }
            if which == .new, !peek, newest > seen { try failing { try opened.setSetting(Self.seenSetting, String(newest)) } }
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                say(String(decoding: try encoder.encode(items), as: UTF8.self))
                return
            }
            let title =
                switch which {
                case .todo: "to do 待办"
                case .dueSoon: "due within \(within) working days 即将超期"
                case .overdue: "overdue 已超期"
                case .new: "new decisions 新结果"
                }
            say("\(title) at node \(node) on \(todayDay): \(items.count) case(s) 件")
            guard !items.isEmpty else { return }
            say(
                TextTable.render(
                    ["case 办件编号", "item 事项", "status 状态", "hall 登记站点", "accepted 受理日期", "due 办结期限", "left 剩余工作日"],
                    items.map { [$0.projectNo, $0.taskName, $0.status, $0.scope, $0.acceptDate ?? "-", $0.due ?? "-", $0.workingDaysLeft.map(String.init) ?? "-"] }))
        }
    }
}
