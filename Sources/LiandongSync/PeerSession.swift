import LiandongCore
import LiandongWire

/// What the driver must do for a session. The session decides; the driver does the I/O.
public enum SessionAction: Hashable, Sendable {
    /// Send this message to the peer.
    case send(WireMessage)
    /// Read this node's next chunk for the peer after `after`, send it, then call `didSend`.
    case sendChunk(after: ChangeSeq)
    /// Apply this chunk to the replica, then call `didApply` or `applyFailed`.
    case apply(ChangeChunk)
    /// The session is open (after hello/welcome); record the peer.
    case established(peer: NodeID, peerHead: ChangeSeq)
    /// The parent refused this child; do not retry until the cause is fixed.
    case refused(Refusal)
    /// The peer reported an error about something this node sent.
    case peerError(WireError)
    /// Nothing heard for too long: drop the session (a child reconnects).
    case peerLost
    /// Child: both directions are caught up; compute this node's digest of the link and send it
    /// (`DigestMessage`, not an answer), then call `didSendDigest`.
    case sendDigest
    /// Parent: the child sent its digest; compare with this node's and answer.
    case answerDigest(DigestMessage)
    /// Child: the parent answered the digest this node sent; compare, repair, then call `digestCompared`.
    case compareDigest(DigestMessage)
    /// Merge these row states, sent because digests differed; no acknowledgement.
    case applyRepair([RowChange], seals: [Seal])
    /// Child: the parent's welcome announced these moves (区划调整, SPEC §20.3); adopt them
    /// (and purge) before anything else of the session. Comes before `established`.
    case adoptMoves([RegionMove], from: NodeID)
}

/// The peer's time as one of its messages carried it.
public struct PeerClockSample: Hashable, Sendable {
    /// The peer's time when it sent the message (its `now_ms`).
    public var peerMillis: Int64
    /// This node's system clock when the message arrived.
    public var receivedMillis: Int64
    /// Hello to welcome, for a welcome; nil for other messages.
    public var roundTripMillis: Int64?

    /// The peer's time minus this node's system clock, the half round trip added when known.
    public var offsetMillis: Int64 { peerMillis + (roundTripMillis ?? 0) / 2 - receivedMillis }
}

/// One side of a link's conversation (Protocols/SPEC.md) as a pure state machine: events in,
/// actions out, no sockets and no database. The driver (`LinkRuntime`) feeds it what arrives
/// and performs what it returns.
public struct PeerSession: Sendable {
    public enum Phase: Hashable, Sendable {
        /// Child only: hello sent, waiting for the welcome.
        case greeting
        case established
        /// Refused or lost; the driver discards the session.
        case closed
    }

    public private(set) var local: LocalIdentity
    public let configuration: SessionConfiguration
    /// True on the child's side of the link.
    public let isChild: Bool
    public private(set) var peer: NodeID?
    public private(set) var phase: Phase

