import LiandongCore

/// The protocol version this build speaks. Bumped on any incompatible change to the conversation.
public let liandongProtocolVersion: UInt32 = 1

/// Opens a session: sent by the child when it connects (Protocols/SPEC.md §2).
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
    /// The sender's time when it sent this: its system clock plus its correction, in
    /// milliseconds since 1970 (0: not given). A child takes its parent's time from the welcome.
    public var nowMillis: Int64
    /// A district's hello to the city: the seal keys its operator registered for the towns and
    /// villages below it (Protocols/SPEC.md §18.1). Empty otherwise.
    public var sealKeys: [SealKeyEntry]
    /// A parent's welcome: every re-parenting (区划调整) it knows (Protocols/SPEC.md §20.3).
    /// Empty in a child's hello, and ignored there.
    public var moves: [RegionMove]
    /// The sender takes delta rows (Protocols/SPEC.md §5.5). False from an earlier release.
    public var takesDeltas: Bool
    /// The sender's delta base on the receiver: it holds every cell the receiver stored at a
    /// stamp up to here (SPEC §5.5); 0 when it takes no deltas or holds nothing proven.
    public var deltaBase: ChangeSeq

    /// The most seal keys a hello may carry.
    public static let maxSealKeys = 1 << 16
    /// The most moves a hello may carry.
    public static let maxMoves = 1 << 16

    public init(
        node: NodeID, tier: Tier, schemaName: String, schemaFingerprint: String, cursor: ChangeSeq, head: ChangeSeq, software: String,
        nowMillis: Int64 = 0, sealKeys: [SealKeyEntry] = [], moves: [RegionMove] = [], takesDeltas: Bool = false, deltaBase: ChangeSeq = .zero
    ) {
        self.takesDeltas = takesDeltas
        self.deltaBase = deltaBase
        self.node = node
        self.tier = tier
        self.schemaName = schemaName
        self.schemaFingerprint = schemaFingerprint
        self.cursor = cursor
        self.head = head
        self.software = software
        self.nowMillis = nowMillis
        self.sealKeys = sealKeys
        self.moves = moves
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
    /// The connection's CURVE key is not enrolled for the node the hello names (SPEC §2.1).
    case notEnrolled = 6
    /// The child's key was revoked at the parent; its session is dropped (SPEC §2.1).
    case revoked = 7
    /// Never sent: the child's own verdict on a welcome from a node that is not its parent,
    /// or that runs another schema (SPEC §8.2).
    case wrongParent = 8
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
    /// The chunk assumed the receiver holds cells it does not (a `delta_base` above the
    /// receiver's, or a delta row for a row it does not hold whole, SPEC §5.5): nothing of it
    /// was applied; the sender resends from what was acknowledged with whole rows.
    case deltaBase = 9
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
    /// The settled mark (Protocols/SPEC.md §21): every node on the sender's side of the link holds
    /// the receiver's changes up to this stamp. 0 (also what an older peer's Ack reads as): nothing.
    public var settled: ChangeSeq
    /// The receiver's durable delta base on the sender after the chunk (SPEC §5.5): the stamp
    /// up to which it holds every cell the sender stored. 0 from a peer that takes no deltas.
    public var deltaBase: ChangeSeq
    public init(upTo: ChangeSeq, settled: ChangeSeq = .zero, deltaBase: ChangeSeq = .zero) {
        self.upTo = upTo
        self.settled = settled
        self.deltaBase = deltaBase
    }
}

/// Keeps a quiet link alive and carries the sender's head for status and its time.
public struct Heartbeat: Hashable, Sendable {
    public var head: ChangeSeq
    /// As `Hello.nowMillis`.
    public var nowMillis: Int64
    /// As `Ack.settled` (Protocols/SPEC.md §21).
    public var settled: ChangeSeq
    public init(head: ChangeSeq, nowMillis: Int64 = 0, settled: ChangeSeq = .zero) {
        self.head = head
        self.nowMillis = nowMillis
        self.settled = settled
    }
}

/// What the sender holds of the rows both sides of the link should hold (SPEC §16): sent by
/// the child when both directions are caught up, answered by the parent with its own.
public struct DigestMessage: Hashable, Sendable {
    /// The sender's head when it computed the digest.
    public var head: ChangeSeq
    /// The sender's cursor on the receiver when it computed the digest.
    public var cursor: ChangeSeq
    /// True for the parent's answer.
    public var isAnswer: Bool
    /// Answer only: the parent was not caught up with the child's digest (changes still on the
    /// way); the child asks again later. No buckets.
    public var busy: Bool
    /// Bucket width in milliseconds (`LinkDigest.bucketMillis`).
    public var bucketMillis: Int64
    public var digest: LinkDigest

    public init(head: ChangeSeq, cursor: ChangeSeq, isAnswer: Bool, busy: Bool = false, bucketMillis: Int64 = LinkDigest.bucketMillis, digest: LinkDigest) {
        self.head = head
        self.cursor = cursor
        self.isAnswer = isAnswer
        self.busy = busy
        self.bucketMillis = bucketMillis
        self.digest = digest
    }
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
    case digest(DigestMessage)
    /// Row states sent because digests differed: merged like a chunk, without moving a cursor
    /// and without an acknowledgement.
    case repair([RowChange], seals: [Seal] = [])

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
        case .digest: "digest"
        case .repair: "repair"
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
