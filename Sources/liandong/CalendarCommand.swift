import ArgumentParser
import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore

/// `liandong calendar`: the working-day calendar (节假日安排) the city publishes to every hall.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The holiday calendar (节假日安排): import a year's State Council notice at the city, or show what a node holds.",
        subcommands: [Import.self, Show.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "At the city: load a year's notice from a CSV file (date,kind,name; deploy/calendar/README.md) into the replicated holiday table; every hall receives it.")
        @OptionGroup var replica: ReplicaOptions
        @Argument(help: "The CSV file, e.g. deploy/calendar/2027.csv.") var file: String

        func run() throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw CommandFailure("error: cannot read \(file): \(error.localizedDescription)")
            }
            let entries = try failing { try OfficialCalendar.parse(csv: text, source: file) }
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            guard opened.node.tier == .city else {
                throw CommandFailure("error: node \(opened.node) is a \(opened.node.tier.name) (\(opened.node.tier.chineseName)); the city (市) publishes the calendar and every hall receives it")
            }
            guard opened.schema.tables.contains(where: { $0.name == "holiday" }) else {
                throw CommandFailure("error: schema \(opened.schema.name) has no holiday table")
            }
            let year = Int(entries[0].day.prefix(4))!
            let (added, changed, removed) = try failing {
                try opened.write { db -> (Int, Int, Int) in
                    var added = 0
                    var changed = 0
                    let listed = Set(entries.map(\.day))
                    // Days of that year no longer in the notice (a corrected notice) are removed.
                    let stale = try String.fetchAll(db, sql: "SELECT day FROM holiday WHERE day LIKE ?", arguments: ["\(year)-%"]).filter { !listed.contains($0) }
                    for day in stale { try db.execute(sql: "DELETE FROM holiday WHERE day = ?", arguments: [day]) }
                    for entry in entries {
                        let old = try Row.fetchOne(db, sql: "SELECT kind, name FROM holiday WHERE day = ?", arguments: [entry.day])
                        if let old {
                            guard old[0] as String? != entry.kind.rawValue || old[1] as String? != entry.name else { continue }
                            try db.execute(sql: "UPDATE holiday SET kind = ?, name = ? WHERE day = ?", arguments: [entry.kind.rawValue, entry.name, entry.day])
                            changed += 1
                        } else {
                            try db.execute(
                                sql: "INSERT INTO holiday (day, kind, name, scope) VALUES (?, ?, ?, ?)", arguments: [entry.day, entry.kind.rawValue, entry.name, opened.node.rawValue])
                            added += 1
                        }
                    }
                    return (added, changed, stale.count)
                }
            }
            let days = OfficialCalendar.workingDays(in: year, OfficialCalendar.workCalendar(of: entries))
            say("calendar 节假日安排 \(year): \(entries.count) days listed (\(entries.filter { $0.kind == .holiday }.count) holidays 休, \(entries.filter { $0.kind == .workday }.count) make-up working days 调休上班); \(days) working days 工作日")
            say("stored 已写入: \(added) added, \(changed) changed, \(removed) removed; every hall receives it at its next sync")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the calendar a node holds for a year, with its number of working days.")
        @OptionGroup var replica: ReplicaOptions
        @Option(help: "The year (default: this year).") var year: Int?

        func run() throws {
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            let year = self.year ?? Day(number: Int(wallClockDays())).civil.year
            let (rows, calendar) = try failing {
                try opened.read { db -> ([[String]], WorkCalendar) in
                    let rows = try Row.fetchAll(db, sql: "SELECT day, kind, name FROM holiday WHERE day LIKE ? ORDER BY day", arguments: ["\(year)-%"])
                    return (rows.map { [$0[0] as String, $0[1] as String, ($0[2] as String?) ?? ""] }, try WorkCalendar.load(db))
                }
            }
            guard !rows.isEmpty else {
                say("no calendar for \(year) at node \(opened.node) 无节假日安排 (the city imports it: liandong calendar import FILE); weekends only")
                return
            }
            let table = rows.map { [$0[0], $0[1] == "holiday" ? "holiday 休" : "workday 调休上班", $0[2]] }
            say(TextTable.render(["day 日期", "kind 类型", "name 名称"], table))
            say("\(year): \(OfficialCalendar.workingDays(in: year, calendar)) working days 工作日")
        }
    }
}
