import LiandongCore
import LiandongStore
import LiandongWire
import Logging
import Metrics

/// One end of a link as the engine sees it: the conversation's state and what the node keeps
/// about the peer while the link is up.
public final class SyncLink {
    public internal(set) var session: PeerSession
    /// The peer's role relative to this node.
    public let role: LinkRole
    var lastRecordMillis: Int64 = 0
    /// What was last recorded for `status`: unchanged progress is not written again.
    var lastRecorded: (acked: ChangeSeq, peerHead: ChangeSeq, heard: Int64)?
    /// The clock samples from the peer already looked at.
    var clockSamplesSeen = 0
    /// Child: the digest this node sent and awaits the answer to.
    var sentDigest: LinkDigest?
    /// Child link of a child moved here (区划调整) on its first contact: its first chunk starts
    /// where its old parent's acknowledgement ended, and this node's cursor on it starts there
    /// (SPEC §20.5); what lies before comes along the old path or by digest.
    var startsAtFirstChunk = false
    /// Child link of the city: the seal keys the district registered for its subtree (its hello).
    var learnedSealKeys: [NodeID: SealPublicKey] = [:]
    /// The seal check for this child link, for the registry generation it was made from.
    var sealCheck: (generation: Int, check: SealCheck?)?
    /// The peer holds less than this node knew it to (it went back in time: restored from a
    /// backup, or a power cut took commits it had not synced). Chunks to it then carry its own
    /// seals over its cells, so that it takes back as its own the writes that only this node
    /// still holds (Protocols/SPEC.md §18.5 for a parent, §18.6 for a child).
    var peerWentBack = false
    /// The link speaks this earlier version of the schema (the child's, Protocols/SPEC.md §12.1):
    /// rows to the peer are narrowed to it, rows from it widened. Nil: this node's own version.
    public internal(set) var bridge: SchemaBridge?
    /// The child upgraded its schema since this node last sent it anything: the tables it could
    /// not hold before are read again from the start up to `through` (its cursor then), before
    /// the rest; `version` is recorded once that is acknowledged, unless the sender had to go
    /// back meanwhile (`rewinds` changed).
    var refill: (tables: Set<Int>, through: ChangeSeq, version: Int, rewinds: Int)?
    private var storedMetrics: LinkMetrics?

    /// This link's swift-metrics (docs/metrics.md), made once the peer is known.
    var metrics: LinkMetrics? {
        if let storedMetrics { return storedMetrics }
        guard let peer else { return nil }
        let made = LinkMetrics(peer: peer, role: role)
        storedMetrics = made
        return made
    }

    /// The schema version in this link's envelopes.
    public var schemaVersion: Int { bridge?.older.version ?? session.local.schemaVersion }
    /// A restored node's live rows held back from its last repair to this peer (SPEC §21.6): those
    /// the peer does not send back before the next comparison it lacks entirely, and they go.
    var heldFromRepair: Set<RowKey> = []

    init(session: PeerSession, role: LinkRole) {
        self.session = session
        self.role = role
    }

    public var peer: NodeID? { session.peer }
}

/// What a driver must handle itself after the engine performed a session's actions.
public enum LinkEvent: Hashable, Sendable {
    /// The conversation is open.
    case established(NodeID)
    /// The parent refused this node; do not retry until the cause is fixed.
    case refused(Refusal)
    /// The link is closed (peer silent for too long, or it forgot the session): drop it.
    case closed
}

/// The transport-independent half of a node's sync: opens sessions, performs their actions
/// against the replica (reading chunks, merging, acknowledging), records progress for `status`,
/// and reports long transfers. A driver owns the transport and calls it from one thread:
/// `NodeRuntime` over ZeroMQ sockets, the simulator over an in-process network. Both run this
/// same code, so what the simulator proves holds for the real node.
public final class SyncEngine {
    public let replica: Replica
    public let identity: LocalIdentity
    let session: SessionConfiguration
    let drift: ClockDriftPolicy
    let logger: Logger
    /// This node's newest change stamp, refreshed after every local look and every merge.
    public private(set) var head: ChangeSeq = .zero
    /// Called after each chunk merged and committed, with the sender and what was stored (the
    /// simulator checks its invariants there).
    public var onMerge: ((NodeID, ApplyOutcome) -> Void)?
    /// Rows received per peer in the current long transfer.
    private var transfers: [NodeID: (received: Int64, lastLogMillis: Int64)] = [:]
    /// The last failure to stamp other programs' inserts, logged once until it changes or clears.
    private var stampFailure: String?
    /// Milliseconds added to the system clock to get this node's time: the offset to its
    /// parent's time, learned at every contact (SPEC §4.5); 0 for the city.
    public private(set) var clockOffsetMillis: Int64 = 0
    /// The system clock and a monotonic clock at the last look (`observeClock`): a jump of the
    /// system clock between two looks is taken out of the offset, so corrected time runs on.
    private var lastClockReading: (wall: Int64, monotonic: Int64)?
    /// Log lines a peer can cause again and again are rate-limited per kind.
    var rateLimiter = LogRateLimiter()
    /// Tombstone collection's bookkeeping in memory (SPEC §21).
    var tombstones = TombstoneKeeping()
    /// Whether acks and heartbeats carry this node's settled marks (SPEC §21.2). Off: this node
    /// speaks like a peer of an earlier release, which never sends them (tests).
    public var sendsSettled = true
    /// Restored from a backup: the peers it has not yet agreed with by digest (SPEC §21.6).
    var restoredLinks: Set<NodeID> = []
    /// How often at most settled marks heard are stored and tombstones collected.
    public var tombstoneRoundMillis: Int64 = 2_000

    private let messagesIn = Counter(label: "liandong_messages_received_total")
    private let messagesOut = Counter(label: "liandong_messages_sent_total")
    private let rowsApplied = Counter(label: "liandong_rows_applied_total")
    private let rowsRejected = Counter(label: "liandong_rows_rejected_total")
    private let rowsSent = Counter(label: "liandong_rows_sent_total")
    private let forgeriesFound = Counter(label: "liandong_forgeries_total")

