import Foundation
import GRDB
import LiandongCore
import LiandongStore
import Logging

/// Writes a replica's cases, events, results and evaluations as the national exchange tables
/// (`NationalExchange`), incrementally: each run exports the rows this replica has changed (its
/// own writes and its merges, by the local change stamp `_ld_seq`) since the last run, as one
/// batch directory of one file per table. `docs/export.md` describes the files and the mapping.
///
/// - The cursor (the replica's head when the last run read its rows) is the local setting
///   `export.cursor` (`_ld_setting`, never replicated). It moves only after every file of the
///   batch is written, fsynced and renamed into place, in the transaction that records the
///   exported rows; a run that fails before leaves it where it was, and the next run exports the
///   same rows again (in a new batch, with the same versions).
/// - `version` counts this node's exports of the row and `cd_operation` is `I` on the first, `U`
///   after: both come from the local ledger `_ld_export_row` (table, key, version), created by
///   the first run, never replicated.
/// - Values are exported exactly as the replica holds them: at the city the personal columns are
///   masked or hashed already (Protocols/SPEC.md §17.4); at a district or below they are raw.
public enum ExchangeExport {
    /// The file format.
    public enum Format: String, Sendable, CaseIterable {
        /// RFC 4180 CSV, UTF-8, a header record of the column names, CRLF line ends.
        case csv
        /// A JSON array of objects (one per line), keys in column order.
        case json
    }

    /// The setting that holds the export cursor (a change stamp).
    public static let cursorSetting = "export.cursor"
    /// The local table of exported rows and their versions.
    public static let ledgerTable = "_ld_export_row"
    static let createLedger = """
        CREATE TABLE IF NOT EXISTS \(ledgerTable) (tbl TEXT NOT NULL, row_key TEXT NOT NULL, version INTEGER NOT NULL,
            PRIMARY KEY (tbl, row_key)) WITHOUT ROWID
        """

    /// What one run exported.
    public struct Summary: Sendable {
        /// The batch id (`cd_batch`), nil when nothing had changed and nothing was written.
        public var batch: String?
        /// The batch's directory, nil when nothing was written.
        public var directory: String?
        /// Rows per exchange table, in `NationalExchange.tables` order.
        public var rows: [(table: String, chineseName: String, rows: Int)]
        /// The cursor before the run: rows stamped after it were read (0 with `full`).
        public var after: ChangeSeq
        /// The cursor after the run: the replica's head when the run read its rows.
        public var upTo: ChangeSeq
        /// True when the node is below the city, so personal columns are exported raw.
        public var personalDataRaw: Bool
        /// The rows of all tables.
        public var total: Int { rows.reduce(0) { $0 + $1.rows } }
    }

