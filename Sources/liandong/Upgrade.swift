import ArgumentParser
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import Logging

/// `liandong upgrade`: brings a replica made by an earlier build to the version of its schema this
/// build ships, through the schema's append-only history (`ShippedSchemas.history(named:)`),
/// after a backup next to the file (docs/upgrades.md). `run` and `sync` refuse an older replica
/// and name this command; nothing else changes a replica's declaration.
struct Upgrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a replica to this build's schema version (backs the file up first; does nothing when up to date).",
        discussion: """
            The node must be stopped. The file is first copied to <db>.pre-upgrade-v<N>.bak (N: its
            version now); then every pending step runs in one transaction. See docs/upgrades.md.
            """)

    @OptionGroup var replica: ReplicaOptions

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let lock: NodeLock? = try failing { try NodeLock(path: NodeConfiguration.lockPath(forReplica: replica.db)) }
        guard let lock else { throw CommandFailure("error: a liandong process is running on \(replica.db); stop the node before upgrading its replica", status: .busy) }
        let opened = try failing { try Replica.openShipped(at: replica.db, logger: logger) }
        let name = opened.schema.name
        let history: SchemaHistory
        do {
            guard let known = try ShippedSchemas.history(named: name) else {
                throw CommandFailure("error: the replica holds schema \(name), which this build does not ship; it has no upgrade history for it")
            }
            history = known
        } catch let error as SchemaError {
            throw CommandFailure("error: this build's history of schema \(name) cannot be read: \(error)")
        }
        let outcome = try failing { try opened.upgrade(through: history) }
        if let backup = outcome.backup { say("backed up \(replica.db) to \(backup)") }
        for step in outcome.applied { say(step.description) }
        let version = outcome.replica.schema.version
        if outcome.applied.isEmpty {
            say("schema \(name) v\(version) at \(replica.db) is up to date; nothing to do")
        } else {
            say("upgraded \(replica.db) to schema \(name) v\(version) (fingerprint \(outcome.replica.schema.fingerprint)); start the node with `liandong run`")
        }
        withExtendedLifetime(lock) {}
    }
}

extension Replica {
    /// Opens a replica as every command does: refusing a file that records a later version of
    /// a shipped schema than this build's (`Replica.open`'s `shipped`), without changing it.
    static func openShipped(at path: String, logger: Logger, privacyKeyFile: String? = nil) throws(StoreError) -> Replica {
        try open(at: path, logger: logger, privacyKeyFile: privacyKeyFile, shipped: ShippedSchemas.all)
    }
}
