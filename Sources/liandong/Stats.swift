import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore

/// `liandong stats`: the supervision statistics (电子监察统计) of this node's subtree, from its replica.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Supervision statistics (统计) of this node's subtree for a period, by region, department or item: 受理量, 办结量, 按时办结率, 超期件数, 现场办结率, 一次办结率, 零跑动率, 网办率, 代办率, 好评率, 差评率, 差评整改率, 预警 (alerts raised, answered, open).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    /// `--by`: a region tier, the department (部门) or the item (事项).
    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case district, town, village, dept, item

        var statisticsGrouping: StatisticsGrouping { StatisticsGrouping(name: rawValue)! }

        var label: String {
            switch self {
            case .district, .town, .village: "by \(rawValue) 按\(Tier(name: rawValue)!.chineseName)"
            case .dept: "by department 按部门"
            case .item: "by item 按事项"
            }
        }
    }

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "First day of the period (yyyy-MM-dd). Default: 30 days before --to.")
    var from: String?

    @Option(help: "Last day of the period (yyyy-MM-dd), inclusive. Default: today.")
    var to: String?

    @Option(
        help: """
            Group by region (district, town, village: the registering halls' ancestors at that tier), by department \
            (dept: the implementing department 实施主体 of the case's item) or by item (item: 事项). Default: the tier below this node.
            """)
    var by: Grouping?

    @Option(help: "Output: table, csv or json.")
    var format: Format = .table

    /// `--by`, else the tier below `node` (a village: itself).
    static func grouping(_ by: Grouping?, at node: NodeID) -> Grouping {
        by ?? Grouping(rawValue: Tier(rawValue: min(node.tier.rawValue + 1, Tier.village.rawValue))!.name)!
    }

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let end: Day
        let start: Day
        do {
            end = try to.map(Day.init) ?? Day(number: Int(wallClockDays()))
            start = try from.map(Day.init) ?? end.advanced(by: -30)
        } catch {
            throw CommandFailure("error: \(error)")
        }
        guard start <= end else { throw CommandFailure("error: --from \(start) is after --to \(end)") }
        let (node, rows) = try failing { () throws -> (NodeID, [SupervisionStatistics]) in
            let opened = try Replica.openShipped(at: replica.db, logger: logger)
            guard opened.schema.name == GovernmentSchema.name else {
                throw StoreError(.invalidChange, "this replica holds the '\(opened.schema.name)' schema; statistics need the '\(GovernmentSchema.name)' schema", path: replica.db)
            }
            let node = opened.node
            let rows = try opened.read { try SupervisionStatistics.compute($0, root: node, from: start, to: end, by: Self.grouping(by, at: node).statisticsGrouping) }
            return (node, rows)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            struct Report: Encodable {
                var node: String
                var from: String
                var to: String
                var by: String
                var groups: [SupervisionStatistics]
            }
            say(String(decoding: try encoder.encode(Report(node: node.description, from: start.description, to: end.description, by: Self.grouping(by, at: node).rawValue, groups: rows)), as: UTF8.self))
        case .csv:
            say(TextTable.csv(SupervisionStatistics.csvHeadings, rows.map(\.csvCells)))
        case .table:
            let label = Self.grouping(by, at: node).label
            say("统计 statistics of node \(node) (\(node.tier.name) \(node.tier.chineseName)) and its subtree, \(start) … \(end), \(label)")
            say(TextTable.render(SupervisionStatistics.headings, rows.map(\.cells)))
        }
    }
}

/// Days since 1970-01-01 in local time (China Standard Time on a city's servers).
func wallClockDays() -> Int64 {
    let seconds = Int64(Date().timeIntervalSince1970) + Int64(TimeZone.current.secondsFromGMT())
    return seconds / 86_400
}
