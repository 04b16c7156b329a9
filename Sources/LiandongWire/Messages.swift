import LiandongCore

/// The protocol version this build speaks. Bumped on any incompatible change to the conversation.
public let liandongProtocolVersion: UInt32 = 1

/// Opens a session: sent by the child when it connects (DESIGN §6).
public struct Hello: Hashable, Sendable {
    public var node: NodeID
    public var tier: Tier
    public var schemaName: String
    public var schemaFingerprint: String
    /// The sender's cursor on the receiver: it holds the receiver's changes up to this stamp.
    public var cursor: ChangeSeq
    /// The sender's newest stamp.
    public var head: ChangeSeq
    /// Free text naming the software, for logs.
    public var software: String

    public init(node: NodeID, tier: Tier, schemaName: String, schemaFingerprint: String, cursor: ChangeSeq, head: ChangeSeq, software: String) {
        self.node = node
        self.tier = tier
        self.schemaName = schemaName
        self.schemaFingerprint = schemaFingerprint
        self.cursor = cursor
        self.head = head
        self.software = software
    }
}

/// Why a session is refused.
public enum RefusalCode: UInt32, Sendable {
    case unspecified = 0
    case protocolVersion = 1
    case schemaMismatch = 2
    case notAChild = 3
    case wrongTier = 4
    case unknownNode = 5
}

/// Refuses a hello; the session does not open.
public struct Refusal: Hashable, Sendable {
    public var code: RefusalCode
    public var reason: String
    public init(code: RefusalCode, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// What went wrong with a message the peer sent.
public enum WireErrorCode: UInt32, Sendable {
    case unspecified = 0
    case malformed = 1
    case unexpected = 2
    case noSession = 3
    case invalidChange = 4
    case clockDrift = 5
    case storage = 6
    case tooLarge = 7
    /// Some rows of a chunk broke the receiver's scope, authority, status or privacy rules: they
    /// were not applied and will not be relayed; the rest of the chunk was applied and acknowledged.
    case rejected = 8
}

/// An error answer. The session stays open unless the receiver closes it.
public struct WireError: Hashable, Sendable, Error, CustomStringConvertible {
    public var code: WireErrorCode
    public var message: String
    /// For chunk errors: the `up_to` of the chunk that failed.
    public var chunkUpTo: ChangeSeq
    public init(code: WireErrorCode, message: String, chunkUpTo: ChangeSeq = .zero) {
        self.code = code
        self.message = message
        self.chunkUpTo = chunkUpTo
    }
    public var description: String { "\(code): \(message)" }
}

/// The receiver durably committed every change of the sender up to `upTo`.
public struct Ack: Hashable, Sendable {
    public var upTo: ChangeSeq
    public init(upTo: ChangeSeq) { self.upTo = upTo }
}

/// Keeps a quiet link alive and carries the sender's head for status.
public struct Heartbeat: Hashable, Sendable {
    public var head: ChangeSeq
    public init(head: ChangeSeq) { self.head = head }
}

/// Every message of the conversation.
public enum WireMessage: Hashable, Sendable {
    case hello(Hello)
    case welcome(Hello)
    case refusal(Refusal)
    case changes(ChangeChunk)
    case ack(Ack)
    case heartbeat(Heartbeat)
    case error(WireError)

    /// A short name for logs and metrics.
    public var kind: String {
        switch self {
        case .hello: "hello"
        case .welcome: "welcome"
        case .refusal: "refusal"
        case .changes: "changes"
        case .ack: "ack"
        case .heartbeat: "heartbeat"
        case .error: "error"
        }
    }
}

/// One frame on the wire: protocol and schema version, then the message.
public struct Envelope: Hashable, Sendable {
    public var protocolVersion: UInt32
    public var schemaVersion: UInt32
    public var message: WireMessage

    public init(protocolVersion: UInt32 = liandongProtocolVersion, schemaVersion: UInt32, message: WireMessage) {
        self.protocolVersion = protocolVersion
        self.schemaVersion = schemaVersion
        self.message = message
    }
}
