import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore

/// `liandong supervise`: one run of electronic supervision (电子监察) on a district's or the city's
/// replica (`Supervision.raiseAlerts`); the alerts it writes sync like any local write.
struct Supervise: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Electronic supervision (电子监察): raise yellow (黄牌预警) and red (红牌) alerts for this district's subtree or the whole city, and close those whose case, rectification or disclosure is settled.")

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The day to supervise (yyyy-MM-dd). Default: today.")
    var today: String?

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let day: Day
        do { day = try today.map(Day.init) ?? Day(number: Int(wallClockDays())) } catch { throw CommandFailure("error: \(error)") }
        let opened = try failing { try Replica.openShipped(at: replica.db, logger: logger) }
        guard opened.schema.name == GovernmentSchema.name else {
            throw CommandFailure("error: this replica holds the '\(opened.schema.name)' schema; supervision needs the '\(GovernmentSchema.name)' schema")
        }
        guard opened.schema.version >= GovernmentSchema.version else {
            throw CommandFailure(
                "error: this replica holds \(GovernmentSchema.name) v\(opened.schema.version); supervision alerts need v\(GovernmentSchema.version): run `liandong upgrade --db \(replica.db)` (it backs the file up first)")
        }
        let outcome: Supervision.Outcome
        do {
            outcome = try opened.write { db in
                try Supervision.raiseAlerts(db: db, supervisor: opened.node, today: day, calendar: WorkCalendar.load(db))
            }
        } catch {
            throw CommandFailure("error: \(error)")
        }
        say("电子监察 supervision by node \(opened.node) (\(opened.node.tier.name) \(opened.node.tier.chineseName)) on \(day)")
        say("新预警 raised: \(outcome.raised)")
        say("升级红牌 escalated: \(outcome.escalated)")
        say("已关闭 closed: \(outcome.closed)")
    }
}
