import LiandongCore

/// A replica operation that failed, with what the operator should know and do.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file is not a Liandong replica (or not SQLite at all).
        case notAReplica
        /// The file is damaged.
        case corrupt
        /// Another process holds the database.
        case locked
        /// The disk is full.
        case diskFull
        /// The replica was never initialised.
        case notInitialised
        /// `init` on a file that already is a replica.
        case alreadyInitialised
        /// A change set that cannot be applied (unknown table, wrong shape).
        case invalidChange
        /// A change set carrying a clock too far ahead of local time.
        case clockDrift
        /// A chunk whose delta rows assume cells this node does not hold (Protocols/SPEC.md
        /// §5.5): nothing of it was applied, and this node's delta base on the sender is 0 again.
        case deltaBase
        /// The node is missing configuration it needs (e.g. the privacy salt of a district).
        case configuration
        /// A backup or restore (备份, 恢复) that would overwrite a file, mix two nodes' or two
        /// schemas' replicas, or put back a damaged file: nothing was changed.
        case refused
        /// The file records a schema version later than this build knows (Replica.open's `shipped`).
        case newerSchema
        /// Anything else SQLite reported.
        case sqlite
    }

    public var code: Code
    public var message: String
    public var path: String?
    public var underlying: String?

    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying.map { "\($0)" }
    }

    public var description: String {
        var text = message
        if let path { text += " [\(path)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