    /// What seals this node's own cells in what it sends its parent (Protocols/SPEC.md §18); nil:
    /// nothing is sealed (an insecure node). A district seals nothing: its cells reach the city
    /// over its own authenticated link.
    public var sealer: SealSigner?
    /// The seal keys this node's operator registered: at a district, those of the towns and
    /// villages below it. Sent to the city in the hello; cells in their names are checked.
    public var sealRegistry: [NodeID: SealPublicKey] = [:] {
        didSet { if sealRegistry != oldValue { sealRegistryGeneration += 1 } }
    }
    private var sealRegistryGeneration = 0
    /// Which non-key columns of each table are personal (their values are sealed apart).
    private let personalColumns: [[Bool]]
    /// Earlier versions of this node's schema (its shipped history): a child of one that this
    /// node's version only adds to (`SchemaBridge`) is welcomed speaking it (SPEC §12.1).
    public var earlierSchemas: [ReplicaSchema] = [] {
        didSet {
            bridges = [:]
            for older in earlierSchemas {
                if let bridge = SchemaBridge(older: older, newer: replica.schema) { bridges[older.version] = bridge }
            }
        }
    }
    private var bridges: [Int: SchemaBridge] = [:]

    /// How this node speaks to a peer of `version`, an earlier one its own only adds to (nil:
    /// none, or its own version).
    public func bridge(toVersion version: Int) -> SchemaBridge? { bridges[version] }

    public init(replica: Replica, session: SessionConfiguration, drift: ClockDriftPolicy, logger: Logger) throws(StoreError) {
        self.replica = replica
        self.identity = LocalIdentity(node: replica.node, schema: replica.schema)
        self.session = session
        self.drift = drift
        self.logger = logger
        self.personalColumns = replica.personalColumns
        try replica.stampForeignInserts()
        self.head = try replica.head()
        self.clockOffsetMillis = identity.node.parentCode == nil ? 0 : try replica.clockOffsetMillis()
        self.restoredLinks = try replica.restoredLinks()
    }

    // MARK: Time

    /// This node's time for a system clock reading: the reading plus the offset to the parent's time.
    public func correctedMillis(_ wallMillis: Int64) -> Int64 { wallMillis + clockOffsetMillis }

    /// The system clock minus the monotonic clock, at the last look (`observeClock`). Drivers
    /// pass monotonic time as `now` to every call (sessions time out by it, so a clock set back a
    /// day cannot hide a dead peer for a day); what is stored or compared with other nodes'
    /// clocks is system or corrected time, `wall(now)`. Zero until the first look, so a driver
    /// that never looks passes system time as `now`.
    private var wallMinusMonotonic: Int64 = 0

    /// The system clock's reading at monotonic time `now`.
    public func wall(_ now: Int64) -> Int64 { now + wallMinusMonotonic }

    /// The driver's look at the clocks on every turn: the system clock and a monotonic clock
    /// (which no one sets). When the system clock jumped since the last look (someone set it,
    /// by more than `clockJumpMillis`), the jump is taken out of the offset at once, so this node
    /// keeps stamping from its parent's time until the next contact measures it again. The
    /// city's own clock is the reference: it is never corrected.
    public func observeClock(wallMillis: Int64, monotonicMillis: Int64) {
        defer {
            lastClockReading = (wallMillis, monotonicMillis)
            wallMinusMonotonic = wallMillis - monotonicMillis
        }
        guard identity.node.parentCode != nil, let last = lastClockReading else { return }
        let jump = (wallMillis - last.wall) - (monotonicMillis - last.monotonic)
        guard abs(jump) > Self.clockJumpMillis else { return }
        logger.warning(
            "system clock jumped; keeping the parent's time (系统时钟跳变)",
            metadata: ["clock.jump_ms": "\(jump)", "clock.offset_ms": "\(clockOffsetMillis - jump)"])
        adoptOffset(clockOffsetMillis - jump, wallMillis: wallMillis, from: nil)
    }

    /// A jump of the system clock smaller than this is drift, not someone setting it.
    static let clockJumpMillis: Int64 = 60_000
    /// A welcome that measures the parent's time this far from this node's time corrects it.
    static let welcomeCorrectionMillis: Int64 = 1_000
    /// A heartbeat, which carries no round trip, corrects only a gap this large: a real jump,
    /// not the delay of a busy link.
    static let heartbeatCorrectionMillis: Int64 = 60_000

    /// Takes the parent's time from its latest message, when it says this node's time is off.
    private func learnParentTime(_ link: SyncLink, now: Int64) {
        guard link.role == .parent, link.session.clockSamples != link.clockSamplesSeen, let sample = link.session.clockSample else { return }
        link.clockSamplesSeen = link.session.clockSamples
        let measured = sample.offsetMillis - wallMinusMonotonic
        let threshold = sample.roundTripMillis == nil ? Self.heartbeatCorrectionMillis : Self.welcomeCorrectionMillis
        guard abs(measured - clockOffsetMillis) > threshold else { return }
        adoptOffset(measured, wallMillis: wall(now), from: link.peer)
    }

    private func adoptOffset(_ offset: Int64, wallMillis: Int64, from parent: NodeID?) {
        do {
            let correction = try replica.adoptClockOffset(offset, wallMillis: wallMillis)
            clockOffsetMillis = offset
            head = max(head, correction.head)
            let metadata: Logger.Metadata = [
                "clock.offset_ms": "\(offset)", "clock.previous_offset_ms": "\(correction.previousOffsetMillis)",
                "clock.restamped": "\(correction.restamped)", "peer.node": "\(parent.map { "\($0)" } ?? "-")",
            ]
            if abs(offset) >= Self.clockJumpMillis {
                logger.warning("this node's system clock is wrong; stamping from the parent's time (本机时钟偏差，已按上级时间校正)", metadata: metadata)
            } else {
                logger.info("clock corrected from the parent's time (时钟校正)", metadata: metadata)
            }
            if correction.restamped > 0 {
                logger.warning(
                    "re-stamped writes made while this node's clock ran ahead, so that they cannot beat later writes (超前时间戳已重新盖戳)",
                    metadata: metadata)
            }
        } catch {
            logger.error("cannot store the clock correction", metadata: ["error": "\(error)"])
        }
    }

    /// Looks for local commits made since the last look (by any process), stamping other
    /// programs' inserts first.
    public func refreshHead() {
        do {
            try replica.stampForeignInserts()
            stampFailure = nil
        } catch {
            // Every turn of the loop looks again: say it once, not every turn.
            if stampFailure != "\(error)" {
                logger.warning("could not stamp rows inserted by another program; retrying on every turn", metadata: ["error": "\(error)"])
            }
            stampFailure = "\(error)"
        }
        if let latest = try? replica.head() { head = latest }
    }

    /// A writer in this process committed up to `committed` (`Replica.head(_:)` inside its
    /// transaction): the same as `refreshHead` without reading the file again.
    public func noteLocalCommit(head committed: ChangeSeq) {
        head = max(head, committed)
    }

