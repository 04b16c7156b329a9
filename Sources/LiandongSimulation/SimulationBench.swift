import Foundation
import GRDB
import LiandongCore
import LiandongPowerCut
import LiandongDomain
import LiandongStore
import Logging

/// The replica files of one simulated city, kept open from run to run: a run wipes them to
/// empty instead of creating fifteen files with their schema and triggers, which would cost
/// more than the run itself. A soak thread owns one bench; runs on it are sequential.
/// Planted bugs are a property of the bench: the harness plants them in every node of its runs.
public final class SimulationBench {
    public let bugs: PlantedBugs
    public private(set) var directory: String
    let logger: Logger
    private var open: [NodeID: Replica] = [:]
    private var kept: [String] = []
    /// The simulated city's privacy key, given to its districts: fixed, so that a seed replays.
    public static let privacyKey = try! PrivacyKey(hex: String(repeating: "5a", count: PrivacyKey.byteCount))

    /// Creates the fifteen replicas in a fresh directory (under /dev/shm when there is one).
    public init(bugs: PlantedBugs = []) throws {
        self.bugs = bugs
        var logger = Logger(label: "liandong.simulation")
        logger.logLevel = ProcessInfo.processInfo.environment["LIANDONG_SIM_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        self.logger = logger
        self.directory = ""
        // Some replicas sit on the power-cut layer, which remembers what was not fsynced, so that
        // a power cut can drop it (`FaultRates.powerCut`); the layer doubles the writes of a
        // file, so the others do not.
        guard liandong_powercut_register(0) == 0 else { throw SimulationSetupError(message: "cannot register the power-cut layer") }
        try createFiles()
    }

    private func createFiles() throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        directory = "\(base)/ld-sim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        open = [:]
        for node in Simulation.tree {
            _ = try Replica.create(at: path(node), node: node, schema: GovernmentSchema.schema, logger: logger, vfs: Self.vfs(node))
        }
        for node in Simulation.tree { open[node] = try Replica.open(at: path(node), logger: logger, privacyKey: Self.privacyKey, vfs: Self.vfs(node)) }
    }

    func path(_ node: NodeID) -> String { "\(directory)/\(node).db" }

    /// The nodes whose files sit on the power-cut layer: a district, a town and two villages of
    /// different towns, so that power fails at every tier below the city.
    static let onPowerCutLayer: Set<NodeID> = [441_702_000_000, 441_702_001_000, 441_702_001_201, 441_704_001_202].map(NodeID.init(rawValue:)).reduce(into: []) { $0.insert($1) }

    /// The VFS `node`'s file is opened through.
    static func vfs(_ node: NodeID) -> String? { onPowerCutLayer.contains(node) ? "powercut" : nil }

    /// The open replica of `node`, handed to the run.
    func take(_ node: NodeID) throws -> Replica {
        if let replica = open.removeValue(forKey: node) { return replica }
        return try reopen(node)
    }

    /// `node`'s replica as a restart finds it: read again from its file (over the crashed
    /// replica's connections, see `Replica.reopened`), or opened afresh.
    func reopen(_ node: NodeID) throws -> Replica {
        if let crashed = open.removeValue(forKey: node) { return try crashed.reopened() }
        return try Replica.open(at: path(node), logger: logger, privacyKey: Self.privacyKey, vfs: Self.vfs(node))
    }

    /// The replica the bench holds for `node` while it is down (nil: none open).
    func held(_ node: NodeID) -> Replica? { open[node] }

    /// Takes a replica back after a run (nil: the node was down at the end).
    func adopt(_ node: NodeID, _ replica: Replica?) {
        open[node] = replica
    }

    /// Empties every replica, as if just created.
    func wipe() throws {
        for node in Simulation.tree {
            open[node] = try Self.erase(try take(node))
        }
    }

    /// Leaves the current files for inspection (a failed run) and moves on to new ones.
    func keepFiles() {
        kept.append(directory)
        open = [:]
        do { try createFiles() } catch {
            logger.error("cannot create fresh simulation files", metadata: ["error": "\(error)"])
        }
    }

    /// Whether failed runs' files stay after the bench is gone (default: removed).
    public var keepFailedFiles = false

    deinit {
        open = [:]
        try? FileManager.default.removeItem(atPath: directory)
        if !keepFailedFiles { for directory in kept { try? FileManager.default.removeItem(atPath: directory) } }
    }
}

extension SimulationBench {
    /// `replica` emptied back to its state just after `create`, for the next run on the same file:
    /// every replicated row and tombstone, the links and their cursors, the refusals, the seals,
    /// the tombstone bookkeeping, the moves and the clock go; the schema, the node and its settings
    /// stay. Written against the file's bookkeeping tables (docs/change-capture.md) with the merge
    /// flag held, so that the capture and guard triggers stay silent, and read again
    /// (`Replica.reopened`) so that nothing held in memory survives either.
    static func erase(_ replica: Replica) throws -> Replica {
        let tables = replica.schema.tables.map(\.name)
        try replica.write { db in
            // Cached: each of these compiles its table's triggers, once per connection.
            try db.cachedStatement(sql: "INSERT INTO _ld_applying (flag) VALUES (1)").execute()
            for table in tables {
                try db.cachedStatement(sql: "DELETE FROM \(table)").execute()
                try db.cachedStatement(sql: "DELETE FROM \(table)__ld_tomb").execute()
            }
            for statement in [
                "DELETE FROM _ld_link", "DELETE FROM _ld_reject", "UPDATE _ld_clock SET hlc = 0, seq = 0, offset_ms = 0",
                "DELETE FROM _ld_seal", "DELETE FROM _ld_sealed", "DELETE FROM _ld_forgery", "DELETE FROM _ld_parent_seal", "DELETE FROM _ld_parent_cell",
                "DELETE FROM _ld_merge_mark", "DELETE FROM _ld_settled", "DELETE FROM _ld_reinsert",
                "DELETE FROM _ld_setting WHERE key IN ('parent.node', 'tombstones.collected', 'restored.links') OR key LIKE 'move.sent.%'",
                "DELETE FROM _ld_applying",
            ] {
                try db.cachedStatement(sql: statement).execute()
            }
            // Re-parentings (Protocols/SPEC.md §20): created with the first move.
            if try db.tableExists("_ld_move") { try db.execute(sql: "DELETE FROM _ld_move; DELETE FROM _ld_purge") }
        }
        return try replica.reopened()
    }

    /// Moves the clock to at least `clock` inside the caller's write transaction and returns it:
    /// writes that follow are stamped after it. The simulator sets its simulated wall clock so.
    static func advanceClock(toAtLeast clock: HLC, _ db: Database) throws -> HLC {
        try db.cachedStatement(sql: "UPDATE _ld_clock SET hlc = max(hlc, ?)").execute(arguments: [clock.rawValue])
        return HLC(rawValue: try Int64.fetchOne(db.cachedStatement(sql: "SELECT hlc FROM _ld_clock")) ?? 0)
    }
}
