import Foundation
import GRDB
import GRDBSQLite
import LiandongCore

/// The rows of replicated tables that the replica's writer connection inserted in the current
/// transaction, reported by SQLite's update hook (a C callback per row: no trigger, no SQL), and
/// the schedule of that connection's scans for other programs' inserts.
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
    /// Rowids inserted in the current transaction, by table index, as runs of consecutive rowids
    /// in insertion order (a bulk insert of a million rows is one run, not a million entries).
    private(set) var runs: [[RowidRun]]
    private(set) var isEmpty = true
    /// When to scan for other programs' inserts.
    var foreignScans = ForeignScanSchedule()

    /// How many tables it logs (an upgrade that adds tables installs a new log).
    var tableCount: Int { names.count }

    init(tables: [String]) {
        names = tables.map { strdup($0)! }
        runs = Array(repeating: [], count: tables.count)
    }

    deinit { names.forEach { free($0) } }

    func record(table: UnsafePointer<CChar>, rowid: Int64) {
        if table != lastName || lastIndex < 0 || strcmp(table, names[lastIndex]) != 0 {
            lastName = table
            lastIndex = names.firstIndex { strcmp($0, table) == 0 } ?? -1
        }
        guard lastIndex >= 0 else { return }
        RowidRun.append(rowid, to: &runs[lastIndex])
        isEmpty = false
    }

    func clear() {
        guard !isEmpty else { return }
        for i in runs.indices { runs[i].removeAll(keepingCapacity: true) }
        isEmpty = true
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

/// When the writer connection scans for other programs' inserts (`stampForeignInserts`).
struct ForeignScanSchedule {
    /// `PRAGMA data_version` of the writer connection at the last scan; nil before the first.
    /// It changes only when another connection commits.
    private var scannedAt: Int64?
    /// When the last scan ended, and how long it took.
    private var lastScan: (end: ContinuousClock.Instant, took: Duration)?
    /// The data version last seen changing, and when: scans wait until the other program is quiet.
    private var lastChange: (version: Int64, at: ContinuousClock.Instant)?
    /// When a change was first seen since the last scan: a scan waits for quiet at most `longestWait`.
    private var pendingSince: ContinuousClock.Instant?
    /// How many scans have run.
    private(set) var count = 0
    /// How long another program must have committed nothing before its inserts are scanned for.
    static let quietPeriod = Duration.seconds(1)
    /// How long a program that never stops committing can delay the scan for its inserts.
    static let longestWait = Duration.seconds(30)

    /// Whether a look at data version `version` should scan now: always on the first look; never
    /// when no other connection has committed since the last scan; otherwise once the other
    /// program has been quiet for `quietPeriod` (its statements come in bursts, and a scan that
    /// finds rows takes the write lock, which a `sqlite3` shell without `.timeout` fails on) or
    /// has kept committing for `longestWait`, and at least 10·d after a scan that took d.
    mutating func shouldScan(version: Int64, at now: ContinuousClock.Instant) -> Bool {
        guard let scannedAt else { return true }
        guard version != scannedAt else { return false }
        guard let lastChange, lastChange.version == version, let pendingSince else {
            if pendingSince == nil { pendingSince = now }
            lastChange = (version, now)
            return false
        }
        guard now >= lastChange.at + Self.quietPeriod || now >= pendingSince + Self.longestWait else { return false }
        guard let lastScan else { return true }
        return now >= lastScan.end + lastScan.took * 10
    }

    /// A scan at data version `version` ran from `start` to `end`.
    mutating func scanned(version: Int64, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) {
        scannedAt = version
        pendingSince = nil
        lastScan = (end, end - start)
        count += 1
    }
}

/// Rowids `first...last`.
struct RowidRun {
    var first: Int64
    var last: Int64

    /// Extends the last of `runs` by `rowid` if it comes next, or starts a new run.
    static func append(_ rowid: Int64, to runs: inout [RowidRun]) {
        if let last = runs.last, last.last < .max, last.last + 1 == rowid {
            runs[runs.count - 1].last = rowid
        } else {
            runs.append(RowidRun(first: rowid, last: rowid))
        }
    }

    /// `runs` sorted and with overlapping or adjacent runs joined (a rowid can be logged twice when
    /// a savepoint rolls an insert back and the rowid is used again).
    static func joined(_ runs: [RowidRun]) -> [RowidRun] {
        var joined: [RowidRun] = []
        for run in runs.sorted(by: { $0.first < $1.first }) {
            if let last = joined.last, last.last == .max || run.first <= last.last + 1 {
                joined[joined.count - 1].last = max(last.last, run.last)
            } else {
                joined.append(run)
            }
        }
        return joined
    }
}

extension Replica {
    /// Stamps the rows the caller's write transaction has inserted so far, in runs of adjacent
    /// rowids, one statement per run. Every write transaction on this replica does it before it
    /// commits; call it to read the transaction's own inserts back before then.
    public func stampInserts(_ db: Database) throws {
        guard !insertLog.isEmpty else { return }
        for table in tables where !insertLog.runs[table.index].isEmpty {
            try stamp(table, runs: RowidRun.joined(insertLog.runs[table.index]), db)
        }
        insertLog.clear()
    }

    /// Stamps the inserts other programs (the `sqlite3` shell, an application with its own
    /// connection) have made since this replica last looked, all of them on its first look. The
    /// node looks when it starts and on every turn of its loop; until then sync does not see
    /// those rows (a merge meeting one stamps it first: `apply`).
    ///
    /// A look costs one `PRAGMA data_version` on the writer connection, which changes only when
    /// another connection commits. Once that program has been quiet for a second (or has kept
    /// committing for 30 seconds), the look scans
    /// every replicated table for placeholder rows (no index: about 0.8k SQLite instructions per
    /// row) in a read transaction, which never gets in another writer's way, and takes the write
    /// lock only to stamp what it found. After a scan that took d, the next waits at least 10·d,
    /// so looking costs at most a tenth of a core even when another program commits all the time.
    /// While another writer holds the lock it gives up after 0.1 s; a later look stamps the rows.
    public func stampForeignInserts() throws(StoreError) {
        let log = insertLog
        let tables = self.tables
        do {
            try pool.writeWithoutTransaction { db in
                let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
                let start = ContinuousClock.now
                guard log.foreignScans.shouldScan(version: version, at: start) else { return }
                var found = false
                try db.inTransaction(.deferred) {
                    found = try tables.contains { try Bool.fetchOne(db.cachedStatement(sql: $0.anyUnstamped)) ?? false }
                    return .commit
                }
                var stamped = 0
                if found {
                    try db.cachedStatement(sql: "PRAGMA busy_timeout = \(Self.bookkeepingBusyMillis)").execute()
                    defer { try? db.cachedStatement(sql: "PRAGMA busy_timeout = \(Self.busyMillis)").execute() }
                    do {
                        try db.inTransaction(.immediate) {
                            for table in tables {
                                var runs: [RowidRun] = []
                                let rowids = try Int64.fetchCursor(db.cachedStatement(sql: table.unstampedRowids))
                                while let rowid = try rowids.next() {
                                    RowidRun.append(rowid, to: &runs)
                                    stamped += 1
                                }
                                try self.stamp(table, runs: runs, db)
                            }
                            return .commit
                        }
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                        logger.debug("another writer holds the replica; its inserts are stamped on a later look", metadata: ["replica.path": "\(path)"])
                        return
                    }
                }
                log.foreignScans.scanned(version: version, from: start, to: .now)
                if stamped > 0 {
                    logger.info("stamped rows inserted by another program", metadata: ["replica.path": "\(path)", "rows.count": "\(stamped)"])
                }
            }
        } catch {
            throw StoreError.from(error, path: path, doing: "stamping other programs' inserts")
        }
    }

    /// Takes the first stamp and clock value of a run of inserts.
    static let tickForStamp = "UPDATE _ld_clock SET seq = \(HLC.sqlNextStamp("seq")), hlc = \(HLC.sqlTick("hlc", offset: "offset_ms")) RETURNING seq, hlc"

    /// Stamps the rows of `runs` (ascending, disjoint) of `table` that are still unstamped, with
    /// consecutive stamps and clock values along each run: one statement per run.
    private func stamp(_ table: TableSQL, runs: [RowidRun], _ db: Database) throws {
        let buried = try Bool.fetchOne(db.cachedStatement(sql: table.hasTombstones)) ?? true
        let stampRun = try db.cachedStatement(sql: buried ? table.stampInserts : table.stampInsertsUnburied)
        for run in runs {
            var seq: Int64 = 0
            var clock: Int64 = 0
            let ticked = try IndexedRowCursor(try db.cachedStatement(sql: Self.tickForStamp), arguments: [])
            while let row = try ticked.next() {
                seq = row.int64(0)
                clock = row.int64(1)
            }
            try stampRun.execute(arguments: [run.first, run.last, seq, node.rawValue, clock])
            if run.last > run.first {
                try db.cachedStatement(sql: "UPDATE _ld_clock SET seq = seq + ?1, hlc = hlc + ?1").execute(arguments: [run.last - run.first])
            }
        }
    }

    /// How many times this replica has scanned for other programs' inserts (tests check that its
    /// own writes never make it scan).
    public var foreignInsertScans: Int {
        pool.writeWithoutTransaction { _ in self.insertLog.foreignScans.count }
    }
}
