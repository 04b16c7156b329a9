import GRDB
import LiandongCore

/// The result of an operator's SQL statement.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[ColumnValue]]
    /// Rows changed, for a statement that writes.
    public var changes: Int
}

extension Replica {
    /// Runs one SQL statement for an operator. Reads run on a snapshot; writes run in a
    /// transaction (`write`), captured for sync like any other write.
    public func query(_ sql: String) throws(StoreError) -> QueryResult {
        let isReadOnly: Bool
        do {
            isReadOnly = try pool.read { try $0.makeStatement(sql: sql).isReadonly }
            if isReadOnly { return try pool.read { db in try Self.run(sql, db) } }
        } catch {
            throw StoreError.from(error, path: path, doing: "running the statement")
        }
        return try write { db in try Self.run(sql, db) }
    }

    private static func run(_ sql: String, _ db: Database) throws -> QueryResult {
        let statement = try db.makeStatement(sql: sql)
        let columns = statement.columnNames
        let rows = try Row.fetchAll(statement).map { row in (0..<row.count).map { ColumnValue(row[$0] as DatabaseValue) } }
        return QueryResult(columns: columns, rows: rows, changes: statement.isReadonly ? 0 : db.changesCount)
    }
}