    /// The frame that carries `message` on the wire.
    /// On `link`, the version that link speaks (SPEC §12.1).
    public func frame(_ message: WireMessage, on link: SyncLink? = nil) -> [UInt8] {
        Envelope(schemaVersion: UInt32(link?.schemaVersion ?? identity.schemaVersion), message: message).encoded()
    }

    // MARK: Opening links

    /// A child's new link to its parent and the actions that start it (the hello).
    public func openParentLink(now: Int64) throws(StoreError) -> (SyncLink, [SessionAction]) {
        let cursor = try replica.cursor(on: knownParent ?? NodeID(rawValue: 0))
        // If this node was moved (区划调整) while away, the new parent's welcome says so; what
        // the old parent acknowledged is where the sender then starts (SPEC §20.5).
        let previousAcked = try knownParent.flatMap { parent throws(StoreError) in try replica.link(parent)?.acked } ?? .zero
        let deltaBase = try knownParent.map { parent throws(StoreError) in try replica.deltaBase(on: parent) } ?? .zero
        let (session, actions) = PeerSession.child(
            local: currentIdentity, cursor: cursor, head: head, nowMillis: now, configuration: session, previousAcked: previousAcked, deltaBase: deltaBase)
        logger.debug("connecting to parent", metadata: ["sync.cursor": "\(cursor)"])
        return (SyncLink(session: session, role: .parent), actions)
    }

    /// This node's identity with the region tree its replica knows now (moves, SPEC §20).
    public var currentIdentity: LocalIdentity {
        var current = identity
        current.tree = replica.tree
        return current
    }

    /// The parent's node id, once known (from a previous welcome).
    public var knownParent: NodeID? {
        guard let value = try? replica.setting("parent.node"), let raw = Int64(value) else { return nil }
        return NodeID(rawValue: raw)
    }

    /// A parent's answer to a child's hello: a new link and its actions (the welcome), or the
    /// refusal to send.
    public func acceptHello(_ hello: Hello, protocolVersion: UInt32, schemaVersion: UInt32, now: Int64) -> HelloAnswer<SyncLink> {
        let cursor = (try? replica.cursor(on: hello.node)) ?? .zero
        // A child one or more versions behind, that this node's version only adds to: welcomed
        // speaking its version (SPEC §12.1).
        var local = currentIdentity
        var bridge: SchemaBridge?
        if hello.schemaName == identity.schemaName, Int(schemaVersion) < identity.schemaVersion, let known = bridges[Int(schemaVersion)],
            known.older.fingerprint == hello.schemaFingerprint
        {
            bridge = known
            local = local.speaking(known.older)
        }
        var hello = hello
        // A child moved under this node (区划调整) on its first contact: its cursor counts
        // its old parent's stamps. Start after this node's head; digests bring what differs, so
        // the catalogue it already holds is not sent again (SPEC §20.5).
        let movedHere = local.tree.moves[hello.node]?.parent == identity.node
        // Its first chunk may start where its old parent's acknowledgement ended, until one arrives.
        let startsAtFirstChunk = movedHere && cursor == .zero
        if movedHere, (try? replica.link(hello.node)) == nil {
            logger.info("a moved child connects for the first time; starting its link at this node's head (区划调整)", metadata: ["peer.node": "\(hello.node)", "head": "\(head)"])
            hello.cursor = head
        }
        let answer = PeerSession.parent(
            local: local, hello: hello, protocolVersion: protocolVersion, schemaVersion: schemaVersion,
            cursor: cursor, head: head, nowMillis: now, configuration: session, deltaBase: (try? replica.deltaBase(on: hello.node)) ?? .zero)
        let session: PeerSession
        let actions: [SessionAction]
        switch answer {
        case .welcomed(let opened, let welcome):
            session = opened
            actions = welcome
        case .refused(let refusal):
            Counter(label: Self.refusedSessionsLabel, dimensions: [("code", "\(refusal.code)")]).increment()
            if rateLimiter.allows("refused.\(hello.node)", now: now) {
                logger.warning(
                    "refused a child's hello (at most one line per node every 10 s)",
                    metadata: ["peer.node": "\(hello.node)", "refusal": "\(refusal.code): \(refusal.reason)"])
            }
            return .refused(refusal)
        }
        let link = SyncLink(session: session, role: .child)
        link.bridge = bridge
        startRefillIfUpgraded(link, child: hello.node, now: now)
        link.startsAtFirstChunk = startsAtFirstChunk
        // Moves decided in the child's subtree (a district's moves of its villages) are the
        // child's to announce (SPEC §20.3); the rest of its hello's moves are ignored.
        let fromBelow = hello.moves.filter { local.tree.isAncestorOrSelf(hello.node, of: $0.decidedBy) }
        if !fromBelow.isEmpty { adoptMoves(fromBelow, from: hello.node, now: now) }
        // The district is the authority on its subtree's seal keys (SPEC §18.1): the city takes
        // them from a district's hello, for the nodes below that district only.
        if hello.node.tier == .district {
            for entry in hello.sealKeys where local.tree.isAncestorOrSelf(hello.node, of: entry.node) && entry.node != hello.node {
                link.learnedSealKeys[entry.node] = entry.key
            }
        }
        return .welcomed(link, actions)
    }

    /// The counter of children's hellos this node refused, by refusal code (docs/metrics.md).
    static let refusedSessionsLabel = "liandong_refused_sessions_total"

    /// The schema of `version`: this node's, or one of its earlier versions it can speak.
    private func schema(version: Int) -> ReplicaSchema? {
        version == identity.schemaVersion ? replica.schema : bridges[version]?.older
    }

    /// The version of the schema this node last sent `child` anything in (its setting), and when
    /// the child now speaks a later one, what it could not hold before is sent again: the tables
    /// the versions between change, from the start up to the child's cursor (SPEC §12.1). The
    /// version is recorded once that is acknowledged.
    private func startRefillIfUpgraded(_ link: SyncLink, child: NodeID, now: Int64) {
        let key = Self.sentVersionSetting(child)
        let spoken = link.schemaVersion
        let stored = ((try? replica.setting(key)) ?? nil).flatMap { Int($0) }
        guard let stored, stored < spoken else {
            if stored != spoken { try? replica.setSetting(key, String(spoken)) }
            return
        }
        guard let before = schema(version: stored), let after = schema(version: spoken), let step = SchemaBridge(older: before, newer: after) else {
            // A version this build cannot speak: send everything again (merging is idempotent).
            logger.notice("a child upgraded from a schema version this node does not know; sending it everything again", metadata: ["peer.node": "\(child)", "schema.from": "\(stored)", "schema.to": "\(spoken)"])
            link.refill = (Set(replica.schema.tables.indices), link.session.acked, spoken, link.session.rewinds)
            link.session.resend(from: .zero)
            return
        }
        let tables = Set(step.changedTables)
        guard !tables.isEmpty, link.session.acked > .zero else {
            try? replica.setSetting(key, String(spoken))
            return
        }
        link.refill = (tables, link.session.acked, spoken, link.session.rewinds)
        link.session.resend(from: .zero)
        logger.notice(
            "child upgraded its schema (模式升级); sending again what it could not hold before",
            metadata: [
                "peer.node": "\(child)", "schema.from": "\(stored)", "schema.to": "\(spoken)",
                "refill.tables": "\(tables.sorted().map { replica.schema.tables[$0].name }.joined(separator: ","))",
            ])
    }

