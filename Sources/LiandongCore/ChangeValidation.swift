/// A row change that no honest node can have produced: it breaks the shape rules of
/// Protocols/SPEC.md §5.2 and §9.2 (key, columns, one version per column, valid versions, causal
/// length). The receiver refuses the whole chunk (`INVALID_CHANGE`) and applies nothing of it.
public struct InvalidChange: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rules a change's shape can break.
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        /// The change names a table this schema does not have.
        case table
        /// The key has the wrong number of values, or a NULL or NaN among them.
        case key
        /// A live row without exactly one value per non-key column, or a deletion with values.
        case columns
        /// Exceptions out of range, repeated or out of order, or on a deletion (SPEC §5.2).
        case versions
        /// A version whose origin is not a region code, or whose clock is not positive.
        case version
        /// A causal length beyond `RowChange.maxCausalLength`.
        case causalLength = "causal-length"
        /// A scope that is not a region code.
        case scope
        /// A chunk's `after` or `up_to` beyond any stamp the sender can have issued (SPEC §9.2).
        case stamp

        public var label: String {
            switch self {
            case .table: "table 表"
            case .key: "primary key 主键"
            case .columns: "columns 列"
            case .versions: "one version per column 每列一个版本"
            case .version: "version 版本"
            case .causalLength: "causal length 因果长度"
            case .scope: "scope 可见范围"
            case .stamp: "change stamp 变更戳"
            }
        }
    }

    public var rule: Rule
    public var table: String
    public var column: String?
    public var detail: String

    public init(_ rule: Rule, table: String, column: String? = nil, _ detail: String) {
        self.rule = rule
        self.table = table
        self.column = column
        self.detail = detail
    }

    public var description: String {
        let target = column.map { "\(table).\($0)" } ?? table
        return "invalid change to \(target): \(detail) [rule: \(rule.label)]"
    }
}

extension RowChange {
    /// The greatest causal length a receiver accepts (SPEC §5.1, §14): 2^40, far beyond any
    /// number of deletes and re-inserts, and far enough below `Int64.max` that a local delete or
    /// re-insert (`cl + 1`) can never overflow.
    public static let maxCausalLength: Int64 = 1 << 40
    /// The most one change may raise a row's causal length above the receiver's (SPEC §5.3,
    /// §17.3): 2^20 deletes and re-inserts between two syncs. Beyond it a change is refused
    /// (`causal-length`), so no change can push a row to `maxCausalLength` at once.
    public static let maxCausalLengthJump: Int64 = 1 << 20

    /// Checks the change against its table's declaration (SPEC §5.2, §9.2). Values are not
    /// checked here: a value that does not fit its column refuses the row, not the chunk (§17.3).
    public func validate(against table: TableSpec) throws(InvalidChange) {
        let name = table.name
        guard key.count == table.primaryKey.count else {
            throw InvalidChange(.key, table: name, "the key has \(key.count) values; the table's has \(table.primaryKey.count)")
        }
        if let bad = key.indices.first(where: { key[$0] == .null || key[$0].isNaN }) {
            throw InvalidChange(.key, table: name, column: table.primaryKey[bad].name, "a key value is \(key[bad])")
        }
        guard causalLength >= 1, causalLength <= Self.maxCausalLength else {
            throw InvalidChange(.causalLength, table: name, "causal length \(causalLength) is outside 1…2^40")
        }
        if isDelta {
            guard isLive else { throw InvalidChange(.columns, table: name, "a deletion is never a delta (it carries columns)") }
            guard scope == nil else { throw InvalidChange(.scope, table: name, "a delta row carries no scope (the receiver holds it)") }
            var last = -1
            for column in columns {
                guard column > last, column < table.columns.count else {
                    throw InvalidChange(.columns, table: name, "a delta names column #\(column) out of order or beyond the table's \(table.columns.count) columns")
                }
                last = column
            }
            guard values.count == columns.count else {
                throw InvalidChange(.columns, table: name, "a delta names \(columns.count) columns but carries \(values.count) values")
            }
            if let stray = versions.exceptions.first(where: { exception in !columns.contains(exception.column) }) {
                throw InvalidChange(.versions, table: name, "a delta carries a version of column #\(stray.column), which it does not carry")
            }
        } else if isLive {
            guard values.count == table.columns.count else {
                throw InvalidChange(.columns, table: name, "a live row carries \(values.count) values; the table has \(table.columns.count) columns")
            }
        } else {
            guard values.isEmpty else { throw InvalidChange(.columns, table: name, "a deletion carries column values") }
            guard versions.exceptions.isEmpty else { throw InvalidChange(.versions, table: name, "a deletion carries per-column versions") }
            guard versions.base != PrivacyProjection.withheldVersion else {
                throw InvalidChange(.version, table: name, "a deletion carries the withheld version (clock 0, origin 0)")
            }
        }
        var previous = -1
        for exception in versions.exceptions {
            guard exception.column >= 0, exception.column < table.columns.count else {
                throw InvalidChange(.versions, table: name, "a version names column #\(exception.column); the table has \(table.columns.count)")
            }
            guard exception.column > previous else {
                throw InvalidChange(
                    .versions, table: name, column: table.columns[exception.column].name,
                    "the column carries a second version, or versions are out of column order (at most one per column, ascending)")
            }
            previous = exception.column
            try Self.check(exception.version, table: name, column: table.columns[exception.column].name)
        }
        try Self.check(versions.base, table: name, column: nil)
        if let scope, !NodeID.isRegionCode(scope.rawValue) {
            throw InvalidChange(.scope, table: name, "scope \(scope.rawValue) is not a region code")
        }
    }

    /// A version is the withheld version (clock 0, origin 0; admission decides where it may
    /// stand, §17.4) or a positive clock with a region code as origin.
    static func check(_ version: CellVersion, table: String, column: String?) throws(InvalidChange) {
        if version == PrivacyProjection.withheldVersion { return }
        guard NodeID.isRegionCode(version.origin.rawValue) else {
            throw InvalidChange(.version, table: table, column: column, "origin \(version.origin.rawValue) is not a 12-digit region code")
        }
        guard version.hlc.rawValue > 0 else {
            throw InvalidChange(.version, table: table, column: column, "clock \(version.hlc.rawValue) is not positive")
        }
    }
}

extension NodeID {
    /// True when `value` is a 12-digit region code (`init(validating:)` accepts its text).
    public static func isRegionCode(_ value: Int64) -> Bool { (1_000_000_000...999_999_999_999).contains(value) }
}