    /// Exports the rows of `replica` changed since the last run (all of them when `full`) into a
    /// new batch directory under `directory`, created if missing. Nothing is written when no
    /// row changed. `now` is the export time (`cd_time`, and the batch id).
    public static func run(
        _ replica: Replica, format: Format, to directory: String, full: Bool = false, now: Date = Date(), logger: Logger
    ) throws(ExportError) -> Summary {
        guard replica.schema.name == GovernmentSchema.name else {
            throw ExportError(
                .wrongSchema,
                "this replica holds the '\(replica.schema.name)' schema; the exchange tables are read from the '\(GovernmentSchema.name)' schema (case_accept, case_event, case_result, evaluation)",
                rule: "export source 导出来源: the gov schema", path: replica.path)
        }
        let node = replica.node
        do {
            try replica.stampForeignInserts()
        } catch {
            throw ExportError(.store, "could not stamp rows other programs inserted", rule: "change capture 变更捕获", path: replica.path, underlying: error)
        }
        let parent = URL(fileURLWithPath: directory)
        try prepare(directory: parent.path)
        let batch = batchID(node: node, now: now, in: parent.path)
        let staging = parent.appendingPathComponent(".\(batch).partial").path
        let run = Run(node: node, batch: batch, time: exportTime(now), format: format, staging: staging, full: full)
        let failure = ErrorBox()
        // Every table in one snapshot, the files written as the rows come.
        let read: Snapshot
        do {
            read = try replica.read { db in try failure.capturing { try run.read(db) } }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if let error = failure.error { throw error }
            throw ExportError(.store, "reading the rows to export failed", rule: "export source 导出来源", path: replica.path, underlying: error)
        }
        let counts = NationalExchange.tables.enumerated().map { index, table in
            (table: table.name, chineseName: table.chineseName, rows: index < read.tables.count ? read.tables[index].keys.count : 0)
        }
        var summary = Summary(
            batch: nil, directory: nil, rows: counts, after: ChangeSeq(rawValue: read.after), upTo: ChangeSeq(rawValue: max(read.head, read.after)),
            personalDataRaw: node.tier > .city)
        let written = summary.total > 0
        let final = parent.appendingPathComponent(batch).path
        // Record the rows and move the cursor; the batch is renamed into place (and the rename
        // made durable) inside that transaction, so a cursor never passes a batch not on disk.
        do {
            let tables = read.tables
            let stored = read.storedCursor
            let head = read.head
            let conflict = try replica.write { db -> String?? in
                let current = try String.fetchOne(db, sql: "SELECT value FROM _ld_setting WHERE key = ?", arguments: [cursorSetting])
                guard current == stored else { return .some(current) }
                if written {
                    try db.execute(sql: createLedger)
                    let upsert = try db.makeStatement(
                        sql: "INSERT INTO \(ledgerTable) (tbl, row_key, version) VALUES (?, ?, ?) ON CONFLICT (tbl, row_key) DO UPDATE SET version = excluded.version")
                    for table in tables {
                        for (key, version) in zip(table.keys, table.versions) { try upsert.execute(arguments: [table.table, key, version]) }
                    }
                }
                try db.execute(
                    sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [cursorSetting, String(max(head, stored.flatMap(Int64.init) ?? 0))])
                if written { try failure.capturing { try publish(staging, as: final) } }
                return .none
            }
            if case .some(let current) = conflict {
                try? FileManager.default.removeItem(atPath: staging)
                throw ExportError(
                    .concurrentExport,
                    "another export moved the cursor from \(stored ?? "none") to \(current ?? "none") meanwhile; this batch is discarded, run the export again",
                    rule: "one export at a time 单一导出", path: replica.path)
            }
        } catch let error as ExportError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if let error = failure.error { throw error }
            throw ExportError(.store, "recording the export failed; the cursor did not move and the next export writes these rows again", rule: "export cursor 导出游标", path: replica.path, underlying: error)
        }
        if written {
            summary.batch = batch
            summary.directory = final
        }
        logger.info(
            "exported to the national exchange tables",
            metadata: [
                "replica.path": "\(replica.path)", "export.batch": "\(written ? batch : "none")", "export.rows": "\(summary.total)",
                "export.after": "\(read.after)", "export.up_to": "\(summary.upTo)",
            ])
        return summary
    }

    /// One table's exported rows, for the ledger.
    struct Exported: Sendable {
        var table: String
        var keys: [String] = []
        var versions: [Int64] = []
    }

    /// What the read found: the cursor as stored, the range read, the rows exported per table.
    struct Snapshot: Sendable {
        var storedCursor: String?
        var after: Int64
        var head: Int64
        var tables: [Exported] = []
    }

    /// One export run: what every row's envelope gets, and where the batch is staged.
    struct Run: Sendable {
        var node: NodeID
        var batch: String
        var time: String
        var format: Format
        var staging: String
        var full: Bool

        /// Reads the rows changed after the cursor (all with `full`) in the caller's read
        /// transaction and writes them to the staged files, fsynced. No files when none changed.
        func read(_ db: Database) throws -> Snapshot {
            let stored = try String.fetchOne(db, sql: "SELECT value FROM _ld_setting WHERE key = ?", arguments: [cursorSetting])
            let cursor = full ? 0 : stored.flatMap(Int64.init) ?? 0
            let head = try Replica.head(db).rawValue
            var snapshot = Snapshot(storedCursor: stored, after: cursor, head: head)
            guard head > cursor else { return snapshot }
            let hasLedger = try db.tableExists(ledgerTable)
            var writers: [TableFileWriter?] = []
            for table in NationalExchange.tables {
                var exported = Exported(table: table.name)
                var writer: TableFileWriter?
                let rows = try Row.fetchCursor(db.makeStatement(sql: query(table, ledger: hasLedger)), arguments: [cursor, head])
                while let row = try rows.next() {
                    let version = (row[1] as Int64? ?? 0) + 1
                    if writer == nil { writer = try TableFileWriter(table: table, format: format, directory: staging) }
                    try writer!.append(values(of: row, in: table, version: version))
                    exported.keys.append(row[0])
                    exported.versions.append(version)
                }
                snapshot.tables.append(exported)
                writers.append(writer)
            }
            // Once any table has a row, every table has its file, so that a batch is whole.
            guard snapshot.tables.contains(where: { !$0.keys.isEmpty }) else { return snapshot }
            for (index, table) in NationalExchange.tables.enumerated() {
                try (writers[index] ?? TableFileWriter(table: table, format: format, directory: staging)).finish()
            }
            return snapshot
        }

        /// A row of `query(table, …)` as the table's values, envelope filled in.
        func values(of row: Row, in table: ExchangeTable, version: Int64) -> [ExchangeValue] {
            var values: [ExchangeValue] = []
            values.reserveCapacity(table.columns.count)
            var index = 2
            for column in table.columns {
                switch column.source {
                case .none: values.append(.null)
                case .sql:
                    values.append(ExchangeValue(row[index] as DatabaseValue))
                    index += 1
                case .envelope(.version): values.append(.integer(version))
                case .envelope(.batch): values.append(.text(batch))
                case .envelope(.operation): values.append(.text(version == 1 ? "I" : "U"))
                case .envelope(.time): values.append(.text(time))
                case .envelope(.dataSource): values.append(.text(node.description))
                }
            }
            return values
        }
    }

    /// The SELECT of `table`'s rows stamped in (?1, ?2]: the key, the ledger's version, then the
    /// SQL columns in order.
    static func query(_ table: ExchangeTable, ledger: Bool) -> String {
        let alias = table.alias
        let columns = table.columns.compactMap { column -> String? in
            if case .sql(let expression) = column.source { return expression }
            return nil
        }
        let version = ledger ? "x.version" : "NULL"
        let ledgerJoin = ledger ? "LEFT JOIN \(ledgerTable) x ON x.tbl = '\(table.name)' AND x.row_key = \(alias).\(table.key)" : ""
        return """
            SELECT \(alias).\(table.key), \(version), \(columns.joined(separator: ", "))
            FROM \(table.source) \(alias) \(table.joins) \(ledgerJoin)
            WHERE \(alias)._ld_seq > 0 AND \(alias)._ld_seq > ? AND \(alias)._ld_seq <= ?
            ORDER BY \(alias)._ld_seq
            """
    }

    /// Creates `directory` if missing; fails unless it is a directory this process can write.
    static func prepare(directory: String) throws(ExportError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ExportError(.unwritableDirectory, "the output path is a file, not a directory", rule: "export directory 导出目录: an existing or creatable directory", path: directory)
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ExportError(.unwritableDirectory, "cannot create the output directory", rule: "export directory 导出目录: an existing or creatable directory", path: directory, underlying: error)
            }
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw ExportError(.unwritableDirectory, "cannot write into the output directory (\(String(cString: strerror(errno))))", rule: "export directory 导出目录: writable", path: directory)
        }
    }

    /// `<node>-<yyyyMMddHHmmssSSS>` (local time), with `-2`, `-3` … when a batch of that name exists.
    static func batchID(node: NodeID, now: Date, in directory: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyyMMddHHmmssSSS"
        let base = "\(node)-\(formatter.string(from: now))"
        var candidate = base
        var suffix = 1
        while FileManager.default.fileExists(atPath: "\(directory)/\(candidate)") || FileManager.default.fileExists(atPath: "\(directory)/.\(candidate).partial") {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        return candidate
    }

    /// `cd_time`: ISO 8601 in local time with its offset (`2026-11-06T17:30:00+08:00`).
    static func exportTime(_ now: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .current
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: now)
    }

    /// Renames the staged batch to its name and fsyncs the parent directory, so the rename
    /// survives a power cut.
    static func publish(_ staging: String, as final: String) throws {
        syncDirectory(staging)
        guard rename(staging, final) == 0 else {
            throw ExportError(.io, "cannot rename the batch into place (\(String(cString: strerror(errno))))", rule: "export directory 导出目录", path: final)
        }
        guard syncDirectory((final as NSString).deletingLastPathComponent) else {
            throw ExportError(.io, "cannot fsync the output directory (\(String(cString: strerror(errno))))", rule: "export directory 导出目录", path: final)
        }
    }

    @discardableResult
    static func syncDirectory(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }
}

/// Keeps an `ExportError` thrown inside a replica transaction, which the store reports as its
/// own error (`StoreError`) after rolling back.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: ExportError?

    var error: ExportError? { lock.withLock { stored } }

    func capturing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExportError {
            lock.withLock { stored = error }
            throw error
        }
    }
}

extension ExchangeValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .text(data.base64EncodedString())
        }
    }
}
