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
/// `run()` (libzmq sockets are not thread-safe), decodes what arrives and hands it to the
/// `SyncEngine`, and decides when to connect: the parent link follows the schedule, reconnects
/// back off with jitter, operators force a sync through the control socket.
public final class NodeRuntime {
    let replica: Replica
    let configuration: NodeConfiguration
    let logger: Logger
    let stopSignal: StopSignal
    let mode: RuntimeMode
    /// Readiness and liveness for /readyz, /healthz and systemd (nil: nobody asks).
    let health: NodeHealth?

    private var engine: SyncEngine?
    private var context: ZMQContext?
    private var router: ZMQSocket?
    private var control: ZMQSocket?
    private var parent: ParentLink?
    private var children: [NodeID: ChildLink] = [:]
    private var pendingSyncRequest: (head: ChangeSeq, deadline: Int64)?
    private var random = SystemRandomNumberGenerator()

    private let malformed = Counter(label: "liandong_malformed_messages_total")
    private let refusedHandshakes = Counter(label: "liandong_refused_handshakes_total")
    /// Log lines a peer (or a persistent local failure) can cause again and again, rate-limited per kind.
    private var peerLog = LogRateLimiter()

    /// The context's ZAP handler (CURVE only): bound before the listener.
    private var zap: ZAPHandler?
    /// Whom this node trusts, as last read from the enrolment file, and that file's state then.
    private var enrolled = EnrolledKeys()
    private var enrolledFileState: EnrolledKeys.FileState?
    private var nextEnrolmentCheckMillis: Int64 = 0
    private var monitorCount = 0

    final class ParentLink {
        let socket: ZMQSocket
        let link: SyncLink
        /// Handshake failures of `socket` (CURVE only).
        let monitor: ZMQSocket?
        init(socket: ZMQSocket, link: SyncLink, monitor: ZMQSocket?) {
            self.socket = socket
            self.link = link
            self.monitor = monitor
        }

        func close() {
            monitor?.close()
            socket.close()
        }
    }

    final class ChildLink {
        let routingID: [UInt8]
        let link: SyncLink
        /// The key the child authenticated with (CURVE only).
        let key: CurveKey?
        init(routingID: [UInt8], link: SyncLink, key: CurveKey?) {
            self.routingID = routingID
            self.link = link
            self.key = key
        }
    }

    /// Who a connection authenticated as: the ZAP user id `"<node> <key>"` (SPEC §2.1).
    struct Authenticated {
        var node: NodeID
        var key: CurveKey

        init(node: NodeID, key: CurveKey) {
            self.node = node
            self.key = key
        }

        init?(userID: String?) {
            guard let words = userID?.split(separator: " "), words.count == 2, let raw = Int64(words[0]), let key = CurveKey(z85: String(words[1])) else {
                return nil
            }
            self.init(node: NodeID(rawValue: raw), key: key)
        }

        var userID: String { "\(node.rawValue) \(key)" }
    }

    private var isSecure: Bool {
        if case .curve = configuration.security { return true }
        return false
    }

    private var nextConnectMillis: Int64 = 0
    private var reconnectDelayMillis: Int64
    private var refused: Refusal?

    public init(replica: Replica, configuration: NodeConfiguration, logger: Logger, stop: StopSignal, mode: RuntimeMode = .serve, health: NodeHealth? = nil) {
        self.replica = replica
        self.configuration = configuration
        self.logger = logger
        self.stopSignal = stop
        self.mode = mode
        self.health = health
        self.reconnectDelayMillis = configuration.reconnectInitialMillis
    }

