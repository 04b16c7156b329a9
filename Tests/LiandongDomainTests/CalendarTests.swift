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

    /// 国办发明电〔2024〕12号 and 〔2025〕7号: 248 working days each.
    @Test(arguments: [2025, 2026]) func eachYearHasTheOfficialNumberOfWorkingDays(year: Int) throws {
        #expect(OfficialCalendar.workingDays(in: year, try publishedCalendar()) == 248)
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

    static let deployCalendar = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/calendar")

    /// The calendar in the binary is the shipped data, byte for byte: `deploy/calendar/*.csv`,
    /// the State Council notices as operators import them.
    @Test func theBuiltInCalendarIsTheShippedFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.deployCalendar.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files == OfficialCalendar.years.map { "\($0).csv" })
        for year in OfficialCalendar.years {
            let text = try String(contentsOf: Self.deployCalendar.appendingPathComponent("\(year).csv"), encoding: .utf8)
            // The files keep the notices' CRLF line ends; Swift's string literal has LF.
            #expect(text.replacingOccurrences(of: "\r\n", with: "\n") == OfficialCalendar.shippedCSV[year]! + "\n", "deploy/calendar/\(year).csv differs from the built-in copy")
            let entries = try OfficialCalendar.parse(csv: text, source: "\(year).csv")
            #expect(OfficialCalendar.workingDays(in: year, OfficialCalendar.workCalendar(of: entries)) == 248)
        }
    }

    /// A malformed notice is refused naming the line and the rule.
    @Test func aMalformedNoticeIsRefusedNamingTheLine() {
        func refusal(_ csv: String) -> String {
            do {
                _ = try OfficialCalendar.parse(csv: csv, source: "2027.csv")
                return "accepted"
            } catch { return error.description }
        }
        #expect(refusal("day,kind\n2027-01-01,holiday,元旦").contains("first line"))
        #expect(refusal("date,kind,name\n2027-02-30,holiday,春节").contains("line 2"))
        #expect(refusal("date,kind,name\n2027-01-01,rest,元旦").contains("neither"))
        #expect(refusal("date,kind,name\n2027-01-04,workday,调休").contains("weekday"))  // a Monday
        #expect(refusal("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦").contains("twice"))
        #expect(refusal("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦").contains("one year"))
        #expect(refusal("date,kind,name\r\n2027-01-01,holiday,元旦\r\n2027-02-06,workday,春节调休\r\n") == "accepted")
    }

    /// `liandong calendar import` at the city loads a new year without code, corrects a year
    /// when the notice is imported again, and is refused anywhere but at the city.
    @Test func theCityImportsANewYearWithoutCode() throws {
        let dir = TemporaryDirectory()
        let cityDB = dir.file("city.db")
        #expect(try runCommand(liandongExecutable, ["init", "--db", cityDB, "--region", SyntheticCity.cityCode.description, "--insecure"]).status == 0)
        let notice = dir.file("2027.csv")
        try "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休\n2027-02-08,holiday,春节\n".write(toFile: notice, atomically: true, encoding: .utf8)
        let imported = try runCommand(liandongExecutable, ["calendar", "import", "--db", cityDB, notice])
        #expect(imported.status == 0 && imported.output.contains("3 added"), "\(imported.output)")
        let calendar = try Replica.open(at: cityDB, logger: testLogger()).read { try WorkCalendar.load($0) }
        let (saturday, holiday) = (try Day("2027-02-06"), try Day("2027-02-08"))
        #expect(calendar.isWorkingDay(saturday) && !calendar.isWorkingDay(holiday))
        // A corrected notice: one day dropped, one renamed.
        try "date,kind,name\n2027-01-01,holiday,元旦节\n2027-02-08,holiday,春节\n".write(toFile: notice, atomically: true, encoding: .utf8)
        let again = try runCommand(liandongExecutable, ["calendar", "import", "--db", cityDB, notice])
        #expect(again.output.contains("0 added, 1 changed, 1 removed"), "\(again.output)")
        let shown = try runCommand(liandongExecutable, ["calendar", "show", "--db", cityDB, "--year", "2027"])
        #expect(shown.output.contains("元旦节") && !shown.output.contains("2027-02-06") && shown.output.contains("working days 工作日"), "\(shown.output)")
        let townDB = dir.file("town.db")
        #expect(try runCommand(liandongExecutable, ["init", "--db", townDB, "--region", "441702001000", "--insecure"]).status == 0)
        let refused = try runCommand(liandongExecutable, ["calendar", "import", "--db", townDB, notice])
        #expect(refused.status != 0 && refused.output.contains("the city (市) publishes the calendar"), "\(refused.output)")
    }
}
