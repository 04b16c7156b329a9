import GRDB

/// The current row of a statement, read by column index straight from SQLite.
struct IndexedRow {
    let statement: SQLiteStatement

    subscript(_ index: Int) -> DatabaseValue { DatabaseValue(sqliteStatement: statement, index: CInt(index)) }

    /// A NOT NULL integer column (the bookkeeping columns).
    func int64(_ index: Int) -> Int64 { Int64.fromDatabaseValue(self[index]) ?? 0 }
    func optionalInt64(_ index: Int) -> Int64? { Int64.fromDatabaseValue(self[index]) }
    func optionalString(_ index: Int) -> String? { String.fromDatabaseValue(self[index]) }
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
