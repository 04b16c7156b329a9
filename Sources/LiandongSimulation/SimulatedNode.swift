import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTransport
import Logging

/// One node of the simulated city: its replica file, and while it is up, the same `SyncEngine`
/// and `LinkDriver` a real node runs, the driver's transport being the simulated network.
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
    /// The node's link policy over the simulated network, while it is up.
    var driver: LinkDriver?
    /// The connection to the parent the driver has open, if any.
    var parentConnection: ConnectionID?
    /// When this node syncs with its parent.
    var schedule: SyncSchedule = .continuous
    /// Hung up because its window closed, and not connected since.
    var hungUpForWindow = false
    /// Its parent's refusal of it is in the report already (one failure per node is enough).
    var refusalReported = false
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

    /// The link to the parent, while a session is open.
    var parentLink: SyncLink? { driver?.parent }
    /// The children's links, by child.
    var children: [NodeID: SyncLink] { driver?.children.mapValues(\.link) ?? [:] }

    /// Whom a node's connections authenticate as: its code and a key fixed by it (the simulated
    /// network plays ZAP's part and knows whose connection a message came on).
    static func identity(_ node: NodeID) -> PeerIdentity {
        var bytes = [UInt8](repeating: 0x5A, count: 32)
        withUnsafeBytes(of: node.rawValue.littleEndian) { bytes.replaceSubrange(0..<8, with: $0) }
        return PeerIdentity(node: node, key: CurveKey(bytes: bytes)!)
    }

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
        driver = nil
        parentConnection = nil
        return replica
    }

    /// This node's reading of the wall clock.
    func now(_ simulationMillis: Int64) -> Int64 {
        let exact = simulationMillis + skewMillis
        return exact - exact % clockResolutionMillis
    }
}