    /// The peer holds this node's changes up to here (its acknowledged cursor).
    public private(set) var acked: ChangeSeq = .zero
    /// The `up_to` of the last chunk sent; the next chunk starts after it.
    public private(set) var sentUpTo: ChangeSeq = .zero
    /// Chunks sent and not yet acknowledged: their `up_to` and when they went out.
    private var inFlight: [(upTo: ChangeSeq, sentMillis: Int64)] = []
    private var pausedUntil: Int64 = 0
    private var lastSentMillis: Int64
    /// A read found nothing this peer may see up to this stamp, first at `emptySinceMillis`:
    /// that range goes out as one empty chunk (moving the peer's cursor) only once a heartbeat
    /// interval has passed, so a stream of changes the peer cannot see (another village's cases)
    /// does not cost it a durable write each.
    private var nothingVisibleUpTo: ChangeSeq = .zero
    private var emptySinceMillis: Int64?
    /// When the last read found nothing for the peer: the next look waits a fifth of a heartbeat
    /// interval, so that a busy node (a district merging every town's cases) does not read once
    /// per change for each peer that cannot see it.
    private var lastEmptyReadMillis: Int64 = 0
    /// When the child last sent its hello (greeting only).
    private var lastHelloMillis: Int64
    /// The head the child's last hello announced: the parent cannot hold more of its changes.
    private var helloHead: ChangeSeq = .zero
    /// Child: the welcome came from a parent this node was moved under (SPEC §20.5).
    public private(set) var joinedAfterMove = false
    /// Child: how far the previous parent acknowledged this node's changes (`child`).
    private var previousAcked: ChangeSeq = .zero
    /// The peer holds every cell this node stored at a stamp up to here (SPEC §5.5), as its
    /// hello and acknowledgements say; nil when it takes no delta rows (an earlier release) or
    /// this node sends none. Chunks leave out the cells at or below it.
    public private(set) var peerDeltaBase: ChangeSeq?
    /// What the peer holds of this node's cells for certain (SPEC §5.5): its welcome (to a child)
    /// and its acknowledgements in this session. Decides whether an expanded delta is the peer's
    /// own state (not echoed back).
    public private(set) var echoBase: ChangeSeq = .zero
    /// This node's delta base on the peer when the session opened (in the hello).
    private var ownDeltaBase: ChangeSeq = .zero
    /// The peer's newest stamp, as last reported.
    public private(set) var peerHead: ChangeSeq = .zero
    /// Rows the peer said it still holds for this node after its last chunk.
    public private(set) var inboundRemaining: Int64 = 0
    /// This node's cursor on the peer, as last known.
    public private(set) var cursor: ChangeSeq = .zero
    /// When the peer was last heard from (this node's clock): real traffic only.
    public private(set) var lastHeardMillis: Int64
    /// The peer's time as its latest hello, welcome or heartbeat carried it, and how many such
    /// samples have arrived (the driver adopts its parent's time from them).
    public private(set) var clockSample: PeerClockSample?
    public private(set) var clockSamples = 0

    /// Child only: the digest comparison (SPEC §16). What this node's head and cursor were when
    /// the digest in flight was computed, and when it went out.
    private var digestInFlight: (head: ChangeSeq, cursor: ChangeSeq, sentMillis: Int64)?
    /// The head and cursor at the last comparison that agreed, in this session.
    public private(set) var digestAgreedAt: (head: ChangeSeq, cursor: ChangeSeq)?
    private var nextDigestMillis: Int64 = 0
    private var digestDifferences = 0
    /// The parent answered a digest with `MALFORMED`: it does not compare digests (SPEC §12).
    public private(set) var digestUnsupported = false

    /// A child's session: it sends the hello.
    /// `previousAcked`: how far this node's previous parent acknowledged its changes; a welcome
    /// from a new parent this node was moved under starts the sender there (SPEC §20.5).
    /// `deltaBase`: this node's durable delta base on the parent (SPEC §5.5), announced in the hello.
    public static func child(
        local: LocalIdentity, cursor: ChangeSeq, head: ChangeSeq, nowMillis: Int64, configuration: SessionConfiguration,
        previousAcked: ChangeSeq = .zero, deltaBase: ChangeSeq = .zero
    )
        -> (PeerSession, [SessionAction])
    {
        var session = PeerSession(local: local, configuration: configuration, isChild: true, peer: nil, phase: .greeting, nowMillis: nowMillis)
        session.cursor = cursor
        session.helloHead = head
        session.previousAcked = previousAcked
        session.ownDeltaBase = deltaBase
        return (session, [.send(.hello(local.hello(cursor: cursor, head: head, deltaBase: deltaBase)))])
    }

    /// A parent's session for a child whose hello arrived: either the welcome or a refusal.
    public static func parent(
        local: LocalIdentity, hello: Hello, protocolVersion: UInt32, schemaVersion: UInt32, cursor: ChangeSeq, head: ChangeSeq,
        nowMillis: Int64, configuration: SessionConfiguration, deltaBase: ChangeSeq = .zero
    ) -> HelloAnswer<PeerSession> {
        if let refusal = local.refusal(for: hello, protocolVersion: protocolVersion, schemaVersion: schemaVersion) {
            return .refused(refusal)
        }
        var session = PeerSession(local: local, configuration: configuration, isChild: false, peer: hello.node, phase: .established, nowMillis: nowMillis)
        session.cursor = cursor
        session.sample(hello.nowMillis, nowMillis: nowMillis, roundTrip: nil)
        // A child cannot hold changes of ours beyond our head: we went back in time (SPEC §13).
        session.open(peerCursor: min(hello.cursor, head), peerHead: hello.head)
        session.adoptDeltaBase(of: hello, head: head)
        return .welcomed(
            session,
            [.send(.welcome(local.welcome(cursor: cursor, head: head, deltaBase: deltaBase))), .established(peer: hello.node, peerHead: hello.head)]
        )
    }

