import LiandongCore
import LiandongStore
import LiandongTransport
import LiandongWire
import Logging
import Metrics
import Synchronization

/// Asks a running loop to stop; safe to call from any thread.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func stop() { flag.store(true, ordering: .relaxed) }
    public var isStopped: Bool { flag.load(ordering: .relaxed) }
}

/// How a runtime ends.
public enum RuntimeMode: Sendable {
    /// Serve until stopped: the long-lived node.
    case serve
    /// Sync with the parent until both directions are in step, then return; give up after the
    /// deadline (wall-clock milliseconds).
    case syncOnce(deadlineMillis: Int64)
}

/// The I/O driver of a node: owns every ZeroMQ socket of the node on the one thread that calls
/// `run()` (libzmq sockets are not thread-safe), feeds the `PeerSession` state machines, and
/// performs their actions against the replica.
public final class NodeRuntime {
    let replica: Replica
    let configuration: NodeConfiguration
    let identity: LocalIdentity
    let logger: Logger
    let stopSignal: StopSignal
    let mode: RuntimeMode

    private var context: ZMQContext?
    private var router: ZMQSocket?
    private var control: ZMQSocket?
    private var parent: ParentLink?
    private var children: [NodeID: ChildLink] = [:]
    private var head: ChangeSeq = .zero
    /// Rows received per peer in the current long transfer.
    private var transfers: [NodeID: (received: Int64, lastLogMillis: Int64)] = [:]
    private var pendingSyncRequest: (head: ChangeSeq, deadline: Int64)?
    private var random = SystemRandomNumberGenerator()

    private let messagesIn = Counter(label: "liandong_messages_received_total")
    private let messagesOut = Counter(label: "liandong_messages_sent_total")
    private let rowsApplied = Counter(label: "liandong_rows_applied_total")
    private let rowsRejected = Counter(label: "liandong_rows_rejected_total")
    private let rowsSent = Counter(label: "liandong_rows_sent_total")
    private let malformed = Counter(label: "liandong_malformed_messages_total")

    final class ParentLink {
        let socket: ZMQSocket
        var session: PeerSession
        var lastRecordMillis: Int64 = 0
        /// False when the peer was restored from an older backup: it may lack row states that
        /// came from this node, so nothing is held back as an echo.
        var suppressEchoes = true
        init(socket: ZMQSocket, session: PeerSession) {
            self.socket = socket
            self.session = session
        }
    }

    final class ChildLink {
        let routingID: [UInt8]
        var session: PeerSession
        var lastRecordMillis: Int64 = 0
        var suppressEchoes = true
        init(routingID: [UInt8], session: PeerSession) {
            self.routingID = routingID
            self.session = session
        }
    }

    private var nextConnectMillis: Int64 = 0
    private var reconnectDelayMillis: Int64
    private var refused: Refusal?

    public init(replica: Replica, configuration: NodeConfiguration, logger: Logger, stop: StopSignal, mode: RuntimeMode = .serve) {
        self.replica = replica
        self.configuration = configuration
        self.identity = LocalIdentity(node: replica.node, schema: replica.schema)
        self.logger = logger
        self.stopSignal = stop
        self.mode = mode
        self.reconnectDelayMillis = configuration.reconnectInitialMillis
    }

    /// Runs until stopped (serve) or in sync (syncOnce). Throws when the node cannot start
    /// (address in use, bad endpoint) or a one-shot sync cannot complete.
    public func run() throws(NodeError) {
        let context: ZMQContext
        do { context = try ZMQContext() } catch { throw NodeError("cannot create ZeroMQ context: \(error)") }
        self.context = context
        defer {
            parent?.socket.close()
            router?.close()
            control?.close()
            parent = nil
            router = nil
            control = nil
            self.context = nil
        }
        if case .serve = mode {
            if let endpoint = configuration.listenEndpoint {
                do {
                    let socket = try ZMQSocket(context: context, kind: .router, options: configuration.socket)
                    try socket.bind(endpoint)
                    router = socket
                    logger.info("listening for children", metadata: ["listen.endpoint": "\(socket.lastEndpoint)"])
                } catch {
                    throw NodeError("cannot listen on \(endpoint): \(error); is another node using this port?")
                }
            }
            do {
                let socket = try ZMQSocket(context: context, kind: .reply, options: configuration.socket)
                try socket.bind(configuration.controlEndpoint)
                control = socket
            } catch {
                throw NodeError("cannot open the control socket \(configuration.controlEndpoint): \(error)")
            }
        } else if configuration.parentEndpoint == nil {
            throw NodeError("node \(replica.node) has no parent to sync with")
        }
        do { head = try replica.head() } catch { throw NodeError("\(error)") }

        defer { flushProgress() }
        while !stopSignal.isStopped {
            let now = wallClockMillis()
            if let result = try step(now: now) { return result }
        }
        logger.info("node stopping", metadata: ["node.id": "\(replica.node)"])
    }

