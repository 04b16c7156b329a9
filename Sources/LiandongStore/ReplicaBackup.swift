import Foundation
import GRDB
import LiandongCore
import Logging

/// Backup (备份) and restore (恢复) of a node's replica file (deploy/README.md, "Backup and
/// restore").
///
/// A backup is one self-contained SQLite file: a consistent snapshot of the replica taken while
/// the node may be writing (`VACUUM INTO` reads one snapshot; in WAL mode it neither waits for the
/// node nor holds it up), with what a backup must not hold left out (`secretSettings`) and two
/// settings saying when and from which node it was taken. It never holds the node's secret key or
/// the privacy key: those live in their own files (`<db>.node-key`, `<db>.privacy-key`) and are
/// backed up apart. A replica put back from an older backup re-converges exactly with its parent
/// and children (docs/durability-and-time.md, "A replica that goes back in time").
public enum ReplicaBackup {
    /// The setting recording when a backup was taken (ISO 8601, UTC).
    public static let takenAtSetting = "backup.taken_at"
    /// The setting recording the node a backup was taken from (its region code).
    public static let takenFromSetting = "backup.node"

    /// Settings that hold secrets and are left out of every backup: the privacy salt of version 1
    /// (`Replica.privacySaltSetting`), which a replica not yet opened by this version may still
    /// hold. Every other setting is configuration (endpoints, the schedule, the schema, the path
    /// of the privacy key file — not the key) or a cursor.
    public static let secretSettings = [Replica.privacySaltSetting]

    /// Which node and schema a replica or backup file belongs to.
    public struct Identity: Sendable, Equatable {
        /// The node the file belongs to (`_ld_clock.node`, its region code).
        public var node: NodeID
        /// The replicated schema's name and version (`ReplicaSchema`).
        public var schemaName: String
        public var schemaVersion: Int
        /// The newest change stamp the file holds (its head).
        public var head: ChangeSeq
        /// Rows in the replicated tables, and how many tables.
        public var rows: Int64
        public var tables: Int
        /// When and from which node `liandong backup` took it (nil: a copy made otherwise).
        public var takenAt: String?
        public var takenFrom: String?
    }

    /// What `take` wrote.
    public struct Report: Sendable {
        /// The backup file, and what it holds.
        public var path: String
        public var identity: Identity
        /// Its size on disk, and how long taking it took.
        public var bytes: Int64
        public var seconds: Double
        /// Secret settings the replica held and the backup left out (`secretSettings`).
        public var leftOut: [String]
    }

    /// What `restore` did.
    public struct RestoreReport: Sendable {
        /// What the restored replica holds, and its size on disk.
        public var identity: Identity
        public var bytes: Int64
        /// Where the replaced files went (the replica, and its `-wal` and `-shm` if there were any).
        public var movedAside: [String]
    }

