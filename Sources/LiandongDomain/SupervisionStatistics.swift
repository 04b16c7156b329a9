import GRDB
import LiandongCore

/// The supervision statistics (电子监察统计) of `docs/domain-schema.md` for one period and one group of
/// halls, computed from a replica's own rows: any node computes them for its subtree.
///
/// Definitions, for the period P = [from, to] (dates inclusive) and D = cases concluded in P
/// (status 办结 or 送达 with a result date in P); due(c) = promise date + paused working days:
/// - 受理量 `accepted`: cases with an accept date in P; 不予受理 `notAccepted` counted apart.
/// - 办结量 `concluded` = |D|.
/// - 按时办结率 `onTimeRate` = |{c ∈ D : result date ≤ due(c)}| / |D|.
/// - 超期件数 `overdue` = cases of D concluded after due(c) + cases accepted by the end of P, still
///   open at its end (not concluded, not refused, not withdrawn, not terminated by then) and past due.
/// - 现场办结率 `onSiteRate` = 即办件 accepted in P and concluded the same day by the accepting
///   node / 即办件 accepted in P.
/// - 一次办结率 `oneVisitRate` = |{c ∈ D : visits ≤ 1}| / |D|; 零跑动率 `zeroVisitRate` with visits = 0.
/// - 网办率 `onlineRate` = online applications among the cases accepted in P / accepted.
/// - 代办率 `proxyRate` = proxy (代办) applications among the cases accepted in P / accepted.
/// - 好评率 `goodRate` = evaluations in P with level ≥ 4 / evaluations in P; 差评率 `badRate` with level ≤ 2.
/// - 差评整改率 `rectifiedRate` = valid bad reviews in P rectified (status 21 整改完成) by their
///   deadline (按期) / valid bad reviews in P (a bad review is valid unless its rectification marks
///   it invalid, valid_flag = 2).
/// - 预警 `alertsRaised`: supervision alerts (`Supervision`, yellow and red) raised in P;
///   已答复 `alertsAnswered`: alerts answered in P (a response, on its `answered_at` day, else
///   counted on the day raised); 未关闭 `alertsOpen`: alerts raised by the end of P and not
///   closed by then. Alerts are grouped by their scope (a case's registering hall), as cases are.
public struct SupervisionStatistics: Sendable, Hashable, Codable {
    public var group: String
    public var accepted = 0
    public var notAccepted = 0
    public var concluded = 0
    public var onTime = 0
    public var overdue = 0
    public var instantAccepted = 0
    public var instantOnSite = 0
    public var oneVisit = 0
    public var zeroVisit = 0
    public var online = 0
    public var proxy = 0
    public var evaluations = 0
    public var good = 0
    public var bad = 0
    public var validBad = 0
    public var rectified = 0
    public var alertsRaised = 0
    public var alertsAnswered = 0
    public var alertsOpen = 0

    public init(group: String) { self.group = group }

    public var onTimeRate: Double? { Self.rate(onTime, concluded) }
    public var onSiteRate: Double? { Self.rate(instantOnSite, instantAccepted) }
    public var oneVisitRate: Double? { Self.rate(oneVisit, concluded) }
    public var zeroVisitRate: Double? { Self.rate(zeroVisit, concluded) }
    public var onlineRate: Double? { Self.rate(online, accepted) }
    public var proxyRate: Double? { Self.rate(proxy, accepted) }
    public var goodRate: Double? { Self.rate(good, evaluations) }
    public var badRate: Double? { Self.rate(bad, evaluations) }
    public var rectifiedRate: Double? { Self.rate(rectified, validBad) }

