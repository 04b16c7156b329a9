import LiandongCore
import LiandongStore
import LiandongWire
import Logging
import Metrics

/// One end of a link as the engine sees it: the conversation's state and what the node keeps
/// about the peer while the link is up.
public final class SyncLink {
    public internal(set) var session: PeerSession
    /// The peer's role relative to this node: `parent` or `child`.
    public let role: String
    /// False when the peer was restored from an older backup: it may lack row states that came
    /// from this node, so nothing is held back as an echo.
    var suppressEchoes = true
    var lastRecordMillis: Int64 = 0
    /// What was last recorded for `status`: unchanged progress is not written again.
    var lastRecorded: (acked: ChangeSeq, peerHead: ChangeSeq)?

    init(session: PeerSession, role: String) {
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

    private let messagesIn = Counter(label: "liandong_messages_received_total")
    private let messagesOut = Counter(label: "liandong_messages_sent_total")
    private let rowsApplied = Counter(label: "liandong_rows_applied_total")
    private let rowsRejected = Counter(label: "liandong_rows_rejected_total")
    private let rowsSent = Counter(label: "liandong_rows_sent_total")

    public init(replica: Replica, session: SessionConfiguration, drift: ClockDriftPolicy, logger: Logger) throws(StoreError) {
        self.replica = replica
        self.identity = LocalIdentity(node: replica.node, schema: replica.schema)
        self.session = session
        self.drift = drift
        self.logger = logger
        try replica.stampForeignInserts()
        self.head = try replica.head()
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
    public func frame(_ message: WireMessage) -> [UInt8] {
        Envelope(schemaVersion: UInt32(identity.schemaVersion), message: message).encoded()
    }

    // MARK: Opening links

    /// A child's new link to its parent and the actions that start it (the hello).
    public func openParentLink(now: Int64) throws(StoreError) -> (SyncLink, [SessionAction]) {
        let cursor = try replica.cursor(on: knownParent ?? NodeID(rawValue: 0))
        let (session, actions) = PeerSession.child(local: identity, cursor: cursor, head: head, nowMillis: now, configuration: session)
        logger.debug("connecting to parent", metadata: ["sync.cursor": "\(cursor)"])
        return (SyncLink(session: session, role: "parent"), actions)
    }

    /// The parent's node id, once known (from a previous welcome).
    public var knownParent: NodeID? {
        guard let value = try? replica.setting("parent.node"), let raw = Int64(value) else { return nil }
        return NodeID(rawValue: raw)
    }

    /// A parent's answer to a child's hello: a new link and its actions (the welcome), or nil
    /// and the refusal to send.
    public func acceptHello(_ hello: Hello, protocolVersion: UInt32, schemaVersion: UInt32, now: Int64) -> (SyncLink?, [SessionAction]) {
        let cursor = (try? replica.cursor(on: hello.node)) ?? .zero
        let (session, actions) = PeerSession.parent(
            local: identity, hello: hello, protocolVersion: protocolVersion, schemaVersion: schemaVersion,
            cursor: cursor, head: head, nowMillis: now, configuration: session)
        guard let session else {
            logger.warning("refused a child", metadata: ["peer.node": "\(hello.node)"])
            return (nil, actions)
        }
        let link = SyncLink(session: session, role: "child")
        link.suppressEchoes = !peerWasRestored(hello.node, head: hello.head)
        return (link, actions)
    }

    // MARK: Driving a link

    /// A decoded message from the link's peer.
    public func receive(_ message: WireMessage, on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) -> [LinkEvent] {
        messagesIn.increment()
        return perform(link.session.receive(message, nowMillis: now), on: link, now: now, send: send)
    }

    /// Time passes: chunks to send, heartbeats, or a lost peer.
    public func tick(_ link: SyncLink, now: Int64, send: (WireMessage) -> Bool) -> [LinkEvent] {
        perform(link.session.tick(nowMillis: now, head: head), on: link, now: now, send: send)
    }

    /// Performs a session's actions; `send` puts one message on the wire and says whether it went.
    public func perform(_ actions: [SessionAction], on link: SyncLink, now: Int64, send: (WireMessage) -> Bool) -> [LinkEvent] {
        var events: [LinkEvent] = []
        func transmit(_ message: WireMessage) -> Bool {
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
                switch sendChunk(after: after, to: peer, suppressEchoes: link.suppressEchoes, deferEmpty: link.session.mayDeferEmptyChunk(nowMillis: now), send: transmit) {
                case .sent(let upTo): link.session.didSend(upTo: upTo, nowMillis: now)
                case .deferredEmpty(let upTo): link.session.deferredEmptyChunk(upTo: upTo, nowMillis: now)
                case .failed: break
                }
            case .apply(let chunk):
                guard let peer = link.peer else { continue }
                events += perform(
                    apply(chunk, from: peer, role: link.role, suppressEchoes: link.suppressEchoes, now: now, session: &link.session), on: link, now: now, send: send)
            case .established(let peer, let peerHead):
                if link.role == "parent" {
                    link.suppressEchoes = !peerWasRestored(peer, head: peerHead)
                    try? replica.setSetting("parent.node", String(peer.rawValue))
                }
                try? replica.recordContact(peer: peer, role: link.role, nowMillis: now, acked: link.session.acked, peerHead: peerHead, error: .some(nil))
                logger.info(link.role == "parent" ? "connected to parent" : "child connected", metadata: ["peer.node": "\(peer)", "peer.head": "\(peerHead)"])
                events.append(.established(peer))
            case .refused(let refusal):
                logger.error("parent refused this node", metadata: ["refusal.code": "\(refusal.code)", "refusal.reason": "\(refusal.reason)"])
                events.append(.refused(refusal))
            case .peerError(let error):
                logger.warning(
                    "\(link.role) reported an error",
                    metadata: ["peer.node": "\(link.peer.map { "\($0)" } ?? "?")", "error.code": "\(error.code)", "error.message": "\(error.message)"])
                if let peer = link.peer { try? replica.recordContact(peer: peer, role: link.role, nowMillis: now, error: .some(error.description)) }
            case .peerLost:
                logger.info("\(link.role) link lost", metadata: ["peer.node": "\(link.peer.map { "\($0)" } ?? "?")"])
                events.append(.closed)
                return events
            }
        }
        if link.session.phase == .closed, !events.contains(.closed) { events.append(.closed) }
        recordProgress(link, now: now)
        return events
    }

    /// True when a peer reports a head older than one it reported before: its replica was
    /// restored from a backup (or re-initialised) and may lack rows that it once sent us.
    private func peerWasRestored(_ peer: NodeID, head: ChangeSeq) -> Bool {
        guard let known = try? replica.link(peer), head < known.peerHead else { return false }
        logger.warning(
            "peer's replica is older than when last seen (restored from a backup?); resending everything after its cursor",
            metadata: ["peer.node": "\(peer)", "peer.head": "\(head)", "peer.head.known": "\(known.peerHead)"])
        return true
    }

    enum ChunkSent {
        case sent(upTo: ChangeSeq)
        case deferredEmpty(upTo: ChangeSeq)
        case failed
    }

    /// Reads and sends the next chunk, unless it holds nothing for the peer and may wait.
    private func sendChunk(after: ChangeSeq, to peer: NodeID, suppressEchoes: Bool, deferEmpty: Bool, send: (WireMessage) -> Bool) -> ChunkSent {
        do {
            let chunk = try replica.readChunk(for: peer, suppressEchoes: suppressEchoes, after: after, limit: session.chunkRows)
            if chunk.rows.isEmpty && deferEmpty { return .deferredEmpty(upTo: chunk.upTo) }
            guard send(.changes(chunk)) else { return .failed }
            rowsSent.increment(by: Int64(chunk.rows.count))
            return .sent(upTo: chunk.upTo)
        } catch {
            logger.error("cannot read changes for peer", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            return .failed
        }
    }

    /// Applies a chunk and returns the session's answer (an ack, or an error naming the chunk).
    private func apply(_ chunk: ChangeChunk, from peer: NodeID, role: String, suppressEchoes: Bool, now: Int64, session: inout PeerSession) -> [SessionAction] {
        do {
            let outcome = try replica.apply(chunk, from: peer, role: role, drift: drift, nowMillis: now)
            rowsApplied.increment(by: Int64(outcome.changed))
            let headBefore = head
            head = max(head, outcome.head)
            if suppressEchoes, outcome.storedAsSent == outcome.changed, outcome.rejected.isEmpty {
                session.mergedEchoesOnly(from: headBefore, upTo: head, nowMillis: now)
            }
            onMerge?(peer, outcome)
            if !chunk.rows.isEmpty {
                logger.debug(
                    "applied changes",
                    metadata: ["peer.node": "\(peer)", "changeset.count": "\(chunk.rows.count)", "changeset.changed": "\(outcome.changed)", "changeset.remaining": "\(chunk.remaining)"])
            }
            reportProgress(from: peer, chunk: chunk, now: now)
            var actions = session.didApply(cursor: outcome.cursor)
            if !outcome.rejected.isEmpty {
                rowsRejected.increment(by: Int64(outcome.rejected.count))
                for rejection in outcome.rejected.prefix(20) {
                    logger.warning("refused a change (拒收)", metadata: ["peer.node": "\(peer)", "rejection": "\(rejection)"])
                }
                let summary = "\(outcome.rejected.count) of \(chunk.rows.count) rows refused by node \(replica.node); first: \(outcome.rejected[0])"
                try? replica.recordContact(peer: peer, role: role, nowMillis: now, error: .some(summary))
                actions.append(.send(.error(WireError(code: .rejected, message: summary, chunkUpTo: chunk.upTo))))
            }
            return actions
        } catch {
            let code: WireErrorCode =
                switch error.code {
                case .invalidChange: .invalidChange
                case .clockDrift: .clockDrift
                default: .storage
                }
            logger.error("rejected changes", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            try? replica.recordContact(peer: peer, role: role, nowMillis: now, error: .some(error.description))
            return session.applyFailed(chunk, code: code, message: error.description)
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

    /// Persists a link's progress for `liandong status`: at most every 5 s per link while it
    /// changes, and every 10 s while it does not, so that what `status` shows is at most seconds
    /// old without a busy node writing its file several times a second per link. (Merges record
    /// their own cursor and contact time, in their transaction.)
    public func recordProgress(_ link: SyncLink, now: Int64, force: Bool = false) {
        guard let peer = link.peer, link.session.phase == .established else { return }
        let progress = (acked: link.session.acked, peerHead: link.session.peerHead)
        let changed = link.lastRecorded.map { $0.acked != progress.acked || $0.peerHead != progress.peerHead } ?? true
        let elapsed = now - link.lastRecordMillis
        guard force || (changed && elapsed >= 5000) || elapsed >= 10_000 else { return }
        link.lastRecordMillis = now
        link.lastRecorded = progress
        try? replica.recordContact(peer: peer, role: link.role, nowMillis: now, acked: link.session.acked, peerHead: link.session.peerHead)
    }
}
