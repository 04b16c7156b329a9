/// One key of a node's configuration file: a section and a name, e.g. `session.chunkRows`
/// (docs/configuration.md lists them all, with their defaults).
public struct NodeConfigurationKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What a key's value is written as, in the file and on the command line.
    public enum Kind: Sendable, Hashable {
        /// A JSON string: an endpoint, a schedule, a level, a path.
        case string
        /// A JSON integer (no fraction, no quotes).
        case integer
    }

    /// The section: `node`, `schedule`, `session`, `clock`, `reconnect`, `log`, `secrets` or `mirror`.
    public let section: String
    /// The key inside its section, in lower camel case.
    public let name: String
    /// Its value's kind.
    public let kind: Kind

    init(_ section: String, _ name: String, _ kind: Kind) {
        self.section = section
        self.name = name
        self.kind = kind
    }

    /// `section.name`, as the file nests it and swift-configuration looks it up.
    public var path: String { "\(section).\(name)" }
    /// The key's path.
    public var description: String { path }

    /// The environment variable that overrides the key: `LIANDONG_`, then section and name in
    /// upper snake case (`session.chunkRows` → `LIANDONG_SESSION_CHUNK_ROWS`), the mapping
    /// swift-configuration's `EnvironmentVariablesProvider` applies to the key prefixed with
    /// `liandong`.
    public var environmentVariable: String {
        var words = "LIANDONG_\(section.uppercased())_"
        var previousWasLower = false
        for character in name {
            if character.isUppercase && previousWasLower { words += "_" }
            words += character.uppercased()
            previousWasLower = character.isLowercase
        }
        return words
    }

    /// Keys order as `all` lists them.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (all.firstIndex(of: lhs) ?? .max) < (all.firstIndex(of: rhs) ?? .max)
    }
}

extension NodeConfigurationKey {
    /// Where this node's ROUTER binds for its children (`tcp://0.0.0.0:7400`); absent for a leaf.
    public static let listen = Self("node", "listen", .string)
    /// The parent's ROUTER endpoint; absent for the city.
    public static let parent = Self("node", "parent", .string)

    /// When the node syncs with its parent: `continuous`, `manual` or `window HH:MM-HH:MM`.
    public static let schedule = Self("schedule", "when", .string)
    /// Local time's offset from UTC in minutes, for the window (China: 480).
    public static let utcOffsetMinutes = Self("schedule", "utcOffsetMinutes", .integer)

    /// `SessionConfiguration.chunkRows`.
    public static let chunkRows = Self("session", "chunkRows", .integer)
    /// `SessionConfiguration.window`.
    public static let window = Self("session", "window", .integer)
    /// `SessionConfiguration.heartbeatIntervalMillis`.
    public static let heartbeatMillis = Self("session", "heartbeatMillis", .integer)
    /// `SessionConfiguration.peerTimeoutMillis`.
    public static let peerTimeoutMillis = Self("session", "peerTimeoutMillis", .integer)
    /// `SessionConfiguration.ackTimeoutMillis`.
    public static let ackTimeoutMillis = Self("session", "ackTimeoutMillis", .integer)
    /// `SessionConfiguration.rejectedChunkBackoffMillis`.
    public static let rejectedChunkBackoffMillis = Self("session", "rejectedChunkBackoffMillis", .integer)
    /// `SessionConfiguration.digestIntervalMillis`.
    public static let digestIntervalMillis = Self("session", "digestIntervalMillis", .integer)
    /// `NodeConfiguration.pollMillis`: how often the loop looks for local commits.
    public static let pollMillis = Self("session", "pollMillis", .integer)

    /// `ClockDriftPolicy.maxAheadMillis`: the drift bound.
    public static let maxAheadMillis = Self("clock", "maxAheadMillis", .integer)
    /// `ClockDriftPolicy.maxStampAheadMillis`.
    public static let maxStampAheadMillis = Self("clock", "maxStampAheadMillis", .integer)

    /// First delay before reconnecting to the parent.
    public static let reconnectInitialMillis = Self("reconnect", "initialMillis", .integer)
    /// Largest delay between reconnect attempts.
    public static let reconnectMaxMillis = Self("reconnect", "maxMillis", .integer)

    /// swift-log level: trace, debug, info, notice, warning, error or critical.
    public static let logLevel = Self("log", "level", .string)