    /// One turn of the loop: wait briefly for input, handle it, let the sessions act.
    private func step(now: Int64) throws(NodeError) -> Void? {
        var sockets: [ZMQSocket] = []
        if let router { sockets.append(router) }
        if let parent { sockets.append(parent.socket) }
        if let control { sockets.append(control) }
        let readable: [Bool]
        do {
            readable = try zmqPollReadable(sockets, timeoutMillis: configuration.pollMillis)
        } catch {
            throw NodeError("polling sockets failed: \(error)")
        }
        for (socket, isReadable) in zip(sockets, readable) where isReadable {
            if socket === router { drainRouter() }
            else if socket === parent?.socket { drainParent() }
            else if socket === control { handleControl() }
        }
        let now = wallClockMillis()
        if let latest = try? replica.head() { head = latest }
        tickParent(now: now)
        for link in Array(children.values) { tickChild(link, now: now) }
        answerSyncRequest(now: now)
        if case .syncOnce(let deadline) = mode {
            if let refused { throw NodeError("parent refused this node: \(refused.reason)") }
            if let parent, parent.session.isInSync(head: head) { return () }
            if now > deadline {
                throw NodeError(
                    parent?.session.phase == .established
                        ? "sync with the parent did not finish before the deadline; it resumes where it stopped on the next sync"
                        : "parent at \(configuration.parentEndpoint ?? "?") is unreachable; changes stay queued locally")
            }
        }
        return nil
    }

    // MARK: Parent link (this node is the child)

    /// True when the schedule, or an operator's `liandong sync`, lets this node talk to its parent now.
    private func parentLinkAllowed(now: Int64) -> Bool {
        if pendingSyncRequest != nil { return true }
        if case .syncOnce = mode { return true }
        return configuration.schedule.isOpen(atLocalMinute: SyncSchedule.localMinute(millis: now, utcOffsetMinutes: configuration.utcOffsetMinutes))
    }

    private func tickParent(now: Int64) {
        guard let endpoint = configuration.parentEndpoint, refused == nil else { return }
        let allowed = parentLinkAllowed(now: now)
        guard let link = parent else {
            if allowed && now >= nextConnectMillis { connectParent(endpoint, now: now) }
            return
        }
        perform(link.session.tick(nowMillis: now, head: head), parent: link, now: now)
        if link.session.phase == .closed {
            dropParent(now: now)
        } else if !allowed, link.session.isInSync(head: head) {
            // Outside the window, once in sync: hang up until the next window or a forced sync.
            logger.info("sync window closed; link to parent idle until it opens", metadata: ["sync.schedule": "\(configuration.schedule)"])
            recordProgress(peer: link.session.peer, role: "parent", session: link.session, last: &link.lastRecordMillis, now: now, force: true)
            parent?.socket.close()
            parent = nil
            nextConnectMillis = now
            reconnectDelayMillis = configuration.reconnectInitialMillis
        }
    }

    private func connectParent(_ endpoint: String, now: Int64) {
        guard let context else { return }
        do {
            let socket = try ZMQSocket(context: context, kind: .dealer, options: configuration.socket)
            try socket.setRoutingID(replica.node.description)
            try socket.connect(endpoint)
            let cursor = try replica.cursor(on: parentID ?? NodeID(rawValue: 0))
            let (session, actions) = PeerSession.child(
                local: identity, cursor: cursor, head: head, nowMillis: now, configuration: configuration.session)
            let link = ParentLink(socket: socket, session: session)
            parent = link
            logger.debug("connecting to parent", metadata: ["peer.endpoint": "\(endpoint)", "sync.cursor": "\(cursor)"])
            perform(actions, parent: link, now: now)
        } catch {
            logger.warning("cannot connect to parent", metadata: ["peer.endpoint": "\(endpoint)", "error": "\(error)"])
            scheduleReconnect(now: now)
        }
    }

