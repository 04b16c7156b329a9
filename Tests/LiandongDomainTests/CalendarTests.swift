import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The calendar the city ships (OfficialCalendar) against the State Council's notices, read back
/// from a replica the city published it into, as every hall reads it.
@Suite struct CalendarTests {
    /// The calendar as a hall holds it: published by the city into its replica.
    func publishedCalendar() throws -> WorkCalendar {
        let dir = TemporaryDirectory()
        let city = try Replica.temporary(SyntheticCity.cityCode.rawValue, in: dir, schema: GovernmentSchema.schema)
        let synthetic = SyntheticCity(seed: 1, shape: .demo, firstDay: try Day("2026-11-16"), days: 1)
        try city.write { try synthetic.publish(at: city.node, $0) }
        return try city.read { try WorkCalendar.load($0) }
    }

    func workingDays(in year: Int, _ calendar: WorkCalendar) throws -> Int {
        let first = try Day(String(format: "%04d-01-01", year))
        let next = try Day(String(format: "%04d-01-01", year + 1))
        return (0..<first.distance(to: next)).filter { calendar.isWorkingDay(first.advanced(by: $0)) }.count
    }

    /// 国办发明电〔2024〕12号 and 〔2025〕7号: 248 working days each.
    @Test(arguments: [2025, 2026]) func eachYearHasTheOfficialNumberOfWorkingDays(year: Int) throws {
        #expect(try workingDays(in: year, try publishedCalendar()) == 248)
    }

    /// The days an audit found wrong in an earlier calendar: four make-up working days and the
    /// last day of the Spring Festival holiday.
    @Test func theMakeUpDaysAndTheSpringFestivalAreRight() throws {
        let calendar = try publishedCalendar()
        for day in ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"] {
            #expect(calendar.isWorkingDay(try Day(day)), "\(day) is a working day (调休上班)")
        }
        for day in ["2026-01-02", "2026-02-16", "2026-02-23", "2026-04-06", "2026-05-05", "2026-06-19", "2026-09-25", "2026-10-07"] {
            #expect(!calendar.isWorkingDay(try Day(day)), "\(day) is a holiday")
        }
        // A case accepted on Thursday 12 February with 3 promised working days is due on Tuesday
        // the 24th: Friday, the make-up Saturday, then the first day after the holiday (the 23rd
        // is still a holiday).
        #expect(calendar.adding(workingDays: 3, to: try Day("2026-02-12")) == (try Day("2026-02-24")))
    }

    /// Every entry is a day that differs from the weekly rule: a weekday holiday or a weekend
    /// working day (weekend days inside a holiday block are listed as holidays, changing nothing).
    @Test func everyEntryIsAValidDayOfItsKind() throws {
        for entry in OfficialCalendar.entries {
            let day = try Day(entry.day)
            if entry.kind == .workday { #expect(day.weekday >= 6, "\(entry.day) is listed as a make-up working day but is a weekday") }
            #expect(OfficialCalendar.years.contains(Int(entry.day.prefix(4))!))
        }
    }
}