    /// The node's secret CURVE key file (节点密钥).
    public static let nodeKeyFile = Self("secrets", "nodeKeyFile", .string)
    /// The enrolment file (已登记节点): the parent's and the children's public keys.
    public static let enrolledFile = Self("secrets", "enrolledFile", .string)
    /// A district's privacy key file (个人信息脱敏密钥).
    public static let privacyKeyFile = Self("secrets", "privacyKeyFile", .string)

    /// The PostgreSQL mirror's server, `postgres://USER@HOST[:PORT]/DATABASE` (docs/postgres-mirror.md);
    /// absent: `liandong run` mirrors nothing.
    public static let mirrorPostgres = Self("mirror", "postgres", .string)
    /// The file holding the mirror's PostgreSQL password (the secret itself never in the replica).
    public static let mirrorPasswordFile = Self("mirror", "passwordFile", .string)
    /// The PostgreSQL schema the mirror writes (default `liandong`).
    public static let mirrorSchema = Self("mirror", "schema", .string)
    /// Row states per PostgreSQL transaction (default 500).
    public static let mirrorBatchRows = Self("mirror", "batchRows", .integer)

    /// Every key, in the order the file and `liandong config show` list them.
    public static let all: [Self] = [
        .listen, .parent, .schedule, .utcOffsetMinutes,
        .chunkRows, .window, .heartbeatMillis, .peerTimeoutMillis, .ackTimeoutMillis, .rejectedChunkBackoffMillis, .digestIntervalMillis, .pollMillis,
        .maxAheadMillis, .maxStampAheadMillis, .reconnectInitialMillis, .reconnectMaxMillis, .logLevel,
        .nodeKeyFile, .enrolledFile, .privacyKeyFile,
        .mirrorPostgres, .mirrorPasswordFile, .mirrorSchema, .mirrorBatchRows,
    ]

    /// Keys whose values are paths: relative ones in the file are taken from the file's directory.
    public static let paths: Set<Self> = [.nodeKeyFile, .enrolledFile, .privacyKeyFile, .mirrorPasswordFile]

    /// The key at `path` (`section.name`), if there is one.
    public init?(path: String) {
        guard let key = Self.all.first(where: { $0.path == path }) else { return nil }
        self = key
    }
}

/// A key's value as written in the file: a string or an integer.
public enum NodeConfigurationValue: Sendable, Hashable, CustomStringConvertible {
    /// A JSON string.
    case string(String)
    /// A JSON integer.
    case integer(Int)

    /// The string, if this is one.
    public var string: String? { if case .string(let text) = self { text } else { nil } }
    /// The integer, if this is one.
    public var integer: Int? { if case .integer(let number) = self { number } else { nil } }

    /// The value as an operator types it (no quotes).
    public var description: String {
        switch self {
        case .string(let text): text
        case .integer(let number): "\(number)"
        }
    }
}

/// Where a key's value came from, highest precedence first.
public enum NodeConfigurationSource: Sendable, Hashable, CustomStringConvertible {
    /// An option of this command (`liandong run --listen …`): this run only.
    case commandLine(String)
    /// The environment variable named.
    case environment(String)
    /// The configuration file at this path.
    case file(String)
    /// A setting `liandong init` of an earlier build stored in the replica (`_ld_setting`).
    case replica(String)
    /// Nothing set it: the built-in default.
    case builtIn

    /// The source as `liandong config show` names it.
    public var description: String {
        switch self {
        case .commandLine(let option): "command line (\(option))"
        case .environment(let variable): "environment (\(variable))"
        case .file(let path): "file \(path)"
        case .replica(let path): "replica settings of \(path)"
        case .builtIn: "built-in default"
        }
    }
}

/// A configuration that cannot be used: which key, from where, and what is wrong with it.
public struct NodeConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The key (`section.name`), or for a key that does not exist the path as written.
    public var key: String
    /// Where the value came from; nil when the file as a whole is unreadable.
    public var source: NodeConfigurationSource?
    /// What is wrong and what to do.
    public var message: String

    /// An error about `key` from `source`, saying `message`.
    public init(key: String, source: NodeConfigurationSource?, _ message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    /// The key, its source and the message, for the operator.
    public var description: String {
        let from = source.map { " (\($0))" } ?? ""
        return key.isEmpty ? "configuration\(from): \(message)" : "configuration key \(key)\(from): \(message)"
    }
}
