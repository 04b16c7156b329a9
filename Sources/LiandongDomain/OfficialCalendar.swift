/// The official holiday arrangements (法定节假日安排) of the State Council General Office's annual
/// notices: 2025 from 国办发明电〔2024〕12号, 2026 from 国办发明电〔2025〕7号. Each entry is a day that
/// differs from "Monday–Friday work, Saturday–Sunday rest": a holiday (weekend days inside a
/// holiday block included, so a block reads whole) or a weekend working day (调休上班). Both years
/// have 248 working days. The city publishes these as rows of `holiday` (docs/domain-schema.md);
/// promise dates and 超期 (overdue) verdicts are counted in the working days they leave.
public enum OfficialCalendar {
    public enum Kind: String, Sendable {
        /// 休: offices closed.
        case holiday
        /// 调休上班: a Saturday or Sunday on which offices work.
        case workday
    }

    /// Every entry of the years covered, in date order: (yyyy-MM-dd, kind, festival).
    public static let entries: [(day: String, kind: Kind, name: String)] = [
        ("2025-01-01", .holiday, "元旦"), ("2025-01-26", .workday, "春节调休"), ("2025-01-28", .holiday, "春节"),
        ("2025-01-29", .holiday, "春节"), ("2025-01-30", .holiday, "春节"), ("2025-01-31", .holiday, "春节"),
        ("2025-02-01", .holiday, "春节"), ("2025-02-02", .holiday, "春节"), ("2025-02-03", .holiday, "春节"),
        ("2025-02-04", .holiday, "春节"), ("2025-02-08", .workday, "春节调休"), ("2025-04-04", .holiday, "清明节"),
        ("2025-04-05", .holiday, "清明节"), ("2025-04-06", .holiday, "清明节"), ("2025-04-27", .workday, "劳动节调休"),
        ("2025-05-01", .holiday, "劳动节"), ("2025-05-02", .holiday, "劳动节"), ("2025-05-03", .holiday, "劳动节"),
        ("2025-05-04", .holiday, "劳动节"), ("2025-05-05", .holiday, "劳动节"), ("2025-05-31", .holiday, "端午节"),
        ("2025-06-01", .holiday, "端午节"), ("2025-06-02", .holiday, "端午节"), ("2025-09-28", .workday, "国庆节、中秋节调休"),
        ("2025-10-01", .holiday, "国庆节、中秋节"), ("2025-10-02", .holiday, "国庆节、中秋节"), ("2025-10-03", .holiday, "国庆节、中秋节"),
        ("2025-10-04", .holiday, "国庆节、中秋节"), ("2025-10-05", .holiday, "国庆节、中秋节"), ("2025-10-06", .holiday, "国庆节、中秋节"),
        ("2025-10-07", .holiday, "国庆节、中秋节"), ("2025-10-08", .holiday, "国庆节、中秋节"), ("2025-10-11", .workday, "国庆节、中秋节调休"),
        ("2026-01-01", .holiday, "元旦"), ("2026-01-02", .holiday, "元旦"), ("2026-01-03", .holiday, "元旦"),
        ("2026-01-04", .workday, "元旦调休"), ("2026-02-14", .workday, "春节调休"), ("2026-02-15", .holiday, "春节"),
        ("2026-02-16", .holiday, "春节"), ("2026-02-17", .holiday, "春节"), ("2026-02-18", .holiday, "春节"),
        ("2026-02-19", .holiday, "春节"), ("2026-02-20", .holiday, "春节"), ("2026-02-21", .holiday, "春节"),
        ("2026-02-22", .holiday, "春节"), ("2026-02-23", .holiday, "春节"), ("2026-02-28", .workday, "春节调休"),
        ("2026-04-04", .holiday, "清明节"), ("2026-04-05", .holiday, "清明节"), ("2026-04-06", .holiday, "清明节"),
        ("2026-05-01", .holiday, "劳动节"), ("2026-05-02", .holiday, "劳动节"), ("2026-05-03", .holiday, "劳动节"),
        ("2026-05-04", .holiday, "劳动节"), ("2026-05-05", .holiday, "劳动节"), ("2026-05-09", .workday, "劳动节调休"),
        ("2026-06-19", .holiday, "端午节"), ("2026-06-20", .holiday, "端午节"), ("2026-06-21", .holiday, "端午节"),
        ("2026-09-20", .workday, "国庆节调休"), ("2026-09-25", .holiday, "中秋节"), ("2026-09-26", .holiday, "中秋节"),
        ("2026-09-27", .holiday, "中秋节"), ("2026-10-01", .holiday, "国庆节"), ("2026-10-02", .holiday, "国庆节"),
        ("2026-10-03", .holiday, "国庆节"), ("2026-10-04", .holiday, "国庆节"), ("2026-10-05", .holiday, "国庆节"),
        ("2026-10-06", .holiday, "国庆节"), ("2026-10-07", .holiday, "国庆节"), ("2026-10-10", .workday, "国庆节调休"),
    ]

    /// The years covered.
    public static let years = [2025, 2026]

    /// The working-day calendar of these entries.
    public static var workCalendar: WorkCalendar {
        WorkCalendar(
            holidays: Set(entries.filter { $0.kind == .holiday }.compactMap { try? Day($0.day) }),
            workdays: Set(entries.filter { $0.kind == .workday }.compactMap { try? Day($0.day) }))
    }
}
