import GRDB
import GRDBSQLite
import LiandongCore

/// The current row of a statement, read by column index straight from SQLite.
struct IndexedRow {
    let statement: SQLiteStatement

    subscript(_ index: Int) -> DatabaseValue { DatabaseValue(sqliteStatement: statement, index: CInt(index)) }

    /// The column's value, read with SQLite's own accessors (no `DatabaseValue` in between).
    func value(_ index: Int) -> ColumnValue {
        let column = CInt(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(text(column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// As GRDB reads text (up to a NUL byte), so that every path reads a cell the same.
    private func text(_ column: CInt) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: bytes)
    }

    /// A NOT NULL integer column (the bookkeeping columns).
    func int64(_ index: Int) -> Int64 { optionalInt64(index) ?? 0 }

    func optionalInt64(_ index: Int) -> Int64? {
        let column = CInt(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return sqlite3_column_int64(statement, column)
        case SQLITE_NULL: return nil
        default: return Int64.fromDatabaseValue(self[index])
        }
    }

    /// A text or blob column's bytes (nil: NULL).
    func optionalBytes(_ index: Int) -> [UInt8]? {
        let column = CInt(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT, SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: count))
        default: return nil
        }
    }

    func optionalString(_ index: Int) -> String? {
        let column = CInt(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_TEXT: return text(column)
        case SQLITE_NULL: return nil
        default: return String.fromDatabaseValue(self[index])
        }
    }
}

/// A prepared statement's rows, read by column index. The sync paths read their wide rows (up to
/// 30 columns) so: GRDB's `Row` builds a dictionary of lowercased column names for every query
/// it runs, which costs more than running these queries. Iterate to the end, as with any cursor.
final class IndexedRowCursor: DatabaseCursor {
    typealias Element = IndexedRow
    let _statement: Statement
    var _isDone = false

    init(_ statement: Statement, arguments: StatementArguments) throws {
        _statement = statement
        try statement.setArguments(arguments)
    }

    func _element(sqliteStatement: SQLiteStatement) -> IndexedRow { IndexedRow(statement: sqliteStatement) }
}

extension Statement {
    /// Runs the statement to its end with `values` bound: bound once through `setArguments`,
    /// where `execute(arguments:)` nests a closure per value (a merged row binds ~30).
    func run(_ values: [DatabaseValue]) throws {
        try setArguments(StatementArguments(values))
        try execute()
    }
}