    /// Records the refill done once everything it sent is acknowledged, or drops it when the
    /// sender had to go back meanwhile (the next session starts it again).
    private func settleRefill(_ link: SyncLink) {
        guard let refill = link.refill, let peer = link.peer else { return }
        if link.session.rewinds != refill.rewinds || link.session.phase != .established {
            link.refill = nil
            return
        }
        guard link.session.sentUpTo >= refill.through, (link.session.oldestInFlight.map { $0 > refill.through } ?? true) else { return }
        link.refill = nil
        try? replica.setSetting(Self.sentVersionSetting(peer), String(refill.version))
        logger.info("sent again what an upgraded child could not hold before (模式升级补发完成)", metadata: ["peer.node": "\(peer)", "schema.version": "\(refill.version)"])
    }

    /// The setting holding the schema version this node last spoke to `peer` (a child).
    public static func sentVersionSetting(_ peer: NodeID) -> String { "link.\(peer.rawValue).schema_version" }

    // MARK: Driving a link

    /// A decoded message from the link's peer.
    public func receive(_ message: WireMessage, on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) -> [LinkEvent] {
        messagesIn.increment()
        let events = perform(link.session.receive(message, nowMillis: now), on: link, now: now, send: send)
        switch message {
        case .ack(let ack): heardSettled(ack.settled, on: link)
        case .heartbeat(let beat): heardSettled(beat.settled, on: link)
        default: break
        }
        return events
    }

    /// Time passes: chunks to send, heartbeats, or a lost peer.
    public func tick(_ link: SyncLink, now: Int64, send: (WireMessage) -> Bool) -> [LinkEvent] {
        perform(link.session.tick(nowMillis: now, head: head), on: link, now: now, send: send)
    }

