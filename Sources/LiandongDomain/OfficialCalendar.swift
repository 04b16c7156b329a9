import Foundation

/// The official holiday arrangements (法定节假日安排) of the State Council General Office's annual
/// notices, shipped as data: the CSV files in `deploy/calendar/` (2025 from 国办发明电〔2024〕12号,
/// 2026 from 国办发明电〔2025〕7号), carried here verbatim so that the binary needs no file beside
/// it; a test checks that the two are the same bytes. Each entry is a day that differs from
/// "Monday–Friday work, Saturday–Sunday rest": a holiday (weekend days inside a holiday block
/// included, so a block reads whole) or a weekend working day (调休上班). Both years have 248
/// working days. The city publishes these as rows of `holiday` (docs/domain-schema.md); a later
/// year's notice is loaded the same way with `liandong calendar import FILE` at the city, without
/// code. Promise dates and 超期 (overdue) verdicts are counted in the working days they leave.
public enum OfficialCalendar {
    public enum Kind: String, Sendable {
        /// 休: offices closed.
        case holiday
        /// 调休上班: a Saturday or Sunday on which offices work.
        case workday
    }

    public typealias Entry = (day: String, kind: Kind, name: String)

    /// The shipped notices: the text of `deploy/calendar/<year>.csv`.
    public static let shippedCSV: [Int: String] = [
        2025: """
date,kind,name
2025-01-01,holiday,元旦
2025-01-26,workday,春节调休
2025-01-28,holiday,春节
2025-01-29,holiday,春节
2025-01-30,holiday,春节
2025-01-31,holiday,春节
2025-02-01,holiday,春节
2025-02-02,holiday,春节
2025-02-03,holiday,春节
2025-02-04,holiday,春节
2025-02-08,workday,春节调休
2025-04-04,holiday,清明节
2025-04-05,holiday,清明节
2025-04-06,holiday,清明节
2025-04-27,workday,劳动节调休
2025-05-01,holiday,劳动节
2025-05-02,holiday,劳动节
2025-05-03,holiday,劳动节
2025-05-04,holiday,劳动节
2025-05-05,holiday,劳动节
2025-05-31,holiday,端午节
2025-06-01,holiday,端午节
2025-06-02,holiday,端午节
2025-09-28,workday,国庆节、中秋节调休
2025-10-01,holiday,国庆节、中秋节
2025-10-02,holiday,国庆节、中秋节
2025-10-03,holiday,国庆节、中秋节
2025-10-04,holiday,国庆节、中秋节
2025-10-05,holiday,国庆节、中秋节
2025-10-06,holiday,国庆节、中秋节
2025-10-07,holiday,国庆节、中秋节
2025-10-08,holiday,国庆节、中秋节
2025-10-11,workday,国庆节、中秋节调休
""",
        2026: """
date,kind,name
2026-01-01,holiday,元旦
2026-01-02,holiday,元旦
2026-01-03,holiday,元旦
2026-01-04,workday,元旦调休
2026-02-14,workday,春节调休
2026-02-15,holiday,春节
2026-02-16,holiday,春节
2026-02-17,holiday,春节
2026-02-18,holiday,春节
2026-02-19,holiday,春节
2026-02-20,holiday,春节
2026-02-21,holiday,春节
2026-02-22,holiday,春节
2026-02-23,holiday,春节
2026-02-28,workday,春节调休
2026-04-04,holiday,清明节
2026-04-05,holiday,清明节
2026-04-06,holiday,清明节
2026-05-01,holiday,劳动节
2026-05-02,holiday,劳动节
2026-05-03,holiday,劳动节
2026-05-04,holiday,劳动节
2026-05-05,holiday,劳动节
2026-05-09,workday,劳动节调休
2026-06-19,holiday,端午节
2026-06-20,holiday,端午节
2026-06-21,holiday,端午节
2026-09-20,workday,国庆节调休
2026-09-25,holiday,中秋节
2026-09-26,holiday,中秋节
2026-09-27,holiday,中秋节
2026-10-01,holiday,国庆节
2026-10-02,holiday,国庆节
2026-10-03,holiday,国庆节
2026-10-04,holiday,国庆节
2026-10-05,holiday,国庆节
2026-10-06,holiday,国庆节
2026-10-07,holiday,国庆节
2026-10-10,workday,国庆节调休
""",
    ]

    /// The years covered.
    public static var years: [Int] { shippedCSV.keys.sorted() }

    /// Every entry of the years covered, in date order.
    public static let entries: [Entry] = years.flatMap { year in
        // The shipped text is checked by the tests; it always parses.
        try! parse(csv: shippedCSV[year]!, source: "deploy/calendar/\(year).csv")
    }

    /// The entries of one notice in the CSV form of `deploy/calendar/README.md` (`date,kind,name`,
    /// one year per file). Refused, naming the line: a missing header, a malformed or impossible
    /// date, an unknown kind, a make-up working day that is not a Saturday or Sunday, a day listed
    /// twice, days of more than one year.
    public static func parse(csv: String, source: String) throws(DomainError) -> [Entry] {
        var lines = csv.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { String($0).trimmingCharacters(in: .init(charactersIn: "\r")) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.first?.replacingOccurrences(of: "\u{FEFF}", with: "") == "date,kind,name" else {
            throw DomainError("\(source): the first line must be `date,kind,name` (日期,类型,名称)")
        }
        var entries: [Entry] = []
        var seen: Set<String> = []
        var year: Substring?
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let place = "\(source), line \(index + 1)"
            let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw DomainError("\(place): expected `date,kind,name`, found `\(line)`") }
            let day: Day
            do { day = try Day(fields[0]) } catch { throw DomainError("\(place): \(error)") }
            guard fields[0].count == 10 else { throw DomainError("\(place): `\(fields[0])` is not a date (yyyy-MM-dd)") }
            guard let kind = Kind(rawValue: fields[1]) else { throw DomainError("\(place): kind `\(fields[1])` is neither `holiday` (休) nor `workday` (调休上班)") }
            if kind == .workday, day.weekday < 6 {
                throw DomainError("\(place): \(fields[0]) is a weekday; a make-up working day (调休上班) is a Saturday or Sunday")
            }
            guard seen.insert(fields[0]).inserted else { throw DomainError("\(place): \(fields[0]) is listed twice") }
            let entryYear = fields[0].prefix(4)
            if let year, year != entryYear { throw DomainError("\(place): \(fields[0]) is not in \(year); one file holds one year's notice") }
            year = entryYear
            entries.append((fields[0], kind, fields[2]))
        }
        guard !entries.isEmpty else { throw DomainError("\(source): no days listed") }
        return entries.sorted { $0.day < $1.day }
    }

    /// The working-day calendar of `entries` (default: the shipped years).
    public static func workCalendar(of entries: [Entry]) -> WorkCalendar {
        WorkCalendar(
            holidays: Set(entries.filter { $0.kind == .holiday }.compactMap { try? Day($0.day) }),
            workdays: Set(entries.filter { $0.kind == .workday }.compactMap { try? Day($0.day) }))
    }

    /// The working-day calendar of the shipped years.
    public static var workCalendar: WorkCalendar { workCalendar(of: entries) }

    /// How many working days `year` has under `calendar`.
    public static func workingDays(in year: Int, _ calendar: WorkCalendar) -> Int {
        calendar.workingDays(from: Day(year: year, month: 1, day: 1), to: Day(year: year + 1, month: 1, day: 1))
    }
}