    /// What the peer's hello or welcome says it holds of this node's cells (SPEC §5.5): nil when
    /// it takes no delta rows or this side sends none. Like its cursor, never beyond this head.
    private mutating func adoptDeltaBase(of hello: Hello, head: ChangeSeq) {
        peerDeltaBase = hello.takesDeltas && configuration.sendsDeltas ? min(hello.deltaBase, head) : nil
        // A parent's welcome states its own record of this child. A child's hello states its base
        // on the parent it knew, which is another node after a move: only its acks count.
        if isChild { echoBase = min(hello.deltaBase, head) }
    }

    private init(local: LocalIdentity, configuration: SessionConfiguration, isChild: Bool, peer: NodeID?, phase: Phase, nowMillis: Int64) {
        self.local = local
        self.configuration = configuration
        self.chunkRows = configuration.chunkRows
        self.isChild = isChild
        self.peer = peer
        self.phase = phase
        self.lastSentMillis = nowMillis
        self.lastHelloMillis = nowMillis
        self.lastHeardMillis = nowMillis
    }

    private mutating func sample(_ peerMillis: Int64, nowMillis: Int64, roundTrip: Int64?) {
        guard peerMillis > 0 else { return }
        clockSample = PeerClockSample(peerMillis: peerMillis, receivedMillis: nowMillis, roundTripMillis: roundTrip)
        clockSamples += 1
    }

    private mutating func open(peerCursor: ChangeSeq, peerHead: ChangeSeq) {
        phase = .established
        acked = peerCursor
        sentUpTo = peerCursor
        inFlight = []
        self.peerHead = peerHead
    }

