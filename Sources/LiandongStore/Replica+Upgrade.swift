import Foundation
import GRDB
import LiandongCore

extension Replica {
    /// What `upgrade(through:)` did.
    public struct UpgradeOutcome: Sendable {
        /// The replica as it is now (the same one when nothing was pending).
        public var replica: Replica
        /// The steps applied, oldest first; empty when the replica was up to date.
        public var applied: [SchemaUpgradeStep]
        /// The copy of the file taken before the first step; nil when nothing was pending.
        public var backup: String?
    }

    /// Where an upgrade backs up a replica at `version`: `<path>.pre-upgrade-v<version>.bak`, next
    /// to it (docs/upgrades.md).
    public static func upgradeBackupPath(forReplicaAt path: String, version: Int) -> String {
        "\(path).pre-upgrade-v\(version).bak"
    }

    /// Brings this replica to the newest version of `history` (`liandong upgrade`): the pending
    /// steps are checked, the file is copied to `upgradeBackupPath` by SQLite's online backup and
    /// the copy checked (`PRAGMA quick_check`, the same schema version), then every step is
    /// applied in one transaction (`upgrading(through:)`). A backup that cannot be made or
    /// checked stops the upgrade before the file changes. Up to date: nothing is written and no
    /// backup made, so running it again is harmless.
    public func upgrade(through history: SchemaHistory) throws(StoreError) -> UpgradeOutcome {
        guard history.name == schema.name else {
            throw StoreError(.configuration, "the replica holds schema \(schema.name); the upgrade history given is of \(history.name)", path: path)
        }
        if let newest = history.newest, schema.version > newest {
            throw StoreError(
                .newerSchema,
                "the replica holds schema \(schema.name) v\(schema.version), newer than v\(newest), the newest this build of liandong knows; install a liandong that knows v\(schema.version) or later",
                path: path)
        }
        let pending: [SchemaMigration]
        do { pending = try history.pending(from: schema.version) } catch { throw StoreError(.configuration, error.message, path: path) }
        guard !pending.isEmpty else { return UpgradeOutcome(replica: self, applied: [], backup: nil) }
        _ = try plan(pending)
        let copy = Self.upgradeBackupPath(forReplicaAt: path, version: schema.version)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: copy, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError(.configuration, "cannot back the replica up to \(copy) before upgrading it: a directory has that name; move it away and run the upgrade again (nothing was upgraded)", path: path)
        }
        do { try backup(to: copy) } catch {
            throw StoreError(error.code, "cannot back the replica up to \(copy) before upgrading it, so nothing was upgraded: \(error.message)", path: path)
        }
        try Self.checkBackup(at: copy, of: schema, replicaPath: path)
        logger.notice("backed up the replica before upgrading it", metadata: ["replica.path": "\(path)", "backup.path": "\(copy)"])
        let (upgraded, applied) = try upgrading(through: pending)
        return UpgradeOutcome(replica: upgraded, applied: applied, backup: copy)
    }

    /// Throws unless the file at `copy` is a healthy SQLite file recording `schema`'s version.
    private static func checkBackup(at copy: String, of schema: ReplicaSchema, replicaPath: String) throws(StoreError) {
        let failure = "the backup \(copy) made before upgrading is not a sound copy; nothing was upgraded"
        do {
            let queue = try DatabaseQueue(path: copy)
            defer { try? queue.close() }
            let (check, recorded) = try queue.read { db in
                (try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; "), try StoredSchema.recorded(db))
            }
            guard check == "ok", recorded?.name == schema.name, recorded?.version == schema.version else {
                throw StoreError(.corrupt, "\(failure) (quick_check: \(check); records \(recorded.map { "\($0.name) v\($0.version)" } ?? "no schema"))", path: replicaPath)
            }
        } catch {
            throw StoreError.from(error, path: replicaPath, doing: "checking the backup \(copy)")
        }
    }
}
