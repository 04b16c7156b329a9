import Foundation
import LiandongCore
import LiandongStore
import LiandongTransport

/// Everything a running node needs besides its replica. Plain values with safe defaults.
public struct NodeConfiguration: Sendable {
    /// The replica file.
    public var databasePath: String
    /// Where this node's ROUTER binds for its children (e.g. `tcp://0.0.0.0:7400`); nil for a leaf.
    public var listenEndpoint: String?
    /// The parent's ROUTER endpoint (e.g. `tcp://10.1.2.3:7400`); nil for the city.
    public var parentEndpoint: String?
    /// The conversation's tuning.
    public var session = SessionConfiguration()
    /// libzmq options for every socket.
    public var socket = SocketOptions()
    /// How far ahead of local time a remote clock may run.
    public var drift = ClockDriftPolicy()
    /// First and largest delay between reconnect attempts to the parent, in milliseconds;
    /// attempts back off exponentially with ±25% jitter in between.
    public var reconnectInitialMillis: Int64 = 200
    public var reconnectMaxMillis: Int64 = 10_000
    /// How often the loop looks for new local commits (any process may write the replica).
    public var pollMillis: Int = 20
    /// When this node syncs with its parent (its children follow their own schedules).
    public var schedule: SyncSchedule = .continuous
    /// The offset of local time from UTC, for the schedule's window (China: +480).
    public var utcOffsetMinutes: Int = TimeZone.current.secondsFromGMT() / 60
    /// How every link is secured: CURVE with this node's key and enrolment file, or (explicitly)
    /// not at all.
    public var security: LinkSecurity
    /// Earlier versions of the replica's schema (its shipped history, oldest first): a child of
    /// one that this node's version only adds to is welcomed speaking it (Protocols/SPEC.md
    /// §12.1). Empty: only children of this node's own version.
    public var earlierSchemas: [ReplicaSchema] = []

    public init(databasePath: String, listenEndpoint: String? = nil, parentEndpoint: String? = nil, security: LinkSecurity) {
        self.databasePath = databasePath
        self.listenEndpoint = listenEndpoint
        self.parentEndpoint = parentEndpoint
        self.security = security
    }

    /// CURVE with the key file and enrolment file beside `databasePath` (the paths `liandong
    /// init` and `liandong keys` use unless told otherwise).
    public static func keysBeside(_ databasePath: String, node: NodeID) throws(NodeError) -> LinkSecurity {
        let key = try NodeKeyFile.load(from: NodeKeyFile.defaultPath(forReplica: databasePath), node: node)
        return .curve(key, enrolledPath: EnrolledKeys.defaultPath(forReplica: databasePath))
    }

    /// The operator control socket (`liandong sync` talks to the running node through it).
    public var controlEndpoint: String { Self.controlEndpoint(forReplica: databasePath) }
    /// The lock file held while the node runs.
    public var lockPath: String { Self.lockPath(forReplica: databasePath) }
    public static func controlEndpoint(forReplica path: String) -> String { "ipc://\(path).ctl" }
    public static func lockPath(forReplica path: String) -> String { "\(path).lock" }

    /// Replica settings under which `liandong init` stores the endpoints and the schedule, for
    /// builds before the configuration file and for replicas set up by them
    /// (`NodeSettings.fillingGaps(from:)`, docs/configuration.md).
    public static let listenSetting = "listen"
    public static let parentSetting = "parent"
    public static let scheduleSetting = "schedule"
}

/// A node that cannot start or stopped on an error.
public struct NodeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