    /// Runs until stopped (serve) or in sync (syncOnce). Throws when the node cannot start
    /// (address in use, bad endpoint) or a one-shot sync cannot complete.
    public func run() throws(NodeError) {
        let context: ZMQContext
        do { context = try ZMQContext() } catch { throw NodeError("cannot create ZeroMQ context: \(error)") }
        self.context = context
        defer {
            health?.markStopping()
            parent?.close()
            router?.close()
            control?.close()
            zap?.close()
            parent = nil
            router = nil
            control = nil
            zap = nil
            self.context = nil
        }
        try prepareSecurity(context)
        if case .serve = mode {
            if let endpoint = configuration.listenEndpoint {
                do {
                    let socket = try ZMQSocket(context: context, kind: .router, options: configuration.socket)
                    if case .curve(let key, _) = configuration.security { try socket.secure(.curveServer(key.pair)) }
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
        let engine: SyncEngine
        do { engine = try SyncEngine(replica: replica, session: configuration.session, drift: configuration.drift, logger: logger) } catch {
            throw NodeError("\(error)")
        }
        self.engine = engine
        engine.earlierSchemas = configuration.earlierSchemas
        if case .curve(let key, _) = configuration.security {
            engine.sealer = key.sealer
            engine.sealRegistry = enrolled.sealKeys
        }

        defer { flushProgress(engine) }
        // The replica is open and this node's own sockets are bound; the parent is not waited for.
        health?.turned(now: monotonicMillis())
        health?.markReady()
        while !stopSignal.isStopped {
            if let result = try step(engine) { return result }
        }
        logger.info("node stopping", metadata: ["node.id": "\(replica.node)"])
    }

    // MARK: Security

    /// Loads the enrolment file and binds the ZAP handler (CURVE), or says loudly that links are
    /// open (insecure). A listener with no enrolled child, or a parent endpoint without the
    /// parent's key, cannot work securely: the node refuses to start.
    private func prepareSecurity(_ context: ZMQContext) throws(NodeError) {
        guard case .curve(let key, let path) = configuration.security else {
            logger.warning(
                "INSECURE MODE (不加密、不认证): links are neither encrypted nor authenticated; anyone who can reach this node can read and write its data. For local experiments only.",
                metadata: ["node.id": "\(replica.node)"])
            return
        }
        guard ZMQContext.hasCurve else {
            throw NodeError("this libzmq (\(ZMQContext.libraryVersion)) cannot encrypt: it was built without CURVE (libsodium); install a libzmq with CURVE, as Debian's libzmq5 is")
        }
        guard key.node == replica.node else { throw NodeError("the node key is node \(key.node)'s, but this replica is node \(replica.node)'s") }
        // The audit log is sealed with a key only this node's key file gives (docs/audit.md).
        replica.useAuditKey(AuditKey(secret: key.pair.secretKey.bytes))
        enrolled = try EnrolledKeys.load(from: path)
        enrolledFileState = EnrolledKeys.fileState(path)
        let listens: Bool = if case .serve = mode { configuration.listenEndpoint != nil } else { false }
        if listens {
            guard !enrolled.activeChildren.isEmpty else {
                throw NodeError(
                    "node \(replica.node) listens for children but no child key is enrolled in \(path) (未登记下级节点密钥): enrol each child with `liandong keys enrol --db \(configuration.databasePath) --child CODE --key KEY`, or run with --insecure for a local experiment")
            }
            do { zap = try ZAPHandler(context: context) } catch { throw NodeError("cannot start the authentication handler (ZAP): \(error)") }
        }
        if configuration.parentEndpoint != nil {
            guard let parent = enrolled.parent else {
                throw NodeError(
                    "node \(replica.node) has a parent endpoint but no parent key in \(path) (未配置上级节点公钥): add it with `liandong keys parent --db \(configuration.databasePath) --node CODE --key KEY`, or run with --insecure for a local experiment")
            }
            // A parent of the right tier other than the known one: this node may have been moved
            // while away (区划调整); the parent's welcome must name the move (SPEC §20.5).
            let expected = replica.tree.parent(of: replica.node)
            guard let expected, parent.node == expected || parent.node.tier == expected.tier else {
                throw NodeError("\(path) names node \(parent.node) as the parent, but this node's parent in the region tree is \(expected.map { "\($0)" } ?? "none")")
            }
        }
        logger.info(
            "links encrypted and authenticated (CURVE 加密认证)",
            metadata: ["node.key": "\(key.pair.publicKey)", "enrolled.children": "\(enrolled.activeChildren.count)", "enrolled.parent": "\(enrolled.parent.map { "\($0.node)" } ?? "-")"])
    }

    /// Re-reads the enrolment file when it changed (at most once a second), and drops the
    /// session of every child whose key is no longer enrolled (SPEC §2.1: within one heartbeat).
    private func refreshEnrolment(now: Int64) {
        guard case .curve(_, let path) = configuration.security, now >= nextEnrolmentCheckMillis else { return }
        nextEnrolmentCheckMillis = now + 1000
        let state = EnrolledKeys.fileState(path)
        guard state != enrolledFileState else { return }
        do {
            enrolled = try EnrolledKeys.load(from: path)
            enrolledFileState = state
            engine?.sealRegistry = enrolled.sealKeys
            logger.info("enrolment file re-read", metadata: ["enrolled.children": "\(enrolled.activeChildren.count)", "enrolled.sealers": "\(enrolled.sealers.count)"])
        } catch {
            if peerLog.allows("enrolment", now: wallClockMillis()) {
                logger.error("cannot re-read the enrolment file; keeping the enrolment read before", metadata: ["error": "\(error)"])
            }
            return
        }
        for (node, child) in children {
            guard let key = child.key, !enrolled.admits(node, key: key) else { continue }
            sendToChild(child.routingID, .refusal(Refusal(code: .revoked, reason: "the key \(key.short)… of node \(node) was revoked at node \(replica.node) (密钥已吊销)")))
            children[node] = nil
            logger.warning("revoked child's session dropped (密钥已吊销)", metadata: ["peer.node": "\(node)", "peer.key": "\(key.short)"])
            try? replica.recordContact(peer: node, role: .child, nowMillis: engine?.wall(now) ?? wallClockMillis(), error: .some("key revoked (密钥已吊销)"), state: .refused)
        }
    }

    /// Answers libzmq's authentication requests: a client is admitted only with a key enrolled
    /// (and not revoked) for some child; its user id binds the connection to that child's code.
    private func answerAuthentication() {
        guard let zap else { return }
        do {
            try zap.handlePending { request in
                if let child = enrolled.activeChild(withKey: request.clientKey) {
                    return .admit(userID: Authenticated(node: child.node, key: request.clientKey).userID)
                }
                refusedHandshakes.increment()
                if peerLog.allows("zap.\(request.address)", now: wallClockMillis()) {
                    logger.warning(
                        "refused a connection: its key is not enrolled (密钥未登记; at most one line per address every 10 s)",
                        metadata: ["peer.address": "\(request.address)", "peer.key": "\(request.clientKey)"])
                }
                return .refuse(reason: "key not enrolled")
            }
        } catch {
            logger.debug("authentication handler failed", metadata: ["error": "\(error)"])
        }
    }

    /// One turn of the loop: wait briefly for input, handle it, let the sessions act.
    private func step(_ engine: SyncEngine) throws(NodeError) -> Void? {
        var sockets: [ZMQSocket] = []
        if let zap { sockets.append(zap.socket) }
        if let router { sockets.append(router) }
        if let parent { sockets.append(parent.socket) }
        if let monitor = parent?.monitor { sockets.append(monitor) }
        if let control { sockets.append(control) }
        let readable: [Bool]
        do {
            readable = try zmqPollReadable(sockets, timeoutMillis: configuration.pollMillis)
        } catch {
            throw NodeError("polling sockets failed: \(error)")
        }
        for (socket, isReadable) in zip(sockets, readable) where isReadable {
            if socket === zap?.socket { answerAuthentication() }
            else if socket === router { drainRouter(engine) }
            else if socket === parent?.socket { drainParent(engine) }
            else if socket === parent?.monitor { watchParentHandshake(engine) }
            else if socket === control { handleControl(engine) }
        }
        // Sessions run on monotonic time; the engine maps it to the system clock (`observeClock`).
        let now = monotonicMillis()
        health?.turned(now: now)
        refreshEnrolment(now: now)
        let wall = wallClockMillis()
        engine.observeClock(wallMillis: wall, monotonicMillis: now)
        engine.refreshHead()
        tickParent(engine, now: now)
        for child in Array(children.values) { handle(engine.tick(child.link, now: now) { self.sendToChild(child.routingID, $0, on: child.link) }, child: child) }
        answerSyncRequest(engine, now: now)
        if case .syncOnce(let deadline) = mode {
            if let refused { throw NodeError("parent refused this node: \(refused.reason)") }
            // In sync only once digests agree too: both sides hold the same rows (SPEC §16).
            parent?.link.session.confirmWhenCaughtUp()
            if let parent, parent.link.session.isConfirmedInSync(head: engine.head)
                || (parent.link.session.digestUnsupported && parent.link.session.isInSync(head: engine.head))
            {
                return ()
            }
            if wall > deadline {
                throw NodeError(
                    parent?.link.session.phase == .established
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
        let wall = engine?.wall(now) ?? wallClockMillis()
        return configuration.schedule.isOpen(atLocalMinute: SyncSchedule.localMinute(millis: wall, utcOffsetMinutes: configuration.utcOffsetMinutes))
    }

    private func tickParent(_ engine: SyncEngine, now: Int64) {
        guard let endpoint = configuration.parentEndpoint, refused == nil else { return }
        let allowed = parentLinkAllowed(now: now)
        guard let parent else {
            if allowed && now >= nextConnectMillis { connectParent(engine, endpoint, now: now) }
            return
        }
        handleParent(engine.tick(parent.link, now: now) { self.send($0, toParent: parent) }, engine: engine, now: now)
        if self.parent != nil, !allowed, parent.link.session.isInSync(head: engine.head) {
            // Outside the window, once in sync: hang up until the next window or a forced sync.
            logger.info("sync window closed; link to parent idle until it opens", metadata: ["sync.schedule": "\(configuration.schedule)"])
            engine.recordProgress(parent.link, now: now, force: true)
            if let peer = parent.link.peer { try? replica.recordContact(peer: peer, role: .parent, nowMillis: engine.wall(now), state: .idle) }
            parent.close()
            self.parent = nil
            nextConnectMillis = now
            reconnectDelayMillis = configuration.reconnectInitialMillis
        }
    }

    private func connectParent(_ engine: SyncEngine, _ endpoint: String, now: Int64) {
        guard let context else { return }
        do {
            // No routing id: the parent's libzmq picks one; the parent knows this node by its key.
            let socket = try ZMQSocket(context: context, kind: .dealer, options: configuration.socket)
            var monitor: ZMQSocket?
            if case .curve(let key, _) = configuration.security, let parentKey = enrolled.parent?.key {
                try socket.secure(.curveClient(key.pair, server: parentKey))
                monitorCount += 1
                monitor = try socket.monitor(context: context, name: "parent-\(monitorCount)")
            }
            try socket.connect(endpoint)
            let (link, actions) = try engine.openParentLink(now: now)
            let parent = ParentLink(socket: socket, link: link, monitor: monitor)
            self.parent = parent
            handleParent(engine.perform(actions, on: link, now: now) { self.send($0, toParent: parent) }, engine: engine, now: now)
        } catch {
            logger.warning("cannot connect to parent", metadata: ["peer.endpoint": "\(endpoint)", "error": "\(error)"])
            scheduleReconnect(now: now)
        }
    }

    /// Acts on what the engine reports about the parent link.
    private func handleParent(_ events: [LinkEvent], engine: SyncEngine, now: Int64) {
        for event in events {
            switch event {
            case .established:
                reconnectDelayMillis = configuration.reconnectInitialMillis
            case .refused(let refusal):
                refused = refusal
            case .closed:
                if refused != nil {
                    // A refusal needs its cause fixed; the node does not retry (SPEC §8.3).
                    parent?.close()
                    parent = nil
                    continue
                }
                logger.info("reconnecting to parent", metadata: ["peer.endpoint": "\(configuration.parentEndpoint ?? "")", "reconnect.delay_ms": "\(reconnectDelayMillis)"])
                dropParent(now: now)
            }
        }
    }

    private func dropParent(now: Int64) {
        parent?.close()
        parent = nil
        scheduleReconnect(now: now)
    }

    /// How long a child waits before trying again a parent that refused its key: the parent's
    /// operator has to enrol it first (SPEC §2.1).
    static let refusedKeyRetryMillis: Int64 = 30_000

    /// The parent's CURVE handshake failed: it does not know this node's key, or this node has
    /// the wrong key for it. Shown in `status`; retried slowly (the parent's operator may enrol
    /// the key at any time), or the end of a one-shot sync.
    private func watchParentHandshake(_ engine: SyncEngine) {
        guard let parent, let monitor = parent.monitor else { return }
        for event in monitor.monitorEvents() {
            let reason: String
            switch event {
            case .authenticationFailed(let status):
                let key = if case .curve(let key, _) = configuration.security { key.pair.publicKey.z85 } else { "?" }
                reason = "parent refused this node's key \(key) (ZAP \(status); 节点密钥未登记或已吊销): ask the parent's operator to run `liandong keys enrol --child \(replica.node) --key='\(key)'`"
            case .handshakeFailed:
                reason = "the encrypted handshake with the parent failed (加密握手失败): the parent key in the enrolment file may be wrong, or the parent runs without encryption"
            case .handshakeSucceeded, .disconnected:
                continue
            }
            let now = monotonicMillis()
            if peerLog.allows("parent-handshake", now: wallClockMillis()) {
                logger.error("cannot connect to parent", metadata: ["peer.endpoint": "\(configuration.parentEndpoint ?? "")", "error": "\(reason)"])
            }
            if let node = replica.tree.parent(of: replica.node) {
                try? replica.recordContact(peer: node, role: .parent, nowMillis: engine.wall(now), error: .some(reason), state: .refused)
            }
            if case .syncOnce = mode { refused = Refusal(code: .notEnrolled, reason: reason) }
            dropParent(now: now)
            nextConnectMillis = max(nextConnectMillis, now + Self.refusedKeyRetryMillis)
            return
        }
    }

    private func scheduleReconnect(now: Int64) {
        let jitter = Int64.random(in: -(reconnectDelayMillis / 4)...(reconnectDelayMillis / 4), using: &random)
        nextConnectMillis = now + reconnectDelayMillis + jitter
        reconnectDelayMillis = min(configuration.reconnectMaxMillis, reconnectDelayMillis * 2)
    }

    private func drainParent(_ engine: SyncEngine) {
        while let parent, let frames = receive(parent.socket) {
            let now = monotonicMillis()
            guard let payload = frames.last else { continue }
            guard let envelope = decode(payload, from: "parent") else {
                send(.error(WireError(code: .malformed, message: "undecodable frame")), toParent: parent)
                continue
            }
            handleParent(engine.receive(envelope.message, on: parent.link, now: now) { self.send($0, toParent: parent) }, engine: engine, now: now)
        }
    }

    @discardableResult
    private func send(_ message: WireMessage, toParent parent: ParentLink) -> Bool {
        guard let engine else { return false }
        do {
            return try parent.socket.send([engine.frame(message)])
        } catch {
            if peerLog.allows("send-to-parent", now: monotonicMillis()) {
                logger.warning("send to parent failed (at most one line every 10 s)", metadata: ["error": "\(error)"])
            }
            return false
        }
    }

    // MARK: Child links (this node is the parent)

    private func drainRouter(_ engine: SyncEngine) {
        guard let router else { return }
        while let message = receiveMessage(router) {
            let now = monotonicMillis()
            let frames = message.frames
            guard frames.count == 2 else { continue }
            let routingID = frames[0]
            let identity = Authenticated(userID: message.userID)
            // Under CURVE every connection passed ZAP; one without a user id is not ours to serve.
            if isSecure && identity == nil { continue }
            guard let envelope = decode(frames[1], from: identity.map { "\($0.node)" } ?? "routing id \(routingID.map { String($0, radix: 16) }.joined())") else {
                sendToChild(routingID, .error(WireError(code: .malformed, message: "undecodable frame")))
                continue
            }
            if case .hello(let hello) = envelope.message {
                acceptHello(engine, hello, envelope: envelope, routingID: routingID, identity: identity, now: now)
                continue
            }
            // A message belongs to the session of its connection, and only if that connection is
            // the one the session was opened on by the same key.
            guard let child = children.values.first(where: { $0.routingID == routingID }), child.key == identity?.key else {
                sendToChild(routingID, .error(WireError(code: .noSession, message: "send a hello first")))
                continue
            }
            handle(engine.receive(envelope.message, on: child.link, now: now) { self.sendToChild(child.routingID, $0, on: child.link) }, child: child)
        }
    }

    /// A hello opens a session only for the node its connection authenticated as (CURVE), and
    /// a refused hello touches no other session (SPEC §8.2).
    private func acceptHello(_ engine: SyncEngine, _ hello: Hello, envelope: Envelope, routingID: [UInt8], identity: Authenticated?, now: Int64) {
        if let identity, identity.node != hello.node {
            sendToChild(
                routingID,
                .refusal(Refusal(code: .notEnrolled, reason: "this connection's key \(identity.key.short)… is enrolled for node \(identity.node); it cannot speak as node \(hello.node)")))
            return
        }
        let (link, actions) = engine.acceptHello(hello, protocolVersion: envelope.protocolVersion, schemaVersion: envelope.schemaVersion, now: now)
        guard let link else {
            for case .send(let message) in actions { sendToChild(routingID, message) }
            return
        }
        if let previous = children[hello.node], previous.routingID != routingID {
            // The same node (the same enrolled key, under CURVE) on a new connection: it
            // reconnected, and its old connection is dead or about to be.
            logger.info("child reconnected; its previous session is replaced", metadata: ["peer.node": "\(hello.node)"])
            engine.recordProgress(previous.link, now: now, force: true)
        }
        let child = ChildLink(routingID: routingID, link: link, key: identity?.key)
        children[hello.node] = child
        handle(engine.perform(actions, on: link, now: now) { self.sendToChild(routingID, $0, on: link) }, child: child)
    }

    /// Acts on what the engine reports about a child link.
    private func handle(_ events: [LinkEvent], child: ChildLink) {
        guard events.contains(.closed), let peer = child.link.peer, children[peer] === child else { return }
        children[peer] = nil
    }

    @discardableResult
    private func sendToChild(_ routingID: [UInt8], _ message: WireMessage, on link: SyncLink? = nil) -> Bool {
        guard let router, let engine else { return false }
        do {
            return try router.send([routingID, engine.frame(message, on: link)])
        } catch {
            if error.isHostUnreachable, let node = children.first(where: { $0.value.routingID == routingID })?.key {
                children[node] = nil
                logger.info("child disconnected", metadata: ["peer.node": "\(node)"])
            }
            return false
        }
    }

    // MARK: Shared

    /// Persists every session's progress (on the way out).
    private func flushProgress(_ engine: SyncEngine) {
        let now = monotonicMillis()
        if let parent { engine.recordProgress(parent.link, now: now, force: true) }
        for child in children.values { engine.recordProgress(child.link, now: now, force: true) }
    }

    private func receive(_ socket: ZMQSocket) -> [[UInt8]]? { receiveMessage(socket)?.frames }

    private func receiveMessage(_ socket: ZMQSocket) -> ReceivedMessage? {
        do { return try socket.receiveMessage() } catch {
            logger.debug("receive failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func decode(_ payload: [UInt8], from peer: String) -> Envelope? {
        do { return try Envelope(decoding: payload) } catch {
            malformed.increment()
            if peerLog.allows(peer, now: wallClockMillis()) {
                logger.warning("malformed message (at most one line per peer every 10 s)", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            }
            return nil
        }
    }

    // MARK: Operator control

    private func handleControl(_ engine: SyncEngine) {
        guard let control, let frames = receive(control) else { return }
        let command = String(decoding: frames.first ?? [], as: UTF8.self)
        switch command {
        case "sync":
            guard configuration.parentEndpoint != nil else {
                _ = try? control.send([Array("ok node \(replica.node) has no parent; its children sync continuously".utf8)])
                return
            }
            pendingSyncRequest = (engine.head, monotonicMillis() + 30_000)
            parent?.link.session.compareDigestsSoon()
            // Skip any back-off: try the parent now.
            nextConnectMillis = 0
        default:
            _ = try? control.send([Array("error unknown command '\(command)'".utf8)])
        }
    }

    private func answerSyncRequest(_ engine: SyncEngine, now: Int64) {
        guard let request = pendingSyncRequest, let control else { return }
        parent?.link.session.confirmWhenCaughtUp()
        if let parent, engine.head >= request.head, parent.link.session.isConfirmedInSync(head: engine.head) {
            pendingSyncRequest = nil
            _ = try? control.send([Array("ok in sync with parent \(parent.link.peer.map { "\($0)" } ?? ""): digests agree (数据一致)".utf8)])
        } else if let parent, engine.head >= request.head, parent.link.session.digestUnsupported, parent.link.session.isInSync(head: engine.head) {
            pendingSyncRequest = nil
            _ = try? control.send([Array("ok caught up with parent \(parent.link.peer.map { "\($0)" } ?? "") (it does not compare digests: not verified)".utf8)])
        } else if now > request.deadline {
            pendingSyncRequest = nil
            let reason = parent?.link.session.phase == .established ? "sync still running after 30 s" : "parent unreachable"
            _ = try? control.send([Array("error \(reason)".utf8)])
        }
    }
}
