/// When a child syncs with its parent (README: Scheduling). An operator can always force a sync now.
public enum SyncSchedule: Hashable, Sendable, CustomStringConvertible {
    /// Whenever the parent is reachable, pushing soon after each local commit.
    case continuous
    /// Only inside a daily window of local time, in minutes after midnight (`end` may be past
    /// midnight: 23:00–01:00), e.g. towns to their district 02:00–04:00.
    case window(startMinute: Int, endMinute: Int)
    /// Only when an operator runs `liandong sync`.
    case manual

    /// Parses `continuous`, `manual` or `window HH:MM-HH:MM` (also `HH:MM-HH:MM`).
    public init(parsing text: String) throws(ScheduleError) {
        let trimmed = text.trimmingPrefix("window").drop { $0 == " " }
        switch text {
        case "continuous": self = .continuous
        case "manual": self = .manual
        default:
            let parts = trimmed.split(separator: "-")
            guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]), start != end else {
                throw ScheduleError(text: text)
            }
            self = .window(startMinute: start, endMinute: end)
        }
    }

    static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// True when the schedule lets the child sync at `minute` after local midnight.
    public func isOpen(atLocalMinute minute: Int) -> Bool {
        switch self {
        case .continuous: return true
        case .manual: return false
        case .window(let start, let end):
            return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end)
        }
    }

    /// The minute of local time a given instant falls on.
    public static func localMinute(millis: Int64, utcOffsetMinutes: Int) -> Int {
        let minutes = millis / 60_000 + Int64(utcOffsetMinutes)
        return Int(((minutes % 1440) + 1440) % 1440)
    }

    public var description: String {
        switch self {
        case .continuous: return "continuous"
        case .manual: return "manual"
        case .window(let start, let end):
            func clock(_ m: Int) -> String { "\(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)" }
            return "window \(clock(start))-\(clock(end))"
        }
    }

    /// The schedule in words for operators.
    public var explanation: String {
        switch self {
        case .continuous: "continuous 实时同步"
        case .manual: "manual 手动同步 (liandong sync)"
        case .window: "\(description) 夜间窗口同步"
        }
    }
}

/// A schedule that cannot be parsed.
public struct ScheduleError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var description: String { "invalid sync schedule '\(text)': use continuous, manual or window HH:MM-HH:MM (e.g. window 02:00-04:00)" }
}
