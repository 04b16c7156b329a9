/// One SQLite value, as stored in a replicated cell and carried on the wire.
///
/// Equality is an equivalence relation, also for reals: a NaN equals a NaN (IEEE-754 says it
/// does not, which made a NaN cell look changed to every check that compares values, SPEC §9.2),
/// and 0.0 equals -0.0 (as SQLite compares them). Receivers refuse NaN anyway (`hasNaN`).
public enum ColumnValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public static func == (lhs: ColumnValue, rhs: ColumnValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.integer(let a), .integer(let b)): a == b
        case (.real(let a), .real(let b)): a == b || (a.isNaN && b.isNaN)
        case (.text(let a), .text(let b)): a == b
        case (.blob(let a), .blob(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .integer(let v): hasher.combine(1); hasher.combine(v)
        case .real(let v): hasher.combine(2); hasher.combine(v.isNaN ? Double.nan : v)
        case .text(let v): hasher.combine(3); hasher.combine(v)
        case .blob(let v): hasher.combine(4); hasher.combine(v)
        }
    }

    /// True for a real that is not a number: SQLite cannot store one (it stores NULL instead).
    public var isNaN: Bool {
        if case .real(let value) = self { return value.isNaN }
        return false
    }
}

extension ColumnValue {
    /// The value if it is an integer.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

extension ColumnValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): "'\(v)'"
        case .blob(let v): "x'" + v.map { String($0, radix: 16).leftPadded(2) }.joined() + "'"
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