    /// A message from the peer.
    public mutating func receive(_ message: WireMessage, nowMillis: Int64) -> [SessionAction] {
        // While greeting, only the parent's answer to the hello counts as hearing from it: the
        // parent may still be talking on a session it has not yet replaced, and that must not
        // keep this one alive (tick resends the hello, and gives up after the peer timeout).
        switch (phase, message) {
        case (.greeting, .welcome), (.greeting, .refusal), (.established, _): lastHeardMillis = nowMillis
        default: break
        }
        switch (phase, message) {
        case (.greeting, .welcome(let welcome)) where isChild:
            if let refusal = local.refusal(forWelcome: welcome) {
                phase = .closed
                return [.refused(refusal)]
            }
            peer = welcome.node
            sample(welcome.nowMillis, nowMillis: nowMillis, roundTrip: max(0, nowMillis - lastHelloMillis))
            // A new parent this node was moved under (SPEC §20.5) holds what the old one
            // acknowledged, or gets it by digest: send what the old parent never acknowledged.
            let moved = local.tree.parent(of: local.node) != welcome.node
            var actions: [SessionAction] = []
            if !welcome.moves.isEmpty {
                local.tree = local.tree(adopting: welcome)
                actions.append(.adoptMoves(welcome.moves, from: welcome.node))
            }
            // A parent cannot hold changes of ours beyond the head we announced (SPEC §4.4).
            open(peerCursor: min(moved ? max(welcome.cursor, previousAcked) : welcome.cursor, helloHead), peerHead: welcome.head)
            adoptDeltaBase(of: welcome, head: helloHead)
            if moved {
                // The new parent starts its sender at its head; the rows before it that this node
                // lacks come as repairs (SPEC §20.5).
                cursor = max(cursor, welcome.head)
                joinedAfterMove = true
            }
            return actions + [.established(peer: welcome.node, peerHead: welcome.head)]
        case (.greeting, .refusal(let refusal)) where isChild, (.established, .refusal(let refusal)) where isChild:
            // In session: the parent revoked this node's key (SPEC §2.1).
            phase = .closed
            return [.refused(refusal)]
        case (.established, .changes(let chunk)):
            // A late duplicate of an older chunk says nothing about what remains now.
            if chunk.upTo > cursor { inboundRemaining = chunk.remaining }
            return [.apply(chunk)]
        case (.established, .ack(let ack)):
            // An ack beyond what was sent acknowledges nothing more (SPEC §9.4).
            acked = max(acked, min(ack.upTo, sentUpTo))
            inFlight.removeAll { $0.upTo <= ack.upTo }
            // The receiver's durable base after that chunk; it only drops when it refused one.
            if peerDeltaBase != nil { peerDeltaBase = min(ack.deltaBase, sentUpTo) }
            echoBase = min(ack.deltaBase, sentUpTo)
            return []
        case (.established, .heartbeat(let beat)):
            peerHead = beat.head
            sample(beat.nowMillis, nowMillis: nowMillis, roundTrip: nil)
            return []
        case (.established, .digest(let digest)) where !isChild && !digest.isAnswer:
            return [.answerDigest(digest)]
        case (.established, .digest(let digest)) where isChild && digest.isAnswer:
            guard digestInFlight != nil else { return [] }
            return [.compareDigest(digest)]
        case (.established, .repair(let rows, let seals)):
            return [.applyRepair(rows, seals: seals)]
        case (_, .error(let error)):
            if error.code == .malformed, isChild, digestInFlight != nil {
                // A parent that does not compare digests (SPEC §12): do not ask it again.
                digestInFlight = nil
                digestUnsupported = true
                nextDigestMillis = .max
            }
            if error.code == .noSession && isChild {
                phase = .closed
                return [.peerLost]
            }
            // A failed chunk (SPEC §9.1): the peer kept nothing of it, so resend from what it
            // acknowledged, later. MALFORMED fails the chunks only while some are in flight
            // (otherwise it answers something else); TOO_LARGE also halves this session's chunks.
            let failed: Bool =
                switch error.code {
                case .invalidChange, .clockDrift, .storage, .tooLarge, .deltaBase: true
                case .malformed: !inFlight.isEmpty
                default: false
                }
            if failed {
                if error.code == .tooLarge { chunkRows = max(1, chunkRows / 2) }
                rewind()
                if error.code == .deltaBase {
                    // The peer holds less than this node took it to: whole rows until it acknowledges again.
                    if peerDeltaBase != nil { peerDeltaBase = .zero }
                    echoBase = .zero
                } else {
                    pausedUntil = nowMillis + configuration.rejectedChunkBackoffMillis
                }
            }
            return [.peerError(error)]
        case (.established, .hello), (.established, .welcome), (.greeting, _), (.closed, _), (.established, .refusal), (.established, .digest):
            return [.send(.error(WireError(code: .unexpected, message: "unexpected \(message.kind) in phase \(phase)")))]
        }
    }

    /// How many times the sender went back to what the peer acknowledged (a failed chunk).
    public private(set) var rewinds = 0

    /// The most rows a chunk of this session carries: the configured size, halved each time the
    /// peer answers `TOO_LARGE` (SPEC §9.1, §11), never below one row.
    public private(set) var chunkRows: Int

    /// The `up_to` of the oldest chunk still waiting for its acknowledgement.
    public var oldestInFlight: ChangeSeq? { inFlight.first?.upTo }

    /// Sends again everything after `start` (below what the peer acknowledged): the driver reads
    /// again, from the start, the tables a peer that upgraded its schema could not hold before
    /// (Protocols/SPEC.md §12.1). What the peer acknowledged stays as it was.
    public mutating func resend(from start: ChangeSeq) {
        guard phase == .established, start < sentUpTo else { return }
        inFlight = []
        sentUpTo = start
        emptySinceMillis = nil
        nothingVisibleUpTo = .zero
    }

    /// Sends again from what the peer acknowledged.
    private mutating func rewind() {
        rewinds += 1
        inFlight = []
        sentUpTo = acked
        emptySinceMillis = nil
        nothingVisibleUpTo = .zero
    }

