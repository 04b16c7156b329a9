import CSQLiteTuning
import Foundation
import GRDB
import LiandongCore
import Logging
import Synchronization

/// A node's SQLite replica: the declared tables with their change capture, the node's clock, and
/// the per-link cursors. One file holds everything a node knows; it is the unit of backup.
public final class Replica: Sendable {
    public let path: String
    public let node: NodeID
    public let schema: ReplicaSchema
    let pool: DatabasePool
    /// The region tree as this node knows it (its moves, Protocols/SPEC.md §20) and the tables'
    /// statements, whose visibility filters have one code range per possible subtree piece.
    let treeState: Mutex<TreeState>
    /// The columns upgrades appended in place, by table and column (`TableSQL.lateColumns`).
    let lateColumns: [String: [String: Int64]]
    /// The statements of each replicated table, for the current tree.
    var tables: [TableSQL] { treeState.withLock { $0.tables } }
    /// The region tree as this node knows it: codes, and the moves it recorded or adopted.
    public var tree: RegionTree { treeState.withLock { $0.tree } }
    /// One row: each table's newest stamp, then its tombstones' (`StampMaxima`).
    let stampMaximaSQL: String
    /// Each table's personal-data projection (privacy ceiling), by table index.
    let privacyProjections: [PrivacyProjection]
    let logger: Logger
    /// The writer connection's inserts awaiting their stamp (`stampInserts`).
    let insertLog: InsertLog
    /// The city-wide key a district hashes ID numbers with on the way to the city (nil: none
    /// given; the city, towns and villages never hold one). Kept in memory only, never in the file.
    public let privacyKey: PrivacyKey?
    /// The audit log's key (`useAuditKey`).
    let audit = AuditTrail()

    private init(
        path: String, pool: DatabasePool, insertLog: InsertLog, node: NodeID, schema: ReplicaSchema, logger: Logger,
        privacyKey: PrivacyKey? = nil, lateColumns: [String: [String: Int64]] = [:], tree: RegionTree = .prefix
    ) {
        self.path = path
        self.privacyKey = privacyKey
        self.insertLog = insertLog
        self.pool = pool
        self.node = node
        self.schema = schema
        self.lateColumns = lateColumns
        let tables = TreeState.tables(schema, tree: tree, lateColumns: lateColumns)
        self.treeState = Mutex(TreeState(tree: tree, tables: tables))
        self.privacyProjections = schema.tables.map(PrivacyProjection.init)
        self.stampMaximaSQL = "SELECT "
            + (tables.map { "(SELECT max(_ld_seq) FROM \($0.spec.name) WHERE _ld_seq > 0)" } + tables.map { "(SELECT max(_ld_seq) FROM \($0.tomb))" })
            .joined(separator: ", ")
        self.logger = logger
    }

