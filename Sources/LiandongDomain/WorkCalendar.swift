import GRDB

/// A calendar day, `yyyy-MM-dd`, as days since 1970-01-01 (proleptic Gregorian).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Strideable {
    public let number: Int

    public init(number: Int) { self.number = number }

    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146_097 + doe - 719_468
    }

    /// Parses `yyyy-MM-dd` (a longer timestamp is cut to its date). A day the month does not
    /// have (`2026-02-31`, `2025-02-29`) is refused, not rolled over into the next month.
    public init(_ text: String) throws {
        let bytes = Array(text.utf8)
        let isDigit = { (index: Int) in index < bytes.count && (48...57).contains(bytes[index]) }
        guard bytes.count >= 10, [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ")
        else {
            throw DomainError("not a date (yyyy-MM-dd): '\(text)'")
        }
        let number = { (range: Range<Int>) in range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        guard (1...12).contains(month), (1...31).contains(day) else { throw DomainError("not a date (yyyy-MM-dd): '\(text)'") }
        self.init(year: year, month: month, day: day)
        guard civil == (year, month, day) else {
            throw DomainError("not a date: '\(text)' (\(String(text.prefix(7))) has no day \(day))")
        }
    }

    public var civil: (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((number % 7 + 7) % 7 + 3) % 7 + 1 }

    public var description: String {
        let (y, m, d) = civil
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
    public func advanced(by n: Int) -> Day { Day(number: number + n) }
    public func distance(to other: Day) -> Int { other.number - number }
}

/// The working-day calendar (工作日): weekends are rest days unless the `holiday` table marks
/// them `workday` (调休上班); weekdays are working days unless it marks them `holiday`. The
/// calendar is replicated data published by the city, not code.
public struct WorkCalendar: Sendable {
    public let holidays: Set<Day>
    public let workdays: Set<Day>

    public init(holidays: Set<Day> = [], workdays: Set<Day> = []) {
        self.holidays = holidays
        self.workdays = workdays
    }

    /// The calendar held in a replica's `holiday` table.
    public static func load(_ db: Database) throws -> WorkCalendar {
        var holidays = Set<Day>()
        var workdays = Set<Day>()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT day, kind FROM holiday")) {
            let day = try Day(row[0] as String)
            if (row[1] as String) == "workday" { workdays.insert(day) } else { holidays.insert(day) }
        }
        return WorkCalendar(holidays: holidays, workdays: workdays)
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return day.weekday <= 5
    }

    /// The working days in `[from, to)`: how long a clock that stopped on `from` and ran again on
    /// `to` was stopped (0 when `to` is not after `from`).
    public func workingDays(from: Day, to: Day) -> Int {
        guard from < to else { return 0 }
        return (0..<from.distance(to: to)).filter { isWorkingDay(from.advanced(by: $0)) }.count
    }

    /// The day that is `n` working days after `day` (the promise date of a case accepted on
    /// `day` with `n` promised working days; `n = 0`: the same day).
    public func adding(workingDays n: Int, to day: Day) -> Day {
        var current = day
        var left = n
        while left > 0 {
            current = current.advanced(by: 1)
            if isWorkingDay(current) { left -= 1 }
        }
        return current
    }
}