    /// Performs a session's actions; `send` puts one message on the wire and says whether it went.
    public func perform(_ actions: [SessionAction], on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) -> [LinkEvent] {
        var events: [LinkEvent] = []
        let corrected = correctedMillis(wall(now))
        func transmit(_ message: WireMessage) -> Bool {
            var message = message
            switch message {
            case .hello(var hello):
                hello.nowMillis = corrected
                if identity.node.tier == .district {
                    let tree = replica.tree
                    hello.sealKeys = sealRegistry.filter { tree.isAncestorOrSelf(identity.node, of: $0.key) && $0.key != identity.node }
                        .map { SealKeyEntry(node: $0.key, key: $0.value) }.sorted { $0.node < $1.node }
                }
                message = .hello(hello)
            case .welcome(var hello):
                hello.nowMillis = corrected
                message = .welcome(hello)
            case .heartbeat(var beat):
                beat.nowMillis = corrected
                if sendsSettled, let peer = link.peer { beat.settled = settledMark(for: peer) }
                message = .heartbeat(beat)
            case .ack(var ack):
                if sendsSettled, let peer = link.peer { ack.settled = settledMark(for: peer) }
                message = .ack(ack)
            default: break
            }
            guard send(message) else { return false }
            messagesOut.increment()
            link.session.didSendMessage(nowMillis: now)
            return true
        }
        for action in actions {
            switch action {
            case .send(let message):
                _ = transmit(message)
            case .sendChunk(let after):
                guard let peer = link.peer else { continue }
                switch sendChunk(after: after, to: peer, on: link, deferEmpty: link.session.mayDeferEmptyChunk(nowMillis: now), now: now, send: transmit) {
                case .sent(let upTo): link.session.didSend(upTo: upTo, nowMillis: now)
                case .deferredEmpty(let upTo): link.session.deferredEmptyChunk(upTo: upTo, nowMillis: now)
                case .failed: break
                }
            case .apply(let chunk):
                guard let peer = link.peer else { continue }
                if link.startsAtFirstChunk {
                    link.startsAtFirstChunk = false
                    if chunk.after > .zero { try? replica.startCursor(on: peer, role: .child, at: chunk.after) }
                }
                let check = sealCheck(for: link)
                let own = chunk.seals.isEmpty ? [] : ownSealed(chunk.seals)
                let metrics = link.metrics
                events += perform(
                    apply(
                        chunk, from: peer, role: link.role, bridge: link.bridge, seals: check, ownSealed: own, metrics: metrics, now: now,
                        session: &link.session), on: link, now: now, send: send)
            case .established(let peer, let peerHead):
                if link.role == .parent {
                    // The welcome says how much of this node the parent holds, and the parent's
                    // head: less than it acknowledged before, or a head below what this node
                    // merged of it, means it went back in time. The stored acknowledgement can lag
                    // the real one; the cursor on the parent is saved with each merge, so the two
                    // together catch a backup taken inside that lag too, unless the restored
                    // parent's head has already grown past the cursor (SPEC §18.6).
                    let before = try? replica.link(peer)?.acked
                    let merged = try? replica.cursor(on: peer)
                    if let before, link.session.acked < before {
                        link.peerWentBack = true
                        logger.warning(
                            "the parent holds less than it acknowledged (restored from a backup?); sending its own sealed writes back with the rows",
                            metadata: ["peer.node": "\(peer)", "parent.cursor": "\(link.session.acked)", "acked.before": "\(before)"])
                    } else if let merged, peerHead < merged {
                        link.peerWentBack = true
                        logger.warning(
                            "the parent's head is below what this node merged of it (restored from a backup?); sending its own sealed writes back with the rows",
                            metadata: ["peer.node": "\(peer)", "peer.head": "\(peerHead)", "cursor": "\(merged)"])
                    }
                    // What this node's delta base vouched for may be gone with it (SPEC §5.5).
                    if link.peerWentBack { try? replica.resetDeltaBase(on: peer) }
                    try? replica.setSetting("parent.node", String(peer.rawValue))
                    if link.session.joinedAfterMove { try? replica.startCursor(on: peer, role: .parent, at: peerHead) }
                    // The welcome carries the parent's time: stamp from it before sending anything.
                    learnParentTime(link, now: now)
                } else if let held = try? replica.cursor(on: peer), peerHead < held {
                    // The child's head is below what this node merged of it: it went back in time.
                    link.peerWentBack = true
                    try? replica.resetDeltaBase(on: peer)
                    logger.warning(
                        "the child holds less than this node received from it (restored, or a power cut?); sending its own sealed writes back with the rows",
                        metadata: ["peer.node": "\(peer)", "peer.head": "\(peerHead)", "cursor": "\(held)"])
                }
                try? replica.recordContact(
                    peer: peer, role: link.role, nowMillis: wall(now), acked: link.session.acked, peerHead: peerHead, error: .some(nil),
                    state: .connected, clockOffsetMillis: link.session.clockSample.map { $0.offsetMillis - wallMinusMonotonic })
                logger.info(link.role == .parent ? "connected to parent" : "child connected", metadata: ["peer.node": "\(peer)", "peer.head": "\(peerHead)"])
                if link.role == .child { deliverMoves(to: peer, bridge: link.bridge, now: now, send: transmit) }
                events.append(.established(peer))
            case .refused(let refusal):
                let byThisNode = refusal.code == .wrongParent
                logger.error(
                    byThisNode
                        ? "this node refuses the node at its parent endpoint; not retrying until the cause is fixed and the node restarted (上级节点不符)"
                        : "parent refused this node; not retrying until the cause is fixed and the node restarted (上级拒绝连接)",
                    metadata: ["refusal.code": "\(refusal.code)", "refusal.reason": "\(refusal.reason)"])
                if let parent = knownParent ?? replica.tree.parent(of: identity.node) {
                    try? replica.recordContact(
                        peer: parent, role: .parent, nowMillis: wall(now),
                        error: .some("\(byThisNode ? "refused the parent (拒绝上级)" : "refused (拒绝)"): \(refusal.code): \(refusal.reason)"), state: .refused)
                }
                events.append(.refused(refusal))
            case .peerError(let error):
                if rateLimiter.allows("peer-error.\(link.peer.map { "\($0)" } ?? "?").\(error.code)", now: now) {
                    logger.warning(
                        "\(link.role) reported an error",
                        metadata: ["peer.node": "\(link.peer.map { "\($0)" } ?? "?")", "error.code": "\(error.code)", "error.message": "\(error.message)"])
                }
                if let peer = link.peer { try? replica.recordContact(peer: peer, role: link.role, nowMillis: wall(now), error: .some(error.description)) }
            case .peerLost:
                let peer = link.peer ?? (link.role == .parent ? knownParent ?? replica.tree.parent(of: identity.node) : nil)
                let silent = (now - link.session.lastHeardMillis) / 1000
                logger.info("\(link.role) link lost", metadata: ["peer.node": "\(peer.map { "\($0)" } ?? "?")", "peer.silent_s": "\(silent)"])
                if let peer {
                    try? replica.recordContact(
                        peer: peer, role: link.role, nowMillis: wall(now),
                        error: .some("no answer for \(silent) s: peer frozen, stopped or unreachable (对端无响应)"), state: .lost)
                }
                events.append(.closed)
                return events
            case .sendDigest:
                sendDigest(on: link, now: now, send: transmit)
            case .answerDigest(let digest):
                answerDigest(digest, on: link, now: now, send: transmit)
            case .compareDigest(let answer):
                compareDigest(answer, on: link, now: now, send: transmit)
            case .applyRepair(let rows, let seals):
                applyRepair(rows, seals: seals, on: link, now: now)
            case .adoptMoves(let moves, let parent):
                adoptMoves(moves, from: parent, now: now)
            }
        }
        if link.session.phase == .closed, !events.contains(.closed) { events.append(.closed) }
        settleRefill(link)
        learnParentTime(link, now: now)
        recordProgress(link, now: now)
        collectTombstonesIfDue(now: now)
        return events
    }

    /// Adopts the moves of the parent's welcome, or those a child's hello announces for its own
    /// subtree (SPEC §20.3): purges what left this node's path and logs what was refused (at
    /// most one line per peer every 10 s).
    private func adoptMoves(_ moves: [RegionMove], from parent: NodeID, now: Int64) {
        do {
            let outcome = try replica.adoptMoves(moves, from: parent, nowMillis: wall(now))
            for move in outcome.adopted {
                logger.info("adopted a re-parenting (区划调整)", metadata: ["move.node": "\(move.node)", "move.parent": "\(move.parent)", "move.decided_by": "\(move.decidedBy)"])
            }
            if let first = outcome.refused.first, rateLimiter.allows("moves-refused.\(parent)", now: now) {
                logger.warning("refused moves a peer announced (区划调整不予采纳)", metadata: ["peer.node": "\(parent)", "moves.refused": "\(outcome.refused.count)", "reason": "\(first)"])
            }
        } catch {
            logger.error("cannot record the parent's moves", metadata: ["peer.node": "\(parent)", "error": "\(error)"])
        }
    }

    /// Once per move and child (SPEC §20.5): the rows the child sees because of a move and did not
    /// see before (a moved village's rows for its new town, the new town's rows for the village),
    /// sent as repairs when the session opens. Its cursor is past them, and digest buckets would
    /// carry everything else of their hours too. Recorded as sent in `_ld_setting`
    /// (`move.sent.CHILD.NODE` = the decision's time); digests remain the safety net.
    private func deliverMoves(to child: NodeID, bridge: SchemaBridge?, now: Int64, send: (WireMessage) -> Bool) {
        for move in replica.tree.orderedMoves {
            let key = "move.sent.\(child).\(move.node)"
            guard (try? replica.setting(key)) != String(move.decidedMillis) else { continue }
            do {
                var rows = try replica.statesNewlyVisible(through: move, toChild: child)
                if let bridge { rows = rows.compactMap(bridge.narrowed) }
                var sent = 0
                for start in stride(from: 0, to: rows.count, by: session.chunkRows) {
                    let piece = Array(rows[start..<min(rows.count, start + session.chunkRows)])
                    guard send(.repair(piece, seals: try ownSeals(piece, to: child))) else { return }
                    sent += piece.count
                }
                rowsSent.increment(by: Int64(sent))
                try replica.setSetting(key, String(move.decidedMillis))
                if sent > 0 {
                    logger.info(
                        "sent a child the rows a re-parenting brings into its view (区划调整)",
                        metadata: ["peer.node": "\(child)", "move.node": "\(move.node)", "repair.rows": "\(sent)"])
                }
            } catch {
                logger.error("cannot read the rows a re-parenting brings into a child's view", metadata: ["peer.node": "\(child)", "move.node": "\(move.node)", "error": "\(error)"])
            }
        }
    }