    /// Creates a new replica file for `node` holding `schema`. Fails if the file already is one.
    /// `privacyKey` is the district's key (`PrivacyKeyFile`), held in memory only.
    /// `vfs` names an SQLite VFS to open the file through (nil: the default); test machinery only.
    public static func create(
        at path: String, node: NodeID, schema: ReplicaSchema, logger: Logger, privacyKey: PrivacyKey? = nil, vfs: String? = nil
    ) throws(StoreError) -> Replica {
        do {
            try schema.validate()
        } catch {
            throw StoreError(.invalidChange, error.description)
        }
        let pool = try openPool(path, vfs: vfs)
        do {
            let exists = try pool.read { try $0.tableExists("_ld_clock") }
            if exists { throw StoreError(.alreadyInitialised, "this file already holds a Liandong replica; use `liandong run`", path: path) }
            try pool.write { db in
                try db.execute(sql: ChangeCaptureSQL.bookkeeping)
                try db.execute(sql: Replica.auditTable)
                try db.execute(sql: Replica.sealTables)
                try db.execute(sql: Replica.tombstoneTables)
                try db.execute(sql: "INSERT INTO _ld_clock (id, hlc, node, seq, offset_ms) VALUES (0, 0, ?, 0, 0)", arguments: [node.rawValue])
                try StoredSchema.write(schema, db)
                for table in schema.tables {
                    for statement in ChangeCaptureSQL.install(table) { try db.execute(sql: statement) }
                }
                for statement in schema.localSQL { try db.execute(sql: statement) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: path, doing: "creating the replica")
        }
        logger.info("replica created", metadata: ["replica.path": "\(path)", "node.id": "\(node)", "schema.name": "\(schema.name)"])
        return Replica(
            path: path, pool: pool, insertLog: installInsertLog(schema, pool), node: node, schema: schema, logger: logger,
            privacyKey: node.tier == .district ? privacyKey : nil)
    }

    /// Opens an existing replica. A district takes `privacyKey`, or else the key in its key file
    /// (`privacyKeyFile`, else the path `init` recorded, else `<path>.privacy-key`); a privacy
    /// salt an earlier version stored in the file is removed first (`preparePrivacyKey`).
    ///
    /// `shipped` are the schemas the running build knows (the executable passes its shipped
    /// ones): a file recording a later version of one of them, or a later format of the schema
    /// record (`StoredSchema`), is refused before anything in it changes, since this build would
    /// misread its tables and rules. A file recording its schema as earlier versions did is
    /// rewritten in the current format (`StoredSchema`), with the rest of its bookkeeping.
    public static func open(
        at path: String, logger: Logger, privacyKey: PrivacyKey? = nil, privacyKeyFile: String? = nil, vfs: String? = nil,
        shipped: [ReplicaSchema] = []
    ) throws(StoreError) -> Replica {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notInitialised, "no replica here; create one with `liandong init`", path: path)
        }
        try refuseNewer(path, vfs: vfs, shipped: shipped)
        let pool = try openPool(path, vfs: vfs)
        try upgradeFile(pool, path: path, logger: logger)
        let loaded = try load(path: path, pool: pool, insertLog: nil, logger: logger, privacyKey: nil)
        guard let key = try loaded.preparePrivacyKey(given: privacyKey, file: privacyKeyFile) else { return loaded }
        return try load(path: path, pool: pool, insertLog: loaded.insertLog, logger: logger, privacyKey: key)
    }

    /// Throws when the file records a schema version above the one `shipped` holds for its name
    /// (or a later schema record format), through a read-only connection opened for the check
    /// alone: opening the pool writes to the file (setting up WAL), even when nothing else does.
    private static func refuseNewer(_ path: String, vfs: String?, shipped: [ReplicaSchema]) throws(StoreError) {
        guard !shipped.isEmpty else { return }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: vfs.map { "file:\(path)?vfs=\($0)" } ?? path, configuration: configuration)
            defer { try? queue.close() }
            guard let recorded = try queue.read({ try StoredSchema.recorded($0) }),
                let known = shipped.first(where: { $0.name == recorded.name }), recorded.version > known.version
            else { return }
            throw StoreError(
                .newerSchema,
                "the replica holds schema \(recorded.name) v\(recorded.version), newer than v\(known.version), the newest this build of liandong knows; it was written by a newer liandong: install that version (or a later one) on this node, and do not use this build on the file (it has not been changed)",
                path: path)
        } catch {
            throw StoreError.from(error, path: path, doing: "reading the replica's schema version")
        }
    }

    /// Brings a file made by an earlier version to the current bookkeeping
    /// (`ChangeCaptureSQL.upgradeStatements`) in one transaction, before anything else touches
    /// it. A file that cannot be upgraded is not opened: its old triggers would stamp changes
    /// that the current sync cannot see.
    private static func upgradeFile(_ pool: DatabasePool, path: String, logger: Logger) throws(StoreError) {
        do {
            try pool.write { db in
                guard try db.tableExists("_ld_clock"), try StoredSchema.recorded(db) != nil else { return }
                if let legacy = try StoredSchema.rewriteLegacy(db) {
                    logger.info(
                        "rewrote the replica's schema record in the declaration format (schema.declaration, schema.version)",
                        metadata: ["replica.path": "\(path)", "schema.name": "\(legacy.name)", "schema.version": "\(legacy.version)"])
                }
                if try !db.tableExists("_ld_audit") {
                    try db.execute(sql: Replica.auditTable)
                    logger.info("added the audit log (审计日志) to the replica", metadata: ["replica.path": "\(path)"])
                }
                if try !db.tableExists(Replica.lastSealTable) {
                    try db.execute(sql: Replica.sealTables)
                    logger.info("added origin seals (来源签封) to the replica", metadata: ["replica.path": "\(path)"])
                }
                // The re-key trigger reads the re-insert floor, so a file without it gets the
                // current capture triggers with the tables.
                let addsTombstoneCollection = try !db.tableExists("_ld_reinsert")
                if addsTombstoneCollection { try db.execute(sql: Replica.tombstoneTables) }
                guard let schema = try StoredSchema.read(db) else { return }
                if addsTombstoneCollection {
                    for statement in schema.tables.flatMap(ChangeCaptureSQL.upgrade) { try db.execute(sql: statement) }
                    logger.info("added tombstone collection (墓碑回收) to the replica", metadata: ["replica.path": "\(path)"])
                }
                let clockColumns = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('_ld_clock')"))
                let linkColumns = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('_ld_link')"))
                let insertTrigger = try schema.tables.contains { try Bool.fetchOne(db, sql: ChangeCaptureSQL.hasInsertTrigger($0)) ?? false }
                // Cell stamps and delta gaps (delta rows, Protocols/SPEC.md §5.5): a row with no
                // stamps yet stands for its cells all stored at its own stamp.
                if try !db.tableExists("_ld_gap") { try db.execute(sql: ChangeCaptureSQL.gapTable) }
                let withoutCellStamps = try schema.tables.filter { table in
                    try !String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table.name]).contains("_ld_cs")
                }
                guard
                    let statements = ChangeCaptureSQL.upgradeStatements(
                        clockColumns: clockColumns, linkColumns: linkColumns, hasInsertTrigger: insertTrigger, tables: schema.tables,
                        withoutCellStamps: withoutCellStamps)
                else { return }
                for statement in statements { try db.execute(sql: statement) }
                logger.info(
                    "upgraded the replica's bookkeeping: change stamps apart from the clock, clock offset, link digests",
                    metadata: ["replica.path": "\(path)", "upgrade.statements": "\(statements.count)"])
            }
        } catch {
            throw StoreError.from(error, path: path, doing: "upgrading the replica's bookkeeping to this version")
        }
    }

    /// The replica as a restarted process finds it, read again from the file, over this
    /// replica's open connections. The simulator restarts crashed nodes so: a connection holds
    /// nothing between transactions that the file does not (SQLite checks its caches against the
    /// file at every transaction), while opening new ones — parsing a schema of 200 triggers,
    /// compiling them into every statement again — costs more than the rest of a simulated run.
    /// Real restarts, with new connections after SIGKILL, are exercised by the chaos tests.
    public func reopened() throws(StoreError) -> Replica {
        try Self.load(path: path, pool: pool, insertLog: insertLog, logger: logger, privacyKey: privacyKey)
    }

    /// Reads the node and its schema from an opened file; `insertLog` is the pool's, if it has one.
    private static func load(
        path: String, pool: DatabasePool, insertLog: InsertLog?, logger: Logger, privacyKey: PrivacyKey?
    ) throws(StoreError) -> Replica {
        do {
            let (node, schema, late, moves) = try pool.read { db -> (Int64?, ReplicaSchema?, [String: [String: Int64]], [RegionMove]) in
                guard try db.tableExists("_ld_clock") else { return (nil, nil, [:], []) }
                return (
                    try Int64.fetchOne(db, sql: "SELECT node FROM _ld_clock"), try StoredSchema.read(db), try StoredSchema.lateColumns(db),
                    try Replica.storedMoves(db)
                )
            }
            guard let node, let schema else {
                throw StoreError(.notAReplica, "this SQLite file is not a Liandong replica; create one with `liandong init`", path: path)
            }
            let log = insertLog.flatMap { $0.tableCount == schema.tables.count ? $0 : nil } ?? installInsertLog(schema, pool)
            return Replica(
                path: path, pool: pool, insertLog: log, node: NodeID(rawValue: node), schema: schema, logger: logger,
                privacyKey: privacyKey, lateColumns: late, tree: RegionTree(moves: moves))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: path, doing: "opening the replica")
        }
    }

    /// A new insert log for `pool`, hooked to its writer connection.
    private static func installInsertLog(_ schema: ReplicaSchema, _ pool: DatabasePool) -> InsertLog {
        let log = InsertLog(tables: schema.tables.map(\.name))
        pool.writeWithoutTransaction { log.install(on: $0) }
        return log
    }

    /// True when the process-wide SQLite settings made at load time took effect (no global
    /// allocation statistics, so no process-wide mutex on SQLite's every malloc: tuning.c of
    /// the CSQLiteTuning target). `liandong bench` prints it beside its figures.
    public static var sqliteTuned: Bool { liandong_sqlite_tuning_result() == 0 }

    /// Page cache per connection, in KiB (SQLite's default is 2 MiB; a node's working set of
    /// recently written pages is larger, and stamping at commit revisits the pages a transaction
    /// inserted into).
    public static let cacheKibibytes = 65_536

    private static func openPool(_ path: String, vfs: String?) throws(StoreError) -> DatabasePool {
        // SQLite (built with SQLITE_USE_URI, as Debian's is) reads a `file:` name as a URI.
        let name = vfs.map { "file:\(path)?vfs=\($0)" } ?? path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(Replica.busyMillis) / 1000)
        configuration.prepareDatabase { db in
            // Every commit is durable when it returns (docs/durability-and-time.md): in WAL mode, FULL
            // fsyncs the log at each commit; NORMAL would not, and a power cut could take back
            // writes a user was told were saved and changes a peer was told were stored.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -\(Replica.cacheKibibytes)")
        }
        do {
            let pool = try DatabasePool(path: name, configuration: configuration)
            // GRDB sets NORMAL on the writer when it turns WAL on, after `prepareDatabase`: set
            // FULL again, on the connection that commits.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            // Touch the file so that "not a database" surfaces here, not on first use.
            _ = try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        } catch {
            throw StoreError.from(error, path: path, doing: "opening the database")
        }
    }

    /// Runs `body` in a write transaction. Local writes made here (plain SQL) are captured in the
    /// same transaction: updates and deletes by the triggers, inserts stamped before it commits.
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        try onWriter(.immediate, doing: "writing", body)!
    }

    /// Runs `body` in a write transaction that `body` may abandon: returning nil rolls back all
    /// it did (a writer that looked and found nothing to do leaves no commit behind).
    public func writeIfAny<T: Sendable>(_ body: @Sendable (Database) throws -> T?) throws(StoreError) -> T? {
        try onWriter(.immediate, doing: "writing", body)
    }

    /// How long a write waits for another writer (another process, the `sqlite3` shell) by default.
    static let busyMillis = 10_000
    /// How long the sync loop's writes wait: merging a chunk waits less than a peer's dead-peer
    /// timeout, bookkeeping hardly at all. A long local transaction (a bulk import) then delays
    /// sync — the sender resends the chunk later, the bookkeeping is written on the next tick —
    /// instead of stalling the node's only network thread until its peers drop the link.
    static let mergeBusyMillis = 2_000
    static let bookkeepingBusyMillis = 100

    /// Runs `body` in an immediate write transaction that waits at most `busyMillis` for another
    /// writer before failing with `.locked`.
    func writeWaiting<T: Sendable>(atMost busyMillis: Int, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        try onWriter(.immediate, waitingAtMost: busyMillis, doing: "writing", body)!
    }

    /// Runs `body` on a snapshot read through the writer's connection. The sync loop reads so:
    /// its own merges keep that connection's page cache warm, whereas a reader connection's cache
    /// is dropped whenever another connection commits, and every page read again.
    func readOnWriter<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        try onWriter(.deferred, doing: "reading", body)!
    }

    /// One transaction of `kind` on the writer's connection, committed unless `body` returns nil;
    /// `busyMillis` bounds the wait for another writer (default `Replica.busyMillis`). Every
    /// commit is durable (`synchronous=FULL` on every connection). A write transaction stamps its own inserts before it
    /// commits (`stampInserts`), unless `stampsInserts` is false (a merge: its rows carry their
    /// stamps).
    func onWriter<T: Sendable>(
        _ kind: Database.TransactionKind, waitingAtMost busyMillis: Int? = nil, stampsInserts: Bool = true,
        doing: String, _ body: @Sendable (Database) throws -> T?
    ) throws(StoreError) -> T? {
        let log = insertLog
        do {
            return try pool.writeWithoutTransaction { db in
                if let busyMillis { try db.cachedStatement(sql: "PRAGMA busy_timeout = \(busyMillis)").execute() }
                defer { if busyMillis != nil { try? db.cachedStatement(sql: "PRAGMA busy_timeout = \(Self.busyMillis)").execute() } }
                var result: T?
                try db.inTransaction(kind) {
                    log.clear()
                    result = try body(db)
                    if result == nil { return .rollback }
                    if stampsInserts { try self.stampInserts(db) } else { log.clear() }
                    return .commit
                }
                return result
            }
        } catch {
            throw StoreError.from(error, path: path, doing: doing)
        }
    }

    /// Runs `body` with the connection's triggers off (SQLITE_DBCONFIG_ENABLE_TRIGGER). A merge
    /// runs so: every Liandong trigger stands aside while it writes (a capture trigger sees
    /// `_ld_applying` or a new `_ld_seq`, a guard sees `_ld_applying`), but SQLite would still
    /// run each trigger's program on every row it writes to find that out, and a table like
    /// `case_accept` has some sixty. Turning triggers off or on expires the connection's
    /// prepared statements, which SQLite prepares again on their next use: merge statements
    /// then compile without trigger programs, and local writes compile theirs again.
    /// If SQLite refuses the setting, `body` runs with triggers on, which gives the same result;
    /// it refuses only an unknown option, so having taken "off" it takes "on" again.
    static func withTriggersOff<T>(_ db: Database, _ body: () throws -> T) rethrows -> T {
        guard let connection = db.sqliteConnection, liandong_sqlite_enable_triggers(connection, 0) == 0 else { return try body() }
        defer { _ = liandong_sqlite_enable_triggers(connection, 1) }
        return try body()
    }

    /// Gives back the memory the replica's connections hold between uses: cached statements
    /// (each with its compiled triggers), page caches, idle readers. A process holding many
    /// replicas at once (`liandong generate`) calls it on those it is done with for a while.
    public func releaseMemory() {
        pool.releaseMemory()
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError.from(error, path: path, doing: "reading") }
    }

    /// The newest change stamp this node has issued (its head).
    public func head() throws(StoreError) -> ChangeSeq {
        try read { try Self.head($0) }
    }

    /// The head as the caller's transaction sees it (a writer: including its own changes).
    public static func head(_ db: Database) throws -> ChangeSeq {
        ChangeSeq(rawValue: try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM _ld_clock")) ?? 0)
    }

    public func setting(_ key: String) throws(StoreError) -> String? {
        try read { try String.fetchOne($0.cachedStatement(sql: "SELECT value FROM _ld_setting WHERE key = ?"), arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String?) throws(StoreError) {
        try write { db in
            if let value {
                try db.execute(
                    sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM _ld_setting WHERE key = ?", arguments: [key])
            }
        }
    }

    /// The rows of a replicated table (declared columns only), ordered by primary key: what two
    /// converged replicas must agree on.
    public func dump(table: String) throws(StoreError) -> [[ColumnValue]] {
        guard let spec = schema.tables.first(where: { $0.name == table }) else {
            throw StoreError(.invalidChange, "no replicated table '\(table)'", path: path)
        }
        let columns = spec.allColumns.map(\.name).joined(separator: ", ")
        let order = spec.primaryKey.map(\.name).joined(separator: ", ")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(spec.name) ORDER BY \(order)").map { row in
                (0..<row.count).map { ColumnValue(row[$0] as DatabaseValue) }
            }
        }
    }

    /// Writes a consistent copy of the replica to `path` (SQLite's online backup, page by page),
    /// while it stays in use: a backup an operator may later put back in its place.
    public func backup(to path: String) throws(StoreError) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        do {
            let copy = try DatabaseQueue(path: path)
            try pool.backup(to: copy)
            try copy.close()
        } catch {
            throw StoreError.from(error, path: self.path, doing: "backing up to \(path)")
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a healthy file.
    public func integrityCheck() throws(StoreError) -> String {
        try read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// SQLite's `quick_check`: the b-tree structure and record formats, without matching every
    /// index to its table, in a fraction of `integrityCheck`'s time ("ok" when sound). What a
    /// node checks at every start; the full check is `liandong check`.
    public func quickCheck() throws(StoreError) -> String {
        try read { try String.fetchAll($0, sql: "PRAGMA quick_check").joined(separator: "; ") }
    }
}

extension StoreError {
    /// Classifies a GRDB/SQLite error for the operator.
    static func from(_ error: any Error, path: String, doing: String) -> StoreError {
        if var error = error as? StoreError {
            if error.path == nil { error.path = path }
            return error
        }
        guard let dbError = error as? DatabaseError else {
            return StoreError(.sqlite, "\(doing) failed", path: path, underlying: error)
        }
        switch dbError.resultCode {
        case .SQLITE_NOTADB:
            return StoreError(.notAReplica, "\(doing) failed: the file is not an SQLite database", path: path, underlying: dbError)
        case .SQLITE_CORRUPT:
            return StoreError(.corrupt, "\(doing) failed: the database file is damaged; restore it from a backup or re-initialise and resync", path: path, underlying: dbError)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.locked, "\(doing) failed: the database is locked by another process", path: path, underlying: dbError)
        case .SQLITE_FULL:
            return StoreError(.diskFull, "\(doing) failed: the disk is full; nothing of this change was applied — free space and sync resumes", path: path, underlying: dbError)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_PERM:
            return StoreError(.sqlite, "\(doing) failed: cannot open or write the database file", path: path, underlying: dbError)
        default:
            return StoreError(.sqlite, "\(doing) failed", path: path, underlying: dbError)
        }
    }
}