    static func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// The statistics of the halls in `root`'s subtree, one entry per group plus a total
    /// (group "合计 total"). Groups are the halls' ancestors at tier `groupTier` (default: the
    /// tier below `root`, so the city sees its districts).
    public static func compute(_ db: Database, root: NodeID, from: Day, to: Day, groupTier: Tier? = nil) throws -> [SupervisionStatistics] {
        let calendar = try WorkCalendar.load(db)
        let tier = groupTier ?? Tier(rawValue: min(root.tier.rawValue + 1, Tier.village.rawValue))!
        let range = root.subtreeRange
        var groups: [String: SupervisionStatistics] = [:]
        var total = SupervisionStatistics(group: "合计 total")
        func group(_ scope: Int64) -> String {
            let node = NodeID(rawValue: scope)
            let ancestors = node.ancestorsOrSelf
            return (node.tier >= tier ? ancestors[tier.rawValue - 1] : node).description
        }
        func update(_ scope: Int64, _ body: (inout SupervisionStatistics) -> Void) {
            let key = group(scope)
            body(&groups[key, default: SupervisionStatistics(group: key)])
            body(&total)
        }
        let concludedStatuses: Set<String> = [CaseStatus.concluded.rawValue, CaseStatus.delivered.rawValue]
        let closedStatuses: Set<String> = [
            CaseStatus.concluded.rawValue, CaseStatus.delivered.rawValue, CaseStatus.notAccepted.rawValue,
            CaseStatus.withdrawn.rawValue, CaseStatus.terminated.rawValue,
        ]
        let cases = try Row.fetchCursor(
            db,
            sql: """
                SELECT scope, project_type, apply_channel, accept_date, accept_node, promise_date, coalesce(paused_workdays, 0),
                    result_date, conclude_node, coalesce(visit_count, 1), status
                FROM case_accept WHERE scope BETWEEN ? AND ?
                """,
            arguments: [range.lowerBound, range.upperBound])
        while let row = try cases.next() {
            let scope: Int64 = row[0]
            let instant = (row[1] as String?) == "1"
            let channel: String? = row[2]
            let acceptDate = try (row[3] as String?).map(Day.init)
            let acceptNode: Int64? = row[4]
            let promise = try (row[5] as String?).map(Day.init)
            let paused: Int = row[6]
            let resultDate = try (row[7] as String?).map(Day.init)
            let concludeNode: Int64? = row[8]
            let visits: Int = row[9]
            let status: String = row[10]
            let due = promise.map { calendar.adding(workingDays: paused, to: $0) }
            let acceptedInPeriod = acceptDate.map { $0 >= from && $0 <= to } ?? false
            let concludedInPeriod = concludedStatuses.contains(status) && resultDate.map { $0 >= from && $0 <= to } ?? false
            update(scope) { stats in
                if acceptedInPeriod {
                    stats.accepted += 1
                    if channel == "online" { stats.online += 1 }
                    if channel == "proxy" { stats.proxy += 1 }
                    if instant {
                        stats.instantAccepted += 1
                        if concludedStatuses.contains(status), resultDate == acceptDate, concludeNode != nil, concludeNode == acceptNode {
                            stats.instantOnSite += 1
                        }
                    }
                }
                if status == CaseStatus.notAccepted.rawValue, resultDate.map({ $0 >= from && $0 <= to }) ?? false { stats.notAccepted += 1 }
                if concludedInPeriod {
                    stats.concluded += 1
                    if let due, let resultDate, resultDate > due { stats.overdue += 1 } else { stats.onTime += 1 }
                    if visits <= 1 { stats.oneVisit += 1 }
                    if visits == 0 { stats.zeroVisit += 1 }
                }
                // Still open at the end of P and past due.
                if let acceptDate, acceptDate <= to, let due, due < to {
                    let closedByEnd = closedStatuses.contains(status) && (resultDate.map { $0 <= to } ?? !concludedStatuses.contains(status))
                    if !closedByEnd { stats.overdue += 1 }
                }
            }
        }
        let evaluations = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.scope, e.level, e.eval_time, r.status, r.valid_flag, r.deadline, r.closed_at
                FROM evaluation e LEFT JOIN rectification r ON r.eval_id = e.eval_id
                WHERE e.scope BETWEEN ? AND ?
                """,
            arguments: [range.lowerBound, range.upperBound])
        while let row = try evaluations.next() {
            let time = try Day(row[2] as String)
            guard time >= from, time <= to else { continue }
            let level: Int = row[1]
            let status: Int? = row[3]
            let valid = (row[4] as Int?) != 2
            let deadline = try (row[5] as String?).map(Day.init)
            let closed = try (row[6] as String?).map(Day.init)
            update(row[0]) { stats in
                stats.evaluations += 1
                if level >= 4 { stats.good += 1 }
                if level <= 2 {
                    stats.bad += 1
                    if valid {
                        stats.validBad += 1
                        if status == 21, let closed, let deadline, closed <= deadline { stats.rectified += 1 }
                    }
                }
            }
        }
        let alerts = try Row.fetchCursor(
            db,
            sql: """
                SELECT scope, raised_at, coalesce(answered_at, raised_at), response IS NOT NULL AND trim(response) <> '', closed_at
                FROM supervision_alert WHERE scope BETWEEN ? AND ?
                """,
            arguments: [range.lowerBound, range.upperBound])
        while let row = try alerts.next() {
            let raised = try Day(row[1] as String)
            let answered = try Day(row[2] as String)
            let hasResponse: Bool = row[3]
            let closed = try (row[4] as String?).map(Day.init)
            update(row[0]) { stats in
                if raised >= from, raised <= to { stats.alertsRaised += 1 }
                if hasResponse, answered >= from, answered <= to { stats.alertsAnswered += 1 }
                if raised <= to, closed.map({ $0 > to }) ?? true { stats.alertsOpen += 1 }
            }
        }
        return groups.keys.sorted().map { groups[$0]! } + [total]
    }
}

extension SupervisionStatistics {
    /// Column headings: Chinese name and English key.
    public static let headings = [
        "分组 group", "受理量 accepted", "办结量 concluded", "不予受理 not accepted", "按时办结率 on-time", "超期件数 overdue",
        "现场办结率 on-site", "一次办结率 one-visit", "网办率 online", "代办率 proxy", "好评率 good", "差评整改率 rectified",
        "预警 alerts raised", "已答复 answered", "未关闭 open",
    ]

    /// One row of text cells matching `headings`; rates as percentages, "—" when undefined.
    public var cells: [String] {
        func percent(_ value: Double?) -> String {
            guard let value else { return "—" }
            let tenths = Int((value * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        return [
            group, String(accepted), String(concluded), String(notAccepted), percent(onTimeRate), String(overdue), percent(onSiteRate),
            percent(oneVisitRate), percent(onlineRate), percent(proxyRate), percent(goodRate), percent(rectifiedRate),
            String(alertsRaised), String(alertsAnswered), String(alertsOpen),
        ]
    }
}