    enum ChunkSent {
        case sent(upTo: ChangeSeq)
        case deferredEmpty(upTo: ChangeSeq)
        case failed
    }

    /// Reads and sends the next chunk, unless it holds nothing for the peer and may wait.
    /// On a link that speaks an earlier version, the rows go narrowed to it; while the link
    /// refills an upgraded child, only the tables it could not hold, up to its cursor then.
    private func sendChunk(after: ChangeSeq, to peer: NodeID, on link: SyncLink, deferEmpty: Bool, now: Int64, send: (WireMessage) -> Bool) -> ChunkSent {
        let started = ContinuousClock.now
        do {
            var chunk: ChangeChunk
            if let refill = link.refill, after < refill.through {
                chunk = try replica.readChunk(for: peer, after: after, limit: link.session.chunkRows, tables: refill.tables, through: refill.through)
            } else {
                // Delta rows only to a peer of this schema version that takes them (SPEC §5.5).
                chunk = try replica.readChunk(
                    for: peer, after: after, limit: link.session.chunkRows, deltaBase: link.bridge == nil ? link.session.peerDeltaBase : nil)
                if chunk.isEmpty && deferEmpty { return .deferredEmpty(upTo: chunk.upTo) }
            }
            if let bridge = link.bridge { chunk.rows = chunk.rows.compactMap(bridge.narrowed) }
            chunk.seals += try ownSeals(chunk.rows, to: peer)
            if link.peerWentBack { chunk.seals += try keptSeals(of: peer, covering: chunk.rows) }
            guard send(.changes(chunk)) else { return .failed }
            rowsSent.increment(by: Int64(chunk.rows.count))
            if !chunk.rows.isEmpty { link.metrics?.chunkSend.record(duration: ContinuousClock.now - started) }
            return .sent(upTo: chunk.upTo)
        } catch {
            // A read that keeps failing (a damaged file, a full disk) fails on every turn.
            if rateLimiter.allows("read.\(peer)", now: now) {
                logger.error("cannot read changes for peer (at most one line per peer every 10 s)", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
            return .failed
        }
    }

    /// The seals of this node's own cells among `rows` sent to `peer` (SPEC §18.3, §18.5): to a
    /// child always (they vouch for this node's writes if it is ever restored from a backup), to
    /// the parent from below the district.
    /// Cells in this node's name that it took from its parent are not its to vouch for (§18.6).
    func ownSeals(_ rows: [RowChange], to peer: NodeID) throws(StoreError) -> [Seal] {
        guard let sealer, !rows.isEmpty else { return [] }
        guard peer.tier > identity.node.tier || identity.node.tier > Tier.district else { return [] }
        return try sealer.seals(rows, personal: personalColumns) { cells throws(StoreError) in try replica.unvouched(among: cells) }
    }

    /// The seals `peer` made over its own cells among `rows` that this node kept: a parent's
    /// (SPEC §18.5) or a child's (§18.6), for a peer that may have lost those cells.
    private func keptSeals(of peer: NodeID, covering rows: [RowChange]) throws(StoreError) -> [Seal] {
        peer.tier < identity.node.tier ? try replica.parentSeals(covering: rows, parent: peer) : try replica.childSeals(covering: rows, child: peer)
    }

    /// The hashes of this node's own cells that `seals` (from a peer's chunk or repair) vouch for: seals
    /// in this node's name that verify with its own key.
    func ownSealed(_ seals: [Seal]) -> Set<UInt64> {
        guard let sealer else { return [] }
        var cells: Set<UInt64> = []
        for seal in seals where seal.origin == identity.node && seal.isSigned(by: sealer.publicKey) { cells.formUnion(seal.cells) }
        return cells
    }

    /// What cells from a child link are checked against: the seal keys of the nodes below that
    /// child, registered here or learned from the district's hello (nil: nothing to check).
    private func sealCheck(for link: SyncLink) -> SealCheck? {
        guard link.role == .child, let peer = link.peer else { return nil }
        if let cached = link.sealCheck, cached.generation == sealRegistryGeneration { return cached.check }
        var keys = link.learnedSealKeys
        let tree = replica.tree
        for (node, key) in sealRegistry where tree.isAncestorOrSelf(peer, of: node) && node != peer { keys[node] = key }
        let check = keys.isEmpty ? nil : SealCheck(keys: keys)
        link.sealCheck = (sealRegistryGeneration, check)
        return check
    }

    /// Applies a chunk and returns the session's answer (an ack, or an error naming the chunk).
    private func apply(
        _ chunk: ChangeChunk, from peer: NodeID, role: LinkRole, bridge: SchemaBridge?, seals check: SealCheck?, ownSealed: Set<UInt64>,
        metrics: LinkMetrics?, now: Int64, session: inout PeerSession
    ) -> [SessionAction] {
        do {
            let chunk = try widened(chunk, by: bridge)
            let started = ContinuousClock.now
            let outcome = try replica.apply(
                chunk, from: peer, role: role, drift: drift, nowMillis: correctedMillis(wall(now)), wallMillis: wall(now), seals: check, ownSealed: ownSealed,
                peerHolds: session.echoBase)
            if !chunk.rows.isEmpty { metrics?.merge.record(duration: ContinuousClock.now - started) }
            rowsApplied.increment(by: Int64(outcome.changed))
            let headBefore = head
            head = max(head, outcome.head)
            if outcome.storedAsSent == outcome.changed, outcome.rejected.isEmpty {
                session.mergedEchoesOnly(from: headBefore, upTo: head, nowMillis: now)
            }
            onMerge?(peer, outcome)
            if !chunk.rows.isEmpty {
                logger.debug(
                    "applied changes",
                    metadata: ["peer.node": "\(peer)", "changeset.count": "\(chunk.rows.count)", "changeset.changed": "\(outcome.changed)", "changeset.remaining": "\(chunk.remaining)"])
            }
            reportProgress(from: peer, chunk: chunk, now: now)
            if outcome.heldBack > 0, rateLimiter.allows("held-back.\(peer)", now: now) {
                logger.notice(
                    "held back rows from a child that carry a version written above this node which this node does not hold (restored from a backup?); it takes that from its parent (暂缓)",
                    metadata: ["peer.node": "\(peer)", "rows.held_back": "\(outcome.heldBack)"])
            }
            var actions = session.didApply(cursor: outcome.cursor, deltaBase: outcome.deltaBase)
            if !outcome.rejected.isEmpty {
                rowsRejected.increment(by: Int64(outcome.rejected.count))
                countRefusals(outcome.rejected, metrics: metrics)
                let forged = outcome.rejected.filter { $0.rule == .seal }.count
                if forged > 0 { forgeriesFound.increment(by: Int64(forged)) }
                if rateLimiter.allows("refused.\(peer)", now: now) {
                    for rejection in outcome.rejected.prefix(5) {
                        logger.warning("refused a change (拒收)", metadata: ["peer.node": "\(peer)", "rejection": "\(rejection)"])
                    }
                }
                let summary = "\(outcome.rejected.count) of \(chunk.rows.count) rows refused by node \(replica.node); first: \(outcome.rejected[0])"
                try? replica.recordContact(peer: peer, role: role, nowMillis: wall(now), error: .some(summary))
                actions.append(.send(.error(WireError(code: .rejected, message: summary, chunkUpTo: chunk.upTo))))
            }
            return actions
        } catch {
            let code: WireErrorCode =
                switch error.code {
                case .invalidChange: .invalidChange
                case .clockDrift: .clockDrift
                case .deltaBase: .deltaBase
                default: .storage
                }
            switch error.code {
            case .invalidChange: metrics?.refused(chunk.rows.count, rule: "invalid-chunk")
            case .clockDrift: metrics?.refused(chunk.rows.count, rule: "clock-drift")
            case .deltaBase: metrics?.refused(chunk.rows.count, rule: "delta-base")
            default: break
            }
            if rateLimiter.allows("rejected.\(peer).\(error.code)", now: now) {
                logger.error("rejected changes", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
            try? replica.recordContact(peer: peer, role: role, nowMillis: wall(now), error: .some(error.description))
            return session.applyFailed(chunk, code: code, message: error.description)
        }
    }

    /// Counts refused changes by the rule they broke.
    private func countRefusals(_ rejected: [Rejection], metrics: LinkMetrics?) {
        guard let metrics else { return }
        var byRule: [Rejection.Rule: Int] = [:]
        for rejection in rejected { byRule[rejection.rule, default: 0] += 1 }
        for (rule, count) in byRule { metrics.refused(count, rule: rule.rawValue) }
    }

    /// A chunk from a child that speaks an earlier version (`bridge`), checked against that
    /// version's declaration and widened to this node's (SPEC §12.1).
    func widened(_ chunk: ChangeChunk, by bridge: SchemaBridge?) throws(StoreError) -> ChangeChunk {
        guard let bridge else { return chunk }
        var chunk = chunk
        for row in chunk.rows {
            guard row.table >= 0, row.table < bridge.older.tables.count else {
                throw StoreError(.invalidChange, "[rule: table 表] table #\(row.table) is not in schema \(bridge.older.name) v\(bridge.older.version), which this link speaks")
            }
            do { try row.validate(against: bridge.older.tables[row.table]) } catch {
                throw StoreError(.invalidChange, "\(error) (schema \(bridge.older.name) v\(bridge.older.version), which this link speaks)")
            }
        }
        chunk.rows = chunk.rows.map(bridge.widened)
        return chunk
    }

    // MARK: Digests (SPEC §16)

    /// Child: computes the digest of what both sides should hold and sends it.
    private func sendDigest(on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) {
        guard let peer = link.peer else { return }
        dropRowsThePeerCollected(on: link, now: now)
        do {
            let digest = try replica.digest(linkWith: peer)
            link.sentDigest = digest
            let message = DigestMessage(head: head, cursor: link.session.cursor, isAnswer: false, digest: digest)
            if send(.digest(message)) { link.session.didSendDigest(head: head, nowMillis: now) }
        } catch {
            if rateLimiter.allows("digest.\(peer)", now: now) {
                logger.error("cannot compute the digest for the link", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
        }
    }

    /// Parent: compares the child's digest with this node's, answers with its own, and sends the
    /// rows of the buckets that differ. Only when caught up with what the child's digest covers
    /// (it holds every change of the child up to the digest's head, and has nothing pending for
    /// it after the digest's cursor); otherwise it answers busy and the child asks again later.
    private func answerDigest(_ theirs: DigestMessage, on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) {
        guard let peer = link.peer else { return }
        dropRowsThePeerCollected(on: link, now: now)
        do {
            let pending = try replica.pendingCount(for: peer, after: theirs.cursor)
            guard link.session.cursor >= theirs.head, pending == 0 else {
                _ = send(.digest(DigestMessage(head: head, cursor: link.session.cursor, isAnswer: true, busy: true, digest: LinkDigest(buckets: []))))
                return
            }
            let mine = try replica.digest(linkWith: peer, bridge: link.bridge)
            _ = send(.digest(DigestMessage(head: head, cursor: link.session.cursor, isAnswer: true, digest: mine)))
            let differing = mine.differences(from: theirs.digest)
            recordDigest(differing, with: peer, role: link.role, digest: mine, now: now)
            if !differing.isEmpty { sendRepair(differing, on: link, now: now, send: send) }
        } catch {
            if rateLimiter.allows("digest.\(peer)", now: now) {
                logger.error("cannot compare digests with a child", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
        }
    }

    /// Child: compares the parent's answer with the digest it sent and sends the rows of the
    /// buckets that differ (the parent sends its own for the same buckets).
    private func compareDigest(_ answer: DigestMessage, on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) {
        guard let peer = link.peer, let mine = link.sentDigest else { return }
        link.sentDigest = nil
        if answer.busy {
            link.session.digestCompared(agreed: false, busy: true, nowMillis: now)
            return
        }
        let differing = mine.differences(from: answer.digest)
        link.session.digestCompared(agreed: differing.isEmpty, busy: false, nowMillis: now)
        recordDigest(differing, with: peer, role: link.role, digest: mine, now: now)
        if !differing.isEmpty { sendRepair(differing, on: link, now: now, send: send) }
    }

    private func recordDigest(_ differing: [Int64], with peer: NodeID, role: LinkRole, digest: LinkDigest, now: Int64) {
        if differing.isEmpty {
            logger.debug("digests agree", metadata: ["peer.node": "\(peer)", "digest.rows": "\(digest.rows)"])
        } else {
            logger.warning(
                "replicas differ; exchanging the rows that differ (数据不一致，正在修复)",
                metadata: ["peer.node": "\(peer)", "digest.buckets": "\(differing.count)", "digest.rows": "\(digest.rows)"])
        }
        try? replica.recordDigest(peer: peer, role: role, agreed: differing.isEmpty, nowMillis: wall(now))
        if differing.isEmpty, restoredLinks.remove(peer) != nil {
            try? replica.restoreReconciled(with: peer)
            logger.info("restored replica agrees with the peer; its restore is over on this link (恢复后已一致)", metadata: ["peer.node": "\(peer)"])
        }
    }

    /// Sends every row state of `buckets` the peer may see, echoes included, in pieces of a chunk.
    private func sendRepair(_ buckets: [Int64], on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) {
        guard let peer = link.peer else { return }
        do {
            var rows = try replica.statesInBuckets(Set(buckets), linkWith: peer, bridge: link.bridge)
            if let bridge = link.bridge { rows = rows.compactMap(bridge.narrowed) }
            if restoredLinks.contains(peer) { rows = holdBackSettledRows(rows, on: link) }
            var sent = 0
            for start in stride(from: 0, to: rows.count, by: session.chunkRows) {
                let piece = Array(rows[start..<min(rows.count, start + session.chunkRows)])
                // Also the peer's own seals over its cells here: it may have lost them.
                let seals = try ownSeals(piece, to: peer) + keptSeals(of: peer, covering: piece)
                guard send(.repair(piece, seals: seals)) else { break }
                sent += piece.count
            }
            rowsSent.increment(by: Int64(sent))
            logger.info("sent rows to repair a difference (修复)", metadata: ["peer.node": "\(peer)", "repair.rows": "\(sent)", "repair.buckets": "\(buckets.count)"])
        } catch {
            if rateLimiter.allows("repair-read.\(peer)", now: now) {
                logger.error("cannot read the rows that differ (at most one line per peer every 10 s)", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
        }
    }

    /// Merges rows sent because digests differed: as a chunk, but no cursor moves and no ack.
    private func applyRepair(_ rows: [RowChange], seals: [Seal], on link: SyncLink, now: Int64) {
        guard let peer = link.peer, !rows.isEmpty || !seals.isEmpty else { return }
        if !link.heldFromRepair.isEmpty {
            // The peer holds these: they are not deleted there.
            for row in rows { link.heldFromRepair.remove(RowKey(table: row.table, key: row.key)) }
        }
        do {
            let chunk = try widened(ChangeChunk(after: .zero, upTo: .zero, rows: rows, remaining: 0, seals: seals), by: link.bridge)
            let outcome = try replica.apply(
                chunk, from: peer, role: link.role, repair: true, drift: drift, nowMillis: correctedMillis(wall(now)), wallMillis: wall(now),
                seals: sealCheck(for: link), ownSealed: ownSealed(seals))
            rowsApplied.increment(by: Int64(outcome.changed))
            head = max(head, outcome.head)
            onMerge?(peer, outcome)
            if outcome.changed > 0 {
                logger.info("repaired rows from the peer (修复)", metadata: ["peer.node": "\(peer)", "repair.changed": "\(outcome.changed)"])
            }
            if !outcome.rejected.isEmpty {
                rowsRejected.increment(by: Int64(outcome.rejected.count))
                countRefusals(outcome.rejected, metrics: link.metrics)
                if rateLimiter.allows("refused.\(peer)", now: now) {
                    logger.warning("refused a repaired change (拒收)", metadata: ["peer.node": "\(peer)", "rejection": "\(outcome.rejected[0])"])
                }
            }
        } catch {
            if rateLimiter.allows("repair.\(peer)", now: now) {
                logger.error("cannot merge repaired rows", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
        }
    }

    // MARK: Progress

    /// Long transfers (a village back after days offline) report progress every few seconds at
    /// info level: rows received so far and what the peer says remains.
    private func reportProgress(from peer: NodeID, chunk: ChangeChunk, now: Int64) {
        var progress = transfers[peer] ?? (received: 0, lastLogMillis: now)
        progress.received += Int64(chunk.rows.count)
        if chunk.remaining == 0 {
            if progress.received >= Self.longTransferRows {
                logger.info("caught up 追赶同步完成", metadata: ["peer.node": "\(peer)", "sync.received": "\(progress.received)"])
            }
            transfers[peer] = nil
            return
        }
        if progress.received + chunk.remaining >= Self.longTransferRows, now - progress.lastLogMillis >= 2000 {
            let total = progress.received + chunk.remaining
            logger.info(
                "catching up 追赶同步",
                metadata: [
                    "peer.node": "\(peer)", "sync.received": "\(progress.received)", "sync.remaining": "\(chunk.remaining)",
                    "sync.percent": "\(progress.received * 100 / max(1, total))",
                ])
            progress.lastLogMillis = now
        }
        transfers[peer] = progress
    }

    /// A transfer of at least this many rows is long enough to report progress.
    static let longTransferRows: Int64 = 2000

    /// How often the last contact of a link that only hears heartbeats is written: what the
    /// replica says of a live link can be this much older than the truth (`LinkReading`).
    public static let contactRecordMillis: Int64 = 10_000

    /// Persists a link's progress for `liandong status`: at most every 5 s per link while it
    /// changes, and every 10 s while it does not, so that what `status` shows is at most seconds
    /// old without a busy node writing its file several times a second per link. (Merges record
    /// their own cursor and contact time, in their transaction.)
    public func recordProgress(_ link: SyncLink, now: Int64, force: Bool = false) {
        guard let peer = link.peer, link.session.phase == .established else { return }
        let progress = (acked: link.session.acked, peerHead: link.session.peerHead, heard: link.session.lastHeardMillis)
        let changed = link.lastRecorded.map { $0.acked != progress.acked || $0.peerHead != progress.peerHead } ?? true
        let heardAgain = link.lastRecorded.map { $0.heard != progress.heard } ?? true
        let elapsed = now - link.lastRecordMillis
        guard force || (changed && elapsed >= 5000) || (heardAgain && elapsed >= Self.contactRecordMillis) else { return }
        link.lastRecordMillis = now
        link.lastRecorded = progress
        // Last contact is when the peer was last heard from, not when this was written.
        try? replica.recordContact(
            peer: peer, role: link.role, nowMillis: wall(link.session.lastHeardMillis), acked: link.session.acked, peerHead: link.session.peerHead,
            clockOffsetMillis: link.session.clockSample.map { $0.offsetMillis - wallMinusMonotonic })
    }
}
