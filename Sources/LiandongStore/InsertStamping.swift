import Foundation
import GRDB
import GRDBSQLite
import LiandongCore

/// The rows of replicated tables that the replica's writer connection inserted in the current
/// transaction, reported by SQLite's update hook (a C callback per row: no trigger, no SQL), and
/// when that connection last looked for other programs' inserts.
///
/// Touched only on the writer connection, which GRDB serialises; hence `@unchecked Sendable`.
/// One log belongs to one pool: every `Replica` over that pool (`reopened`) shares it, and the
/// hook runs only while one of them executes a statement on the writer.
final class InsertLog: @unchecked Sendable {
    /// The replicated tables' names, as C strings, by table index.
    private let names: [UnsafeMutablePointer<CChar>]
    /// SQLite passes the same name pointer for every row of a table: the last match is cached.
    private var lastName: UnsafePointer<CChar>?
    private var lastIndex = -1
    /// Rowids inserted in the current transaction, by table index, in insertion order.
    private(set) var rowids: [[Int64]]
    private(set) var isEmpty = true
    /// `PRAGMA data_version` of the writer connection when it last stamped other programs'
    /// inserts; nil until it first looks. It changes only when another connection commits.
    private(set) var stampedForeignAt: Int64?
    /// When the last scan for other programs' inserts ended, and how long it took.
    private var lastScan: (end: ContinuousClock.Instant, took: Duration)?
    /// How many times other programs' inserts were scanned for.
    private(set) var foreignScans = 0

    init(tables: [String]) {
        names = tables.map { strdup($0)! }
        rowids = Array(repeating: [], count: tables.count)
    }

    deinit { names.forEach { free($0) } }

    func record(table: UnsafePointer<CChar>, rowid: Int64) {
        if table != lastName || lastIndex < 0 || strcmp(table, names[lastIndex]) != 0 {
            lastName = table
            lastIndex = names.firstIndex { strcmp($0, table) == 0 } ?? -1
        }
        guard lastIndex >= 0 else { return }
        rowids[lastIndex].append(rowid)
        isEmpty = false
    }

    func clear() {
        guard !isEmpty else { return }
        for i in rowids.indices { rowids[i].removeAll(keepingCapacity: true) }
        isEmpty = true
    }

    /// Scans are paced: after one that took d, the next waits at least 10·d.
    func mayScan(at now: ContinuousClock.Instant) -> Bool {
        guard let lastScan else { return true }
        return now >= lastScan.end + lastScan.took * 10
    }

    func scanned(dataVersion: Int64, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) {
        stampedForeignAt = dataVersion
        lastScan = (end, end - start)
        foreignScans += 1
    }

    /// Installs the hook on `db` (the writer connection).
    func install(on db: Database) {
        sqlite3_update_hook(
            db.sqliteConnection,
            { context, operation, database, table, rowid in
                guard operation == SQLITE_INSERT, let context, let table, let database, strcmp(database, "main") == 0 else { return }
                Unmanaged<InsertLog>.fromOpaque(context).takeUnretainedValue().record(table: table, rowid: rowid)
            },
            Unmanaged.passUnretained(self).toOpaque())
    }
}

extension Replica {
    /// Stamps the rows the caller's write transaction has inserted so far, in runs of adjacent
    /// rowids, one statement per run. Every write transaction on this replica does it before it
    /// commits; call it to read the transaction's own inserts back before then.
    public func stampInserts(_ db: Database) throws {
        guard !insertLog.isEmpty else { return }
        for table in tables where !insertLog.rowids[table.index].isEmpty {
            try stamp(table, rowids: insertLog.rowids[table.index].sorted(), db)
        }
        insertLog.clear()
    }

    /// Stamps the inserts other programs (the `sqlite3` shell, an application with its own
    /// connection) have made since this replica last looked, all of them on its first look. The
    /// node looks when it starts and on every turn of its loop; until then sync does not see
    /// those rows (a merge meeting one stamps it first: `apply`).
    ///
    /// A look costs one `PRAGMA data_version` on the writer connection, which changes only when
    /// another connection commits. Then it scans every replicated table for placeholder rows (no
    /// index: about 0.8k SQLite instructions per row) in a write transaction of its own. After a
    /// scan that took d, the next waits at least 10·d, so looking costs at most a tenth of a core
    /// even when another program commits all the time. While another writer holds the lock it
    /// gives up after 0.1 s; a later look stamps the rows.
    public func stampForeignInserts() throws(StoreError) {
        let log = insertLog
        do {
            try pool.writeWithoutTransaction { db in
                let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
                guard version != log.stampedForeignAt, log.mayScan(at: .now) else { return }
                try db.cachedStatement(sql: "PRAGMA busy_timeout = \(Self.bookkeepingBusyMillis)").execute()
                defer { try? db.cachedStatement(sql: "PRAGMA busy_timeout = \(Self.busyMillis)").execute() }
                let start = ContinuousClock.now
                var stamped = 0
                do {
                    try db.inTransaction(.immediate) {
                        for table in self.tables {
                            let rowids = try Int64.fetchAll(db.cachedStatement(sql: table.unstampedRowids))
                            try self.stamp(table, rowids: rowids, db)
                            stamped += rowids.count
                        }
                        return .commit
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    logger.debug("another writer holds the replica; its inserts are stamped on a later look", metadata: ["replica.path": "\(path)"])
                    return
                }
                log.scanned(dataVersion: version, from: start, to: .now)
                if stamped > 0 {
                    logger.info("stamped rows inserted by another program", metadata: ["replica.path": "\(path)", "rows.count": "\(stamped)"])
                }
            }
        } catch {
            throw StoreError.from(error, path: path, doing: "stamping other programs' inserts")
        }
    }

    /// Stamps `rowids` (ascending) of `table` that are still unstamped, with consecutive clock
    /// values per run of adjacent rowids.
    private func stamp(_ table: TableSQL, rowids: [Int64], _ db: Database) throws {
        var i = 0
        while i < rowids.count {
            let first = rowids[i]
            var last = first
            i += 1
            while i < rowids.count, rowids[i] <= last + 1 {
                last = rowids[i]
                i += 1
            }
            let base = try Int64.fetchOne(db.cachedStatement(sql: "UPDATE _ld_clock SET hlc = \(HLC.sqlTick("hlc")) RETURNING hlc"))!
            try db.cachedStatement(sql: table.stampInserts).execute(arguments: [first, last, base, node.rawValue])
            if last > first {
                try db.cachedStatement(sql: "UPDATE _ld_clock SET hlc = ?").execute(arguments: [base + (last - first)])
            }
        }
    }

    /// How many times this replica has scanned for other programs' inserts (tests check that its
    /// own writes never make it scan).
    public var foreignInsertScans: Int {
        pool.writeWithoutTransaction { _ in self.insertLog.foreignScans }
    }
}
