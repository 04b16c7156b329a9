import Foundation
import LiandongCore
import LiandongPowerCut
import LiandongDomain
import LiandongStore
import Logging

/// The replica files of one simulated city, kept open from run to run: a run wipes them to
/// empty instead of creating fifteen files with their schema and triggers, which would cost
/// more than the run itself. A soak thread owns one bench; runs on it are sequential.
/// Planted bugs are a property of the bench, since a replica takes them when it opens.
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
        for node in Simulation.tree { open[node] = try Replica.open(at: path(node), logger: logger, privacyKey: Self.privacyKey, plantedBugs: bugs, vfs: Self.vfs(node)) }
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
        return try Replica.open(at: path(node), logger: logger, privacyKey: Self.privacyKey, plantedBugs: bugs, vfs: Self.vfs(node))
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
            let replica = try take(node)
            try replica.eraseAll()
            open[node] = replica
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