    /// The parent's node id, once known (from a previous welcome).
    private var parentID: NodeID? {
        guard let value = try? replica.setting("parent.node"), let raw = Int64(value) else { return nil }
        return NodeID(rawValue: raw)
    }

    private func dropParent(now: Int64) {
        parent?.socket.close()
        parent = nil
        scheduleReconnect(now: now)
    }

    private func scheduleReconnect(now: Int64) {
        let jitter = Int64.random(in: -(reconnectDelayMillis / 4)...(reconnectDelayMillis / 4), using: &random)
        nextConnectMillis = now + reconnectDelayMillis + jitter
        reconnectDelayMillis = min(configuration.reconnectMaxMillis, reconnectDelayMillis * 2)
    }

    private func drainParent() {
        while let link = parent, let frames = receive(link.socket) {
            let now = wallClockMillis()
            guard let payload = frames.last else { continue }
            guard let envelope = decode(payload, from: "parent") else {
                send(.error(WireError(code: .malformed, message: "undecodable frame")), toParent: link, now: now)
                continue
            }
            messagesIn.increment()
            perform(link.session.receive(envelope.message, nowMillis: now), parent: link, now: now)
            if link.session.phase == .closed, parent === link { dropParent(now: now) }
        }
    }

    private func perform(_ actions: [SessionAction], parent link: ParentLink, now: Int64) {
        for action in actions {
            switch action {
            case .send(let message): send(message, toParent: link, now: now)
            case .sendChunk(let after):
                guard let peer = link.session.peer else { continue }
                if let upTo = sendChunk(after: after, to: peer, suppressEchoes: link.suppressEchoes, send: { self.send($0, toParent: link, now: now) }) {
                    link.session.didSend(upTo: upTo, nowMillis: now)
                }
            case .apply(let chunk):
                guard let peer = link.session.peer else { continue }
                perform(apply(chunk, from: peer, role: "parent", now: now, session: &link.session), parent: link, now: now)
            case .established(let peer, let peerHead):
                reconnectDelayMillis = configuration.reconnectInitialMillis
                link.suppressEchoes = !peerWasRestored(peer, head: peerHead)
                try? replica.setSetting("parent.node", String(peer.rawValue))
                try? replica.recordContact(peer: peer, role: "parent", nowMillis: now, acked: link.session.acked, peerHead: peerHead, error: .some(nil))
                logger.info("connected to parent", metadata: ["peer.node": "\(peer)", "peer.head": "\(peerHead)"])
            case .refused(let refusal):
                refused = refusal
                logger.error("parent refused this node", metadata: ["refusal.code": "\(refusal.code)", "refusal.reason": "\(refusal.reason)"])
            case .peerError(let error):
                logger.warning("parent reported an error", metadata: ["error.code": "\(error.code)", "error.message": "\(error.message)"])
                if let peer = link.session.peer { try? replica.recordContact(peer: peer, role: "parent", nowMillis: now, error: .some(error.description)) }
            case .peerLost:
                logger.info("parent link lost; reconnecting", metadata: ["peer.endpoint": "\(configuration.parentEndpoint ?? "")"])
            }
        }
        recordProgress(peer: link.session.peer, role: "parent", session: link.session, last: &link.lastRecordMillis, now: now)
    }

