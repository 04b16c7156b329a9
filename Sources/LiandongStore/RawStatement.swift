import GRDB
import GRDBSQLite
import LiandongCore

/// A prepared statement bound and stepped through SQLite's C interface. The merge runs a few
/// statements per row with up to 30 values each; GRDB's `StatementArguments` boxes every value
/// as an existential and looks up its conformances at run time, which cost more than SQLite's own
/// work on the row. Use it only for statements nothing else binds through GRDB: it leaves them
/// reset and their bindings in place.
public struct RawStatement {
    public let statement: Statement
    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// Resets the statement first: GRDB resets a statement only when it next runs it, so one a
    /// GRDB cursor left part-read would refuse new bindings (`SQLITE_MISUSE`) and keep the old.
    public init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public func bind(_ index: Int32, _ value: ColumnValue) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let v): sqlite3_bind_int64(handle, index, v)
        case .real(let v): sqlite3_bind_double(handle, index, v)
        case .text(let v): bind(index, text: v)
        case .blob(let v):
            v.withUnsafeBytes { bytes in
                // A zero-length blob still binds as a blob, not NULL.
                _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
            }
        }
    }

    public func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    public func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    public func bind(_ index: Int32, text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { utf8 in
            // As GRDB binds text (up to a NUL byte), so that every path stores a cell the same.
            let length = utf8.firstIndex(of: 0) ?? utf8.count
            guard let base = utf8.baseAddress, length > 0 else {
                // A zero-length text still binds as text, not NULL.
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                return
            }
            _ = base.withMemoryRebound(to: CChar.self, capacity: length) { sqlite3_bind_text(handle, index, $0, Int32(length), Self.transient) }
        }
    }

    /// Binds UTF-8 text given as bytes (no NUL among them), or NULL.
    public func bind(_ index: Int32, utf8 bytes: [UInt8]?) {
        guard let bytes else {
            sqlite3_bind_null(handle, index)
            return
        }
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                return
            }
            _ = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { sqlite3_bind_text(handle, index, $0, Int32(buffer.count), Self.transient) }
        }
    }

    /// Runs the statement to its end and resets it.
    public func run(_ db: Database) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            if code != SQLITE_ROW { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql) }
        }
    }

    /// Steps to the first row and hands it to `body` (nil: no row), then resets the statement.
    func first<T>(_ db: Database, _ body: (IndexedRow) throws -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        if code != SQLITE_ROW { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql) }
        return try body(IndexedRow(statement: handle))
    }
}