    /// The chunk was merged and committed; acknowledge it.
    /// `deltaBase`: this node's durable delta base on the peer after it (SPEC §5.5).
    public mutating func didApply(cursor: ChangeSeq, deltaBase: ChangeSeq = .zero) -> [SessionAction] {
        self.cursor = cursor
        return [.send(.ack(Ack(upTo: cursor, deltaBase: deltaBase)))]
    }

    /// The chunk could not be applied; tell the peer, keep nothing of it.
    public func applyFailed(_ chunk: ChangeChunk, code: WireErrorCode, message: String) -> [SessionAction] {
        [.send(.error(WireError(code: code, message: message, chunkUpTo: chunk.upTo)))]
    }

    /// A chunk covering up to `upTo` was sent.
    public mutating func didSend(upTo: ChangeSeq, nowMillis: Int64) {
        sentUpTo = max(sentUpTo, upTo)
        inFlight.append((upTo, nowMillis))
        emptySinceMillis = nil
        nothingVisibleUpTo = .zero
        lastSentMillis = nowMillis
    }

    /// Any other message was sent.
    public mutating func didSendMessage(nowMillis: Int64) { lastSentMillis = nowMillis }

    /// Time passes; `head` is this node's newest stamp. Returns chunks to send, heartbeats, or loss.
    public mutating func tick(nowMillis: Int64, head: ChangeSeq) -> [SessionAction] {
        guard phase != .closed else { return [] }
        if nowMillis - lastHeardMillis > configuration.peerTimeoutMillis {
            phase = .closed
            return [.peerLost]
        }
        if phase == .greeting {
            // The hello (or its welcome) may have been lost: say it again, with the current head.
            guard isChild, nowMillis - lastHelloMillis >= configuration.heartbeatIntervalMillis else { return [] }
            lastHelloMillis = nowMillis
            helloHead = head
            return [.send(.hello(local.hello(cursor: cursor, head: head, deltaBase: ownDeltaBase)))]
        }
        guard phase == .established else { return [] }
        if let oldest = inFlight.first, nowMillis - oldest.sentMillis > configuration.ackTimeoutMillis {
            // A chunk or its acknowledgement was lost (the transport reconnected underneath, or a
            // queue overflowed): go back to what the peer acknowledged and send again from there.
            // Resent rows merge idempotently.
            rewind()
        }
        var actions: [SessionAction] = []
        if isChild, let inFlight = digestInFlight, nowMillis - inFlight.sentMillis > configuration.peerTimeoutMillis {
            // No answer (an older parent, or a lost message): ask again later.
            digestInFlight = nil
            nextDigestMillis = nowMillis + configuration.digestIntervalMillis
        }
        if isChild, digestInFlight == nil, nowMillis >= nextDigestMillis, isInSync(head: head),
            digestAgreedAt.map({ $0.head != head || $0.cursor != cursor }) ?? true
        {
            actions.append(.sendDigest)
        }
        let quiet =
            emptySinceMillis != nil && mayDeferEmptyChunk(nowMillis: nowMillis)
            && (head <= nothingVisibleUpTo || nowMillis - lastEmptyReadMillis < configuration.heartbeatIntervalMillis / 5)
        if nowMillis >= pausedUntil && inFlight.count < configuration.window && head > sentUpTo && !quiet {
            actions.append(.sendChunk(after: sentUpTo))
        } else if nowMillis - lastSentMillis >= configuration.heartbeatIntervalMillis {
            lastSentMillis = nowMillis
            actions.append(.send(.heartbeat(Heartbeat(head: head))))
        }
        return actions
    }

    /// True when a chunk that turns out empty need not go out yet: the range it would cover
    /// has held nothing for the peer for less than a heartbeat interval.
    public func mayDeferEmptyChunk(nowMillis: Int64) -> Bool {
        guard let since = emptySinceMillis else { return true }
        return nowMillis - since < configuration.heartbeatIntervalMillis
    }

