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
///   closed by then.
///
/// Groups (`StatisticsGrouping`): by region, a row counts for the ancestor of its scope (a case's
/// registering hall) at the chosen tier; by department or by item, an evaluation or an alert
/// counts for its case's group, and one without a case held here for `noCaseGroup`.
public struct SupervisionStatistics: Sendable, Hashable, Codable {
    /// The group's key: a region code, a department's credit code (`dept_code`), an item's
    /// handling-item code (`task_handle_item`), or one of the named groups (`totalGroup`,
    /// `noCaseGroup`, `noDepartmentGroup`).
    public var group: String
    /// The group's name where the replica knows one: the region's, the department's, the item's.
    public var name: String?
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

    /// Empty statistics for `group`, named `name`.
    public init(group: String, name: String? = nil) {
        self.group = group
        self.name = name
    }

    /// The total over all groups.
    public static let totalGroup = "合计 total"
    /// By department or item: evaluations and alerts without a case in this replica (an
    /// evaluation of the hall itself, an alert about a disclosure record).
    public static let noCaseGroup = "无办件 no case"
    /// By department: cases whose item (实施清单) is not held here or names no department, and
    /// that no department has taken on (`handle_org`).
    public static let noDepartmentGroup = "无部门 no department"

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
    /// (group `totalGroup`), groups ordered by key, the named groups last. `grouping` nil: by
    /// region, at the tier below `root` (so the city sees its districts).
    public static func compute(
        _ db: Database, root: NodeID, from: Day, to: Day, by grouping: StatisticsGrouping? = nil
    ) throws -> [SupervisionStatistics] {
        let calendar = try WorkCalendar.load(db)
        let grouping = grouping ?? .region(Tier(rawValue: min(root.tier.rawValue + 1, Tier.village.rawValue))!)
        let range = root.subtreeRange
        var groups: [String: SupervisionStatistics] = [:]
        var total = SupervisionStatistics(group: totalGroup)
        let regionNames = try grouping.tier == nil ? [:] : Self.regionNames(db)
        // The group of a row: by region from its scope, otherwise the key (and name) its query selected.
        func update(scope: Int64, key: String?, name: String?, _ body: (inout SupervisionStatistics) -> Void) {
            let group: String
            var groupName = name
            if let tier = grouping.tier {
                let node = NodeID(rawValue: scope)
                group = (node.tier >= tier ? node.ancestorsOrSelf[tier.rawValue - 1] : node).description
                groupName = regionNames[group]
            } else {
                group = key ?? noCaseGroup
            }
            body(&groups[group, default: SupervisionStatistics(group: group, name: groupName)])
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
                SELECT c.scope, c.project_type, c.apply_channel, c.accept_date, c.accept_node, c.promise_date, coalesce(c.paused_workdays, 0),
                    c.result_date, c.conclude_node, coalesce(c.visit_count, 1), c.status, \(grouping.caseKeySQL), \(grouping.caseNameSQL)
                FROM case_accept c \(grouping.caseJoinSQL) WHERE c.scope BETWEEN ? AND ?
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
            update(scope: scope, key: row[11], name: row[12]) { stats in
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
                SELECT e.scope, e.level, e.eval_time, r.status, r.valid_flag, r.deadline, r.closed_at, \(grouping.caseKeySQL), \(grouping.caseNameSQL)
                FROM evaluation e LEFT JOIN rectification r ON r.eval_id = e.eval_id
                    \(grouping.joinToCaseSQL(projectColumn: "e.project_no"))
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
            update(scope: row[0], key: row[7], name: row[8]) { stats in
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
                SELECT a.scope, a.raised_at, coalesce(a.answered_at, a.raised_at), a.response IS NOT NULL AND trim(a.response) <> '', a.closed_at,
                    \(grouping.caseKeySQL), \(grouping.caseNameSQL)
                FROM supervision_alert a
                    \(grouping.joinToCaseSQL(projectColumn: "a.project_no"))
                WHERE a.scope BETWEEN ? AND ?
                """,
            arguments: [range.lowerBound, range.upperBound])
        while let row = try alerts.next() {
            let raised = try Day(row[1] as String)
            let answered = try Day(row[2] as String)
            let hasResponse: Bool = row[3]
            let closed = try (row[4] as String?).map(Day.init)
            update(scope: row[0], key: row[5], name: row[6]) { stats in
                if raised >= from, raised <= to { stats.alertsRaised += 1 }
                if hasResponse, answered >= from, answered <= to { stats.alertsAnswered += 1 }
                if raised <= to, closed.map({ $0 > to }) ?? true { stats.alertsOpen += 1 }
            }
        }
        let named: Set<String> = [noCaseGroup, noDepartmentGroup]
        let keys = groups.keys.filter { !named.contains($0) }.sorted() + [noDepartmentGroup, noCaseGroup].filter { groups[$0] != nil }
        return keys.map { groups[$0]! } + [total]
    }

    /// Region code → name, from the `region` table (empty where the replica holds none).
    static func regionNames(_ db: Database) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT region_code, name FROM region") { names[row[0]] = row[1] }
        return names
    }
}

extension SupervisionStatistics {
    /// One figure of the statistics: a count, or a rate (nil when its denominator is 0).
    public enum Figure: Sendable, Hashable {
        case count(Int)
        case rate(Double?)
    }

    /// The figures in column order, each with its heading (Chinese name and English key).
    public static let figures: [(heading: String, value: @Sendable (SupervisionStatistics) -> Figure)] = [
        ("受理量 accepted", { .count($0.accepted) }), ("办结量 concluded", { .count($0.concluded) }),
        ("不予受理 not accepted", { .count($0.notAccepted) }), ("按时办结率 on-time rate", { .rate($0.onTimeRate) }),
        ("超期件数 overdue", { .count($0.overdue) }), ("现场办结率 on-site rate", { .rate($0.onSiteRate) }),
        ("一次办结率 one-visit rate", { .rate($0.oneVisitRate) }), ("零跑动率 zero-visit rate", { .rate($0.zeroVisitRate) }),
        ("网办率 online rate", { .rate($0.onlineRate) }), ("代办率 proxy rate", { .rate($0.proxyRate) }),
        ("好评率 good rate", { .rate($0.goodRate) }), ("差评率 bad rate", { .rate($0.badRate) }),
        ("差评整改率 rectified rate", { .rate($0.rectifiedRate) }),
        ("预警 alerts raised", { .count($0.alertsRaised) }), ("已答复 answered", { .count($0.alertsAnswered) }),
        ("未关闭 open", { .count($0.alertsOpen) }),
    ]

    /// Table headings: the group, then `figures`.
    public static let headings = ["分组 group"] + figures.map(\.heading)

    /// One table row matching `headings`: the group with its name, rates as percentages
    /// (one decimal), "—" when undefined.
    public var cells: [String] {
        func percent(_ value: Double?) -> String {
            guard let value else { return "—" }
            let tenths = Int((value * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        let label = name.map { "\(group) \($0)" } ?? group
        return [label] + Self.figures.map { figure in
            switch figure.value(self) {
            case .count(let count): String(count)
            case .rate(let rate): percent(rate)
            }
        }
    }

    /// CSV headings: the group and its name apart, then `figures`.
    public static let csvHeadings = ["分组 group", "名称 name"] + figures.map(\.heading)

    /// One CSV row matching `csvHeadings`: rates as numbers (`rounded`, four decimals), empty
    /// when undefined.
    public var csvCells: [String] {
        [group, name ?? ""] + Self.figures.map { figure in
            switch figure.value(self) {
            case .count(let count): String(count)
            case .rate(let rate): rate.map { Self.decimal(Self.rounded($0)) } ?? ""
            }
        }
    }

    /// A rate rounded to four decimals (0.6667), as CSV and JSON give it.
    public static func rounded(_ rate: Double) -> Double { (rate * 10_000).rounded() / 10_000 }

    /// `rate` (already rounded) with four decimals.
    static func decimal(_ rate: Double) -> String {
        let units = Int((rate * 10_000).rounded())
        let fraction = String(units % 10_000)
        return "\(units / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}

extension SupervisionStatistics {
    enum CodingKeys: String, CodingKey {
        case group, name, accepted, notAccepted, concluded, onTime, overdue, instantAccepted, instantOnSite, oneVisit, zeroVisit
        case online, proxy, evaluations, good, bad, validBad, rectified, alertsRaised, alertsAnswered, alertsOpen
        case onTimeRate, onSiteRate, oneVisitRate, zeroVisitRate, onlineRate, proxyRate, goodRate, badRate, rectifiedRate
    }

    /// The counts and, derived from them, the rates as numbers rounded to four decimals (null
    /// when the denominator is 0).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(name, forKey: .name)
        let counts: [(CodingKeys, Int)] = [
            (.accepted, accepted), (.notAccepted, notAccepted), (.concluded, concluded), (.onTime, onTime), (.overdue, overdue),
            (.instantAccepted, instantAccepted), (.instantOnSite, instantOnSite), (.oneVisit, oneVisit), (.zeroVisit, zeroVisit),
            (.online, online), (.proxy, proxy), (.evaluations, evaluations), (.good, good), (.bad, bad), (.validBad, validBad),
            (.rectified, rectified), (.alertsRaised, alertsRaised), (.alertsAnswered, alertsAnswered), (.alertsOpen, alertsOpen),
        ]
        for (key, value) in counts { try container.encode(value, forKey: key) }
        let rates: [(CodingKeys, Double?)] = [
            (.onTimeRate, onTimeRate), (.onSiteRate, onSiteRate), (.oneVisitRate, oneVisitRate), (.zeroVisitRate, zeroVisitRate),
            (.onlineRate, onlineRate), (.proxyRate, proxyRate), (.goodRate, goodRate), (.badRate, badRate), (.rectifiedRate, rectifiedRate),
        ]
        for (key, value) in rates { try container.encode(value.map(Self.rounded), forKey: key) }
    }

    /// Reads what `encode(to:)` wrote; the rates follow from the counts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(group: try container.decode(String.self, forKey: .group), name: try container.decodeIfPresent(String.self, forKey: .name))
        func count(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        accepted = try count(.accepted)
        notAccepted = try count(.notAccepted)
        concluded = try count(.concluded)
        onTime = try count(.onTime)
        overdue = try count(.overdue)
        instantAccepted = try count(.instantAccepted)
        instantOnSite = try count(.instantOnSite)
        oneVisit = try count(.oneVisit)
        zeroVisit = try count(.zeroVisit)
        online = try count(.online)
        proxy = try count(.proxy)
        evaluations = try count(.evaluations)
        good = try count(.good)
        bad = try count(.bad)
        validBad = try count(.validBad)
        rectified = try count(.rectified)
        alertsRaised = try count(.alertsRaised)
        alertsAnswered = try count(.alertsAnswered)
        alertsOpen = try count(.alertsOpen)
    }
}