    /// Writes a backup of the replica at `source` to `destination`: a snapshot at a temporary name
    /// beside it, secrets left out, the backup settings written, `integrity_check` ok, fsynced,
    /// then renamed into place and the directory fsynced. Refuses to replace an existing file
    /// unless `replacing`.
    public static func take(
        of source: String, to destination: String, replacing: Bool, now: Date = Date(), logger: Logger
    ) throws(StoreError) -> Report {
        let started = Date()
        guard DurableFiles.exists(source) else {
            throw StoreError(.notInitialised, "no replica here to back up (备份); give the node's replica with --db", path: source)
        }
        let target = DurableFiles.canonical(destination)
        let replica = DurableFiles.canonical(source)
        guard ![replica, replica + "-wal", replica + "-shm"].contains(target) else {
            throw StoreError(.refused, "refused: a backup (备份) is never written over the replica itself; give another file with --out", path: destination)
        }
        if DurableFiles.exists(destination) && !replacing {
            throw StoreError(.refused, "refused: \(destination) exists; a backup (备份) never overwrites a file unless given --force", path: destination)
        }
        let partial = destination + ".partial"
        DurableFiles.removeLeftovers(partial)
        do throws(StoreError) {
            let sourceIdentity = try snapshot(source, into: partial)
            var leftOut: [String] = []
            let identity = try finish(partial, from: sourceIdentity.node, at: now, leftOut: &leftOut)
            guard chmod(partial, 0o600) == 0 else {
                throw StoreError(.sqlite, "cannot make the backup readable by its owner only: \(String(cString: strerror(errno)))", path: partial)
            }
            try DurableFiles.sync(partial)
            if replacing { for suffix in ["-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: destination + suffix) } }
            try DurableFiles.rename(partial, to: destination)
            let report = Report(
                path: destination, identity: identity, bytes: DurableFiles.size(destination), seconds: Date().timeIntervalSince(started), leftOut: leftOut)
            logger.info(
                "backup written (备份)",
                metadata: [
                    "replica.path": "\(source)", "backup.path": "\(destination)", "node.id": "\(identity.node)", "backup.bytes": "\(report.bytes)",
                    "backup.rows": "\(identity.rows)", "backup.left_out": "\(leftOut.joined(separator: ","))",
                ])
            return report
        } catch {
            DurableFiles.removeLeftovers(partial)
            throw error
        }
    }

    /// Copies one snapshot of the replica at `source` into the new file `partial`.
    private static func snapshot(_ source: String, into partial: String) throws(StoreError) -> Identity {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(Double(Replica.busyMillis) / 1000)
            let reader = try DatabaseQueue(path: source, configuration: configuration)
            defer { try? reader.close() }
            return try reader.inDatabase { db in
                let identity = try identify(db, path: source, countingRows: false)
                try db.execute(sql: "VACUUM INTO ?", arguments: [partial])
                return identity
            }
        } catch {
            throw StoreError.from(error, path: source, doing: "backing up (备份) the replica")
        }
    }

    /// Takes the secrets out of the snapshot at `partial` (overwriting their bytes and compacting
    /// the file), records the backup settings and checks the file.
    private static func finish(_ partial: String, from node: NodeID, at now: Date, leftOut: inout [String]) throws(StoreError) -> Identity {
        do {
            let copy = try DatabaseQueue(path: partial)
            defer { try? copy.close() }
            let (identity, removed) = try copy.inDatabase { db -> (Identity, [String]) in
                // One file, no side files: the journal of these few writes stays in memory.
                try db.execute(sql: "PRAGMA journal_mode = MEMORY")
                let marks = secretSettings.map { _ in "?" }.joined(separator: ", ")
                let secrets = try String.fetchAll(
                    db, sql: "SELECT key FROM _ld_setting WHERE key IN (\(marks))", arguments: StatementArguments(secretSettings))
                try db.execute(sql: "PRAGMA secure_delete = ON")
                try db.inTransaction {
                    try db.execute(sql: "DELETE FROM _ld_setting WHERE key IN (\(marks))", arguments: StatementArguments(secretSettings))
                    for (key, value) in [(takenAtSetting, now.ISO8601Format()), (takenFromSetting, node.description)] {
                        try db.execute(
                            sql: "INSERT INTO _ld_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            arguments: [key, value])
                    }
                    return .commit
                }
                // Rebuilt without free pages: nothing deleted lingers in the file.
                if !secrets.isEmpty { try db.execute(sql: "VACUUM") }
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard integrity == "ok" else {
                    throw StoreError(.corrupt, "the backup's integrity check failed (\(integrity)); the replica may be damaged: run `liandong status` and check the disk", path: partial)
                }
                return (try identify(db, path: partial, countingRows: true), secrets)
            }
            leftOut = removed
            return identity
        } catch {
            throw StoreError.from(error, path: partial, doing: "finishing the backup (备份)")
        }
    }

    /// Reads which node and schema the open file belongs to; refuses a file that is no replica.
    static func identify(_ db: Database, path: String, countingRows: Bool) throws -> Identity {
        guard try db.tableExists("_ld_clock"), try db.tableExists("_ld_setting"),
            let node = try Int64.fetchOne(db, sql: "SELECT node FROM _ld_clock")
        else {
            throw StoreError(.notAReplica, "this SQLite file is not a Liandong replica", path: path)
        }
        // The schema as the file records it (docs/upgrades.md): the declaration format, else the
        // legacy setting of files not yet opened by this version.
        let legacy = try String.fetchOne(db, sql: "SELECT value FROM _ld_setting WHERE key = ?", arguments: [LegacySchemaSetting.key])
        guard let schema = try StoredSchema.read(db) ?? legacy.map(LegacySchemaSetting.decode) else {
            throw StoreError(.notAReplica, "this SQLite file is not a Liandong replica (it records no schema)", path: path)
        }
        var rows: Int64 = 0
        if countingRows {
            for table in schema.tables { rows += try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0 }
        }
        func setting(_ key: String) throws -> String? { try String.fetchOne(db, sql: "SELECT value FROM _ld_setting WHERE key = ?", arguments: [key]) }
        return Identity(
            node: NodeID(rawValue: node), schemaName: schema.name, schemaVersion: schema.version,
            head: ChangeSeq(rawValue: try Int64.fetchOne(db, sql: "SELECT seq FROM _ld_clock") ?? 0), rows: rows, tables: schema.tables.count,
            takenAt: try setting(takenAtSetting), takenFrom: try setting(takenFromSetting))
    }

    /// Puts the backup at `backup` in place of the replica at `replica`, which no node may be
    /// running on (the caller holds the node lock). The backup is copied beside the replica and
    /// checked there (`integrity_check` ok, a replica of the same node as the current file — or,
    /// when there is none, as `expectedNode` — and of the same schema, no newer than the
    /// current one); only then are the current file and its `-wal` and `-shm` renamed to
    /// `<replica>.replaced-<time>` (never deleted) and the copy renamed into place, each step
    /// fsynced. A refusal changes nothing. The node's key files are not touched.
    public static func restore(
        from backup: String, over replica: String, expectedNode: NodeID? = nil, now: Date = Date(), logger: Logger
    ) throws(StoreError) -> RestoreReport {
        guard DurableFiles.exists(backup) else { throw StoreError(.refused, "refused: no backup file here to restore (恢复) from", path: backup) }
        let target = DurableFiles.canonical(replica)
        guard ![target, target + "-wal", target + "-shm"].contains(DurableFiles.canonical(backup)) else {
            throw StoreError(.refused, "refused: the backup given is the replica itself; give a backup file with --from", path: backup)
        }
        let incoming = replica + ".restoring"
        DurableFiles.removeLeftovers(incoming)
        do throws(StoreError) {
            try DurableFiles.copy(backup, to: incoming, mode: DurableFiles.mode(replica) ?? 0o600)
            let identity = try check(incoming, backup: backup)
            try markRestored(incoming, backup: backup)
            let current = try currentIdentity(replica)
            if let expected = current?.node ?? expectedNode, expected != identity.node {
                throw StoreError(
                    .refused,
                    "refused: this backup (备份) is a replica of node \(identity.node), but \(replica) belongs to node \(expected); restore (恢复) only a node's own backup — another node's file would make this node speak in that node's name",
                    path: backup)
            }
            if let current {
                guard current.schemaName == identity.schemaName else {
                    throw StoreError(
                        .refused, "refused: this backup (备份) holds schema '\(identity.schemaName)', the replica schema '\(current.schemaName)'; restore (恢复) only a backup of the same schema",
                        path: backup)
                }
                guard identity.schemaVersion <= current.schemaVersion else {
                    throw StoreError(
                        .refused,
                        "refused: this backup (备份) holds schema '\(identity.schemaName)' version \(identity.schemaVersion), newer than the replica's version \(current.schemaVersion); restore it with the liandong version that wrote it",
                        path: backup)
                }
            }
            let aside = try moveAside(replica, at: now)
            do throws(StoreError) {
                try DurableFiles.rename(incoming, to: replica)
            } catch {
                throw StoreError(
                    error.code,
                    "the current replica was moved aside, unharmed, to \(aside.first ?? "-") but the backup could not be put in its place (\(error.message)); rename that file (and its -wal, -shm) back to \(replica) to undo",
                    path: replica)
            }
            logger.notice(
                "replica restored from a backup (恢复)",
                metadata: [
                    "replica.path": "\(replica)", "backup.path": "\(backup)", "node.id": "\(identity.node)",
                    "backup.taken_at": "\(identity.takenAt ?? "-")", "replaced.path": "\(aside.first ?? "-")",
                ])
            return RestoreReport(identity: identity, bytes: DurableFiles.size(replica), movedAside: aside)
        } catch {
            DurableFiles.removeLeftovers(incoming)
            throw error
        }
    }

    /// Records in the copy about to be put in place that it went back in time, for every link it
    /// holds (Protocols/SPEC.md §21.6): until its digests agree with a peer, a row that peer had
    /// settled and no longer holds at all is dropped here rather than sent back to life.
    private static func markRestored(_ incoming: String, backup: String) throws(StoreError) {
        do {
            let queue = try DatabaseQueue(path: incoming)
            defer { try? queue.close() }
            try queue.write { db in try Replica.markRestored(db) }
        } catch {
            throw StoreError.from(error, path: backup, doing: "marking the restored copy as restored")
        }
    }

    /// Checks the copy of a backup about to be put in place.
    private static func check(_ incoming: String, backup: String) throws(StoreError) -> Identity {
        do {
            let queue = try DatabaseQueue(path: incoming)
            defer { try? queue.close() }
            return try queue.inDatabase { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard integrity == "ok" else {
                    throw StoreError(.refused, "refused: the backup (备份) is damaged (integrity check: \(integrity)); restore (恢复) an older backup", path: backup)
                }
                return try identify(db, path: backup, countingRows: true)
            }
        } catch let error as StoreError {
            throw error.code == .refused ? error : StoreError(.refused, "refused: the backup cannot be restored (恢复): \(error.message)", path: backup, underlying: error)
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError(
                .refused, "refused: the backup (备份) is damaged or not an SQLite file at all; restore (恢复) another backup", path: backup, underlying: error)
        } catch {
            throw StoreError(.refused, "refused: the backup (备份) cannot be read; restore (恢复) another backup", path: backup, underlying: error)
        }
    }

    /// The current replica's identity, its log checkpointed into it first so that the file moved
    /// aside stands alone; nil when there is no replica file.
    private static func currentIdentity(_ replica: String) throws(StoreError) -> Identity? {
        guard DurableFiles.exists(replica) else { return nil }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(Double(Replica.busyMillis) / 1000)
            let queue = try DatabaseQueue(path: replica, configuration: configuration)
            defer { try? queue.close() }
            return try queue.inDatabase { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" { try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                return try identify(db, path: replica, countingRows: false)
            }
        } catch let error as StoreError where error.code == .notAReplica {
            // A file that is no replica (a failed init) belongs to no node: it is only moved aside.
            return nil
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            // A damaged replica is what a restore is for: moved aside, kept for inspection.
            return nil
        } catch {
            throw StoreError.from(error, path: replica, doing: "reading the replica to be replaced")
        }
    }

    /// Renames the replica and its side files to `<replica>.replaced-<time>`; returns the new names.
    private static func moveAside(_ replica: String, at now: Date) throws(StoreError) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stamp = formatter.string(from: now)
        var base = "\(replica).replaced-\(stamp)"
        var attempt = 1
        while ["", "-wal", "-shm"].contains(where: { DurableFiles.exists(base + $0) }) {
            attempt += 1
            base = "\(replica).replaced-\(stamp)-\(attempt)"
        }
        var moved: [String] = []
        for suffix in ["", "-wal", "-shm"] where DurableFiles.exists(replica + suffix) {
            try DurableFiles.rename(replica + suffix, to: base + suffix)
            moved.append(base + suffix)
        }
        return moved
    }
}
