import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import Logging

/// One node of the simulated city: its replica file, and while it is up, the same `SyncEngine`
/// a real node runs, with its link to the parent and its children's links.
final class SimulatedNode {
    let id: NodeID
    /// Its parent: the code's, until a re-parenting (区划调整) points it elsewhere.
    var parent: NodeID?
    let path: String
    /// Added to the simulation's clock: this node's wall clock runs early or late.
    var skewMillis: Int64 = 0
    /// How often this node's clock ticks, in milliseconds.
    var clockResolutionMillis: Int64 = 1
    private(set) var replica: Replica?
    private(set) var engine: SyncEngine?
    var parentLink: SyncLink?
    var children: [NodeID: SyncLink] = [:]
    /// When the node may next try to reach its parent.
    var nextConnectMillis: Int64 = 0
    /// Steps left until a crashed node restarts.
    var downUntilStep = 0
    /// Each case's highest status rank seen at this node (a status never moves back).
    var statusRanks: [String: Int] = [:]
    /// Counter for the keys this node invents (cases, evaluations, materials).
    var serial = 0
    /// The node's latest backup (a copy of its file), if any.
    var backupPath: String?
    /// Restored from a backup and not yet confirmed in sync with its parent: the hall does not
    /// register anything until then (see `Simulation.restore`).
    var awaitingResync = false

    init(id: NodeID, path: String) {
        self.id = id
        self.parent = id.parentCode
        self.path = path
    }

    var isUp: Bool { engine != nil }

    /// Starts a fresh engine on the opened replica (a process start).
    func start(_ replica: Replica, session: SessionConfiguration, drift: ClockDriftPolicy, logger: Logger) throws(StoreError) {
        self.replica = replica
        self.engine = try SyncEngine(replica: replica, session: session, drift: drift, logger: logger)
    }

    /// Drops everything held in memory (sessions, engine, the replica's state), as a killed
    /// process would; the file keeps what was committed. Returns the dead replica, whose
    /// connections the restart may reuse (`Replica.reopened`).
    func crash() -> Replica? {
        defer { replica = nil }
        engine = nil
        parentLink = nil
        children = [:]
        return replica
    }

    /// This node's reading of the wall clock.
    func now(_ simulationMillis: Int64) -> Int64 {
        let exact = simulationMillis + skewMillis
        return exact - exact % clockResolutionMillis
    }
}