    @discardableResult
    private func send(_ message: WireMessage, toParent link: ParentLink, now: Int64) -> Bool {
        let frame = Envelope(schemaVersion: UInt32(identity.schemaVersion), message: message).encoded()
        do {
            guard try link.socket.send([frame]) else { return false }
            messagesOut.increment()
            link.session.didSendMessage(nowMillis: now)
            return true
        } catch {
            logger.warning("send to parent failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    // MARK: Child links (this node is the parent)

    private func drainRouter() {
        guard let router else { return }
        while let frames = receive(router) {
            let now = wallClockMillis()
            guard frames.count == 2 else { continue }
            let routingID = frames[0]
            guard let envelope = decode(frames[1], from: String(decoding: routingID, as: UTF8.self)) else {
                sendToChild(routingID, .error(WireError(code: .malformed, message: "undecodable frame")))
                continue
            }
            messagesIn.increment()
            if case .hello(let hello) = envelope.message {
                acceptHello(hello, envelope: envelope, routingID: routingID, now: now)
                continue
            }
            guard let link = children.values.first(where: { $0.routingID == routingID }) else {
                sendToChild(routingID, .error(WireError(code: .noSession, message: "send a hello first")))
                continue
            }
            perform(link.session.receive(envelope.message, nowMillis: now), child: link, now: now)
        }
    }

    private func acceptHello(_ hello: Hello, envelope: Envelope, routingID: [UInt8], now: Int64) {
        let cursor = (try? replica.cursor(on: hello.node)) ?? .zero
        let (session, actions) = PeerSession.parent(
            local: identity, hello: hello, protocolVersion: envelope.protocolVersion, schemaVersion: envelope.schemaVersion,
            cursor: cursor, head: head, nowMillis: now, configuration: configuration.session)
        guard let session else {
            for case .send(let message) in actions { sendToChild(routingID, message) }
            logger.warning("refused a child", metadata: ["peer.node": "\(hello.node)"])
            return
        }
        if routingID != Array(hello.node.description.utf8) {
            sendToChild(routingID, .refusal(Refusal(code: .unknownNode, reason: "routing id does not match node \(hello.node)")))
            return
        }
        let link = ChildLink(routingID: routingID, session: session)
        link.suppressEchoes = !peerWasRestored(hello.node, head: hello.head)
        children[hello.node] = link
        perform(actions, child: link, now: now)
    }

    private func tickChild(_ link: ChildLink, now: Int64) {
        perform(link.session.tick(nowMillis: now, head: head), child: link, now: now)
    }

    private func perform(_ actions: [SessionAction], child link: ChildLink, now: Int64) {
        guard let peer = link.session.peer else { return }
        for action in actions {
            switch action {
            case .send(let message):
                if sendToChild(link.routingID, message) { link.session.didSendMessage(nowMillis: now) }
            case .sendChunk(let after):
                if let upTo = sendChunk(after: after, to: peer, suppressEchoes: link.suppressEchoes, send: { self.sendToChild(link.routingID, $0) }) {
                    link.session.didSend(upTo: upTo, nowMillis: now)
                }
            case .apply(let chunk):
                perform(apply(chunk, from: peer, role: "child", now: now, session: &link.session), child: link, now: now)
            case .established(_, let peerHead):
                try? replica.recordContact(peer: peer, role: "child", nowMillis: now, acked: link.session.acked, peerHead: peerHead, error: .some(nil))
                logger.info("child connected", metadata: ["peer.node": "\(peer)", "peer.head": "\(peerHead)"])
            case .refused: break
            case .peerError(let error):
                logger.warning("child reported an error", metadata: ["peer.node": "\(peer)", "error.code": "\(error.code)", "error.message": "\(error.message)"])
                try? replica.recordContact(peer: peer, role: "child", nowMillis: now, error: .some(error.description))
            case .peerLost:
                logger.info("child link lost", metadata: ["peer.node": "\(peer)"])
                children[peer] = nil
                return
            }
        }
        recordProgress(peer: peer, role: "child", session: link.session, last: &link.lastRecordMillis, now: now)
    }

    @discardableResult
    private func sendToChild(_ routingID: [UInt8], _ message: WireMessage) -> Bool {
        guard let router else { return false }
        let frame = Envelope(schemaVersion: UInt32(identity.schemaVersion), message: message).encoded()
        do {
            let sent = try router.send([routingID, frame])
            if sent { messagesOut.increment() }
            return sent
        } catch {
            if error.isHostUnreachable, let node = children.first(where: { $0.value.routingID == routingID })?.key {
                children[node] = nil
                logger.info("child disconnected", metadata: ["peer.node": "\(node)"])
            }
            return false
        }
    }

    // MARK: Shared

    /// True when a peer reports a head older than one it reported before: its replica was
    /// restored from a backup (or re-initialised) and may lack rows that it once sent us.
    private func peerWasRestored(_ peer: NodeID, head: ChangeSeq) -> Bool {
        guard let known = try? replica.link(peer), head < known.peerHead else { return false }
        logger.warning(
            "peer's replica is older than when last seen (restored from a backup?); resending everything after its cursor",
            metadata: ["peer.node": "\(peer)", "peer.head": "\(head)", "peer.head.known": "\(known.peerHead)"])
        return true
    }

    /// Reads and sends the next chunk; returns its `up_to` when it went out.
    private func sendChunk(after: ChangeSeq, to peer: NodeID, suppressEchoes: Bool, send: (WireMessage) -> Bool) -> ChangeSeq? {
        do {
            let chunk = try replica.readChunk(for: peer, suppressEchoes: suppressEchoes, after: after, limit: configuration.session.chunkRows)
            guard send(.changes(chunk)) else { return nil }
            rowsSent.increment(by: Int64(chunk.rows.count))
            return chunk.upTo
        } catch {
            logger.error("cannot read changes for peer", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            return nil
        }
    }

    /// Applies a chunk and returns the session's answer (an ack, or an error naming the chunk).
    private func apply(_ chunk: ChangeChunk, from peer: NodeID, role: String, now: Int64, session: inout PeerSession) -> [SessionAction] {
        do {
            let outcome = try replica.apply(chunk, from: peer, role: role, drift: configuration.drift, nowMillis: now)
            rowsApplied.increment(by: Int64(outcome.changed))
            if let latest = try? replica.head() { head = latest }
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

    /// Persists a session's progress for `liandong status`, at most every 200 ms per link.
    private func recordProgress(peer: NodeID?, role: String, session: PeerSession, last: inout Int64, now: Int64, force: Bool = false) {
        guard let peer, session.phase == .established, force || now - last >= 200 else { return }
        last = now
        try? replica.recordContact(peer: peer, role: role, nowMillis: now, acked: session.acked, peerHead: session.peerHead)
    }

    /// Persists every session's progress (on the way out).
    private func flushProgress() {
        let now = wallClockMillis()
        if let parent { recordProgress(peer: parent.session.peer, role: "parent", session: parent.session, last: &parent.lastRecordMillis, now: now, force: true) }
        for link in children.values {
            recordProgress(peer: link.session.peer, role: "child", session: link.session, last: &link.lastRecordMillis, now: now, force: true)
        }
    }

    private func receive(_ socket: ZMQSocket) -> [[UInt8]]? {
        do { return try socket.receive() } catch {
            logger.debug("receive failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func decode(_ payload: [UInt8], from peer: String) -> Envelope? {
        do { return try Envelope(decoding: payload) } catch {
            malformed.increment()
            logger.warning("malformed message", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            return nil
        }
    }

    // MARK: Operator control

    private func handleControl() {
        guard let control, let frames = receive(control) else { return }
        let command = String(decoding: frames.first ?? [], as: UTF8.self)
        switch command {
        case "sync":
            guard configuration.parentEndpoint != nil else {
                _ = try? control.send([Array("ok node \(replica.node) has no parent; its children sync continuously".utf8)])
                return
            }
            pendingSyncRequest = (head, wallClockMillis() + 30_000)
            // Skip any back-off: try the parent now.
            nextConnectMillis = 0
        default:
            _ = try? control.send([Array("error unknown command '\(command)'".utf8)])
        }
    }

    private func answerSyncRequest(now: Int64) {
        guard let request = pendingSyncRequest, let control else { return }
        if let parent, parent.session.isInSync(head: max(head, request.head)) {
            pendingSyncRequest = nil
            _ = try? control.send([Array("ok in sync with parent \(parent.session.peer.map { "\($0)" } ?? "")".utf8)])
        } else if now > request.deadline {
            pendingSyncRequest = nil
            let reason = parent?.session.phase == .established ? "sync still running after 30 s" : "parent unreachable"
            _ = try? control.send([Array("error \(reason)".utf8)])
        }
    }
}