    /// The driver read the next chunk, found nothing the peer may see up to `upTo`, and held it back.
    public mutating func deferredEmptyChunk(upTo: ChangeSeq, nowMillis: Int64) {
        nothingVisibleUpTo = max(nothingVisibleUpTo, upTo)
        lastEmptyReadMillis = nowMillis
        if emptySinceMillis == nil { emptySinceMillis = nowMillis }
    }

    /// The driver merged a chunk from this peer that moved the head from `from` to `upTo` with
    /// nothing the peer lacks: every row it stored is the peer's own state (an echo, which is
    /// never sent back), or none. When everything up to `from` was already sent or found
    /// invisible, the new range holds nothing for the peer either: count it as read and empty
    /// instead of reading it (a town would otherwise re-read after every chunk from a village).
    /// Reads still start from `sentUpTo`: should the range hold a local write the driver had not
    /// seen yet, it goes out with the next read, at the latest a heartbeat interval later.
    public mutating func mergedEchoesOnly(from: ChangeSeq, upTo: ChangeSeq, nowMillis: Int64) {
        guard phase == .established, from <= max(sentUpTo, nothingVisibleUpTo), upTo > from else { return }
        deferredEmptyChunk(upTo: upTo, nowMillis: nowMillis)
    }

    /// Child: the digest computed at `head` went out.
    public mutating func didSendDigest(head: ChangeSeq, nowMillis: Int64) {
        digestInFlight = (head, cursor, nowMillis)
        lastSentMillis = nowMillis
    }

    /// Child: the parent's answer was compared with the digest in flight. `agreed`: equal;
    /// `busy`: the parent was not caught up, nothing compared.
    public mutating func digestCompared(agreed: Bool, busy: Bool, nowMillis: Int64) {
        guard let inFlight = digestInFlight else { return }
        digestInFlight = nil
        if busy {
            nextDigestMillis = nowMillis + configuration.heartbeatIntervalMillis
        } else if agreed {
            digestAgreedAt = (inFlight.head, inFlight.cursor)
            digestDifferences = 0
            nextDigestMillis = nowMillis + configuration.digestIntervalMillis
        } else {
            digestAgreedAt = nil
            digestDifferences += 1
            let backoff = configuration.heartbeatIntervalMillis << min(digestDifferences - 1, 20)
            nextDigestMillis = nowMillis + min(configuration.digestIntervalMillis, backoff)
        }
    }

    /// Ask for a digest comparison on the next tick that finds both directions caught up (an
    /// operator's `liandong sync`).
    public mutating func compareDigestsSoon() {
        nextDigestMillis = 0
        digestAgreedAt = nil
    }

    /// Someone waits for this link to be confirmed in sync (`liandong sync`): compare digests as
    /// soon as both directions are caught up at a head not yet compared, not after the interval.
    /// After a difference the back-off still holds, so a difference that stays is not compared
    /// on every turn.
    public mutating func confirmWhenCaughtUp() {
        if !digestUnsupported, digestDifferences == 0 { nextDigestMillis = 0 }
    }

    /// True when both directions are caught up and the last digest comparison, made at the
    /// current head and cursor, agreed: the two replicas hold the same rows (SPEC §16).
    public func isConfirmedInSync(head: ChangeSeq) -> Bool {
        isInSync(head: head) && digestAgreedAt.map { $0.head == head && $0.cursor == cursor } == true
    }

    /// The session's progress, for diagnostics.
    public var progress: String {
        "\(phase): acked \(acked), sent \(sentUpTo), \(inFlight.count) in flight, cursor \(cursor) of peer head \(peerHead), \(inboundRemaining) inbound"
    }

    /// True when everything this node held at `head` is acknowledged and the peer has nothing
    /// more for it that it knows of.
    public func isInSync(head: ChangeSeq) -> Bool {
        phase == .established && acked >= head && inFlight.isEmpty && inboundRemaining == 0 && cursor >= peerHead
    }
}

/// A parent's answer to a child's hello (SPEC §8.2).
public enum HelloAnswer<Opened> {
    /// Welcomed: what was opened for the child (its session, or its link) and the actions that
    /// send the welcome.
    case welcomed(Opened, [SessionAction])
    /// Refused, naming the rule: the refusal to send; nothing was opened.
    case refused(Refusal)
}
