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
/// `run()` (libzmq sockets are not thread-safe), hands what arrives to the `LinkDriver` (which
/// decides when to connect: the schedule, reconnect back-off with jitter, the routing checks,
/// the same driver the simulator runs), answers authentication and operators' control requests.
public final class NodeRuntime {
    let replica: Replica
    let configuration: NodeConfiguration
    let logger: Logger
    let stopSignal: StopSignal
    let mode: RuntimeMode
    /// Readiness and liveness for /readyz, /healthz and systemd (nil: nobody asks).
    let health: NodeHealth?

    private var engine: SyncEngine?
    private var driver: LinkDriver?
    private var links: ZeroMQLinks?
    private var control: ZMQSocket?
    private var pendingSyncRequest: (head: ChangeSeq, deadline: Int64)?

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

    private var isSecure: Bool {
        if case .curve = configuration.security { return true }
        return false
    }

    public init(replica: Replica, configuration: NodeConfiguration, logger: Logger, stop: StopSignal, mode: RuntimeMode = .serve, health: NodeHealth? = nil) {
        self.replica = replica
        self.configuration = configuration
        self.logger = logger
        self.stopSignal = stop
        self.mode = mode
        self.health = health
    }

    /// Runs until stopped (serve) or in sync (syncOnce). Throws when the node cannot start
    /// (address in use, bad endpoint) or a one-shot sync cannot complete.
    public func run() throws(NodeError) {
        let context: ZMQContext
        do { context = try ZMQContext() } catch { throw NodeError("cannot create ZeroMQ context: \(error)") }
        let links = ZeroMQLinks(context: context, configuration: configuration, logger: logger)
        self.links = links
        defer {
            health?.markStopping()
            driver?.close(now: monotonicMillis())
            links.close()
            control?.close()
            zap?.close()
            driver = nil
            self.links = nil
            control = nil
            zap = nil
        }
        try prepareSecurity(context)
        links.parentKey = enrolled.parent?.key
        if case .serve = mode {
            if let endpoint = configuration.listenEndpoint { try links.listen(endpoint) }
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
        var policy = LinkPolicy(
            hasParent: configuration.parentEndpoint != nil, schedule: configuration.schedule, utcOffsetMinutes: configuration.utcOffsetMinutes,
            reconnectInitialMillis: configuration.reconnectInitialMillis, reconnectMaxMillis: configuration.reconnectMaxMillis)
        if case .syncOnce = mode { policy.ignoresSchedule = true }
        let driver = LinkDriver(engine: engine, policy: policy, transport: links, logger: logger)
        self.driver = driver

        // The replica is open and this node's own sockets are bound; the parent is not waited for.
        health?.turned(now: monotonicMillis())
        health?.markReady()
        while !stopSignal.isStopped {
            if let result = try step(engine, driver) { return result }
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
        // The file's state before reading it: a write in between shows as a change at the next
        // check and is read then (the other order would take the new state for the old contents).
        enrolledFileState = EnrolledKeys.fileState(path)
        enrolled = try EnrolledKeys.load(from: path)
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
    private func refreshEnrolment(_ driver: LinkDriver, now: Int64) {
        guard case .curve(_, let path) = configuration.security, now >= nextEnrolmentCheckMillis else { return }
        nextEnrolmentCheckMillis = now + 1000
        let state = EnrolledKeys.fileState(path)
        guard state != enrolledFileState else { return }
        do {
            enrolled = try EnrolledKeys.load(from: path)
            enrolledFileState = state
            links?.parentKey = enrolled.parent?.key
            driver.engine.sealRegistry = enrolled.sealKeys
            logger.info("enrolment file re-read", metadata: ["enrolled.children": "\(enrolled.activeChildren.count)", "enrolled.sealers": "\(enrolled.sealers.count)"])
        } catch {
            if peerLog.allows("enrolment", now: wallClockMillis()) {
                logger.error("cannot re-read the enrolment file; keeping the enrolment read before", metadata: ["error": "\(error)"])
            }
            return
        }
        for (node, child) in driver.children {
            guard let key = child.identity?.key, !enrolled.admits(node, key: key) else { continue }
            driver.dropChild(node, telling: Refusal(code: .revoked, reason: "the key \(key.short)… of node \(node) was revoked at node \(replica.node) (密钥已吊销)"), now: now)
            logger.warning("revoked child's session dropped (密钥已吊销)", metadata: ["peer.node": "\(node)", "peer.key": "\(key.short)"])
            try? replica.recordContact(peer: node, role: .child, nowMillis: driver.engine.wall(now), error: .some("key revoked (密钥已吊销)"), state: .refused)
        }
    }

    /// Answers libzmq's authentication requests: a client is admitted only with a key enrolled
    /// (and not revoked) for some child; its user id binds the connection to that child's code.
    private func answerAuthentication() {
        guard let zap else { return }
        do {
            try zap.handlePending { request in
                if let child = enrolled.activeChild(withKey: request.clientKey) {
                    return .admit(userID: PeerIdentity(node: child.node, key: request.clientKey).userID)
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
    private func step(_ engine: SyncEngine, _ driver: LinkDriver) throws(NodeError) -> Void? {
        guard let links else { return () }
        var sockets: [ZMQSocket] = []
        if let zap { sockets.append(zap.socket) }
        if let router = links.router { sockets.append(router) }
        if let socket = links.parentSocket { sockets.append(socket) }
        if let monitor = links.parentMonitor { sockets.append(monitor) }
        if let control { sockets.append(control) }
        let readable: [Bool]
        do {
            readable = try zmqPollReadable(sockets, timeoutMillis: configuration.pollMillis)
        } catch {
            throw NodeError("polling sockets failed: \(error)")
        }
        for (socket, isReadable) in zip(sockets, readable) where isReadable {
            if socket === zap?.socket { answerAuthentication() }
            else if socket === links.router { drainRouter(links, driver) }
            else if socket === links.parentSocket { drainParent(links, driver) }
            else if socket === links.parentMonitor { watchParentHandshake(links, driver) }
            else if socket === control { handleControl(engine) }
        }
        // Sessions run on monotonic time; the engine maps it to the system clock (`observeClock`).
        let now = monotonicMillis()
        health?.turned(now: now)
        refreshEnrolment(driver, now: now)
        let wall = wallClockMillis()
        engine.observeClock(wallMillis: wall, monotonicMillis: now)
        engine.refreshHead()
        driver.tick(now: now)
        answerSyncRequest(engine, now: now)
        if case .syncOnce(let deadline) = mode {
            if let refused = driver.refused { throw NodeError("parent refused this node: \(refused.reason)") }
            // In sync only once digests agree too: both sides hold the same rows (SPEC §16).
            driver.confirmParentWhenCaughtUp()
            if driver.parentConfirmedInSync { return () }
            if wall > deadline {
                throw NodeError(
                    driver.parent?.session.phase == .established
                        ? "sync with the parent did not finish before the deadline; it resumes where it stopped on the next sync"
                        : "parent at \(configuration.parentEndpoint ?? "?") is unreachable; changes stay queued locally")
            }
        }
        return nil
    }

    // MARK: The parent connection

    /// The parent's CURVE handshake failed: it does not know this node's key, or this node has
    /// the wrong key for it.
    private func watchParentHandshake(_ links: ZeroMQLinks, _ driver: LinkDriver) {
        guard let monitor = links.parentMonitor else { return }
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
            driver.parentHandshakeFailed(reason, now: monotonicMillis())
            return
        }
    }

    private func drainParent(_ links: ZeroMQLinks, _ driver: LinkDriver) {
        while let socket = links.parentSocket, let frames = receive(socket) {
            guard let payload = frames.last else { continue }
            if let error = driver.receiveFromParent(payload, now: monotonicMillis()) { noteMalformed(from: "parent", error) }
        }
    }

    // MARK: Child connections

    private func drainRouter(_ links: ZeroMQLinks, _ driver: LinkDriver) {
        guard let router = links.router else { return }
        while let message = receiveMessage(router) {
            let frames = message.frames
            guard frames.count == 2 else { continue }
            let connection = ConnectionID(frames[0])
            let identity = PeerIdentity(userID: message.userID)
            // Under CURVE every connection passed ZAP; one without a user id is not ours to serve.
            if isSecure && identity == nil { continue }
            let outcome = driver.receiveFromChild(frames[1], on: connection, identity: identity, now: monotonicMillis())
            if case .malformed(let error) = outcome { noteMalformed(from: identity.map { "\($0.node)" } ?? "routing id \(connection)", error) }
        }
    }

    // MARK: Shared

    private func receive(_ socket: ZMQSocket) -> [[UInt8]]? { receiveMessage(socket)?.frames }

    private func receiveMessage(_ socket: ZMQSocket) -> ReceivedMessage? {
        do { return try socket.receiveMessage() } catch {
            logger.debug("receive failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func noteMalformed(from peer: String, _ error: Any) {
        malformed.increment()
        if peerLog.allows(peer, now: wallClockMillis()) {
            logger.warning("malformed message (at most one line per peer every 10 s)", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
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
            // Whatever the schedule, and skipping any back-off: try the parent now.
            driver?.forced = true
            driver?.connectSoon()
        default:
            _ = try? control.send([Array("error unknown command '\(command)'".utf8)])
        }
    }

    private func answerSyncRequest(_ engine: SyncEngine, now: Int64) {
        guard let request = pendingSyncRequest, let control, let driver else { return }
        let parent = driver.parent
        driver.confirmParentWhenCaughtUp()
        let answer: String
        if let parent, engine.head >= request.head, parent.session.isConfirmedInSync(head: engine.head) {
            answer = "ok in sync with parent \(parent.peer.map { "\($0)" } ?? ""): digests agree (数据一致)"
        } else if let parent, engine.head >= request.head, parent.session.digestUnsupported, parent.session.isInSync(head: engine.head) {
            answer = "ok caught up with parent \(parent.peer.map { "\($0)" } ?? "") (it does not compare digests: not verified)"
        } else if now > request.deadline {
            answer = "error " + (parent?.session.phase == .established ? "sync still running after 30 s" : "parent unreachable")
        } else {
            return
        }
        pendingSyncRequest = nil
        driver.forced = false
        _ = try? control.send([Array(answer.utf8)])
    }
}

/// The ZeroMQ half of a node's links: a ROUTER for its children, a DEALER (with a handshake
/// monitor under CURVE) for its parent.
final class ZeroMQLinks: LinkTransport {
    let context: ZMQContext
    let configuration: NodeConfiguration
    let logger: Logger
    private(set) var router: ZMQSocket?
    private(set) var parentSocket: ZMQSocket?
    private(set) var parentMonitor: ZMQSocket?
    /// The parent's key from the enrolment file (CURVE only).
    var parentKey: CurveKey?
    private var monitorCount = 0
    private var sendLog = LogRateLimiter()

    init(context: ZMQContext, configuration: NodeConfiguration, logger: Logger) {
        self.context = context
        self.configuration = configuration
        self.logger = logger
    }

    func listen(_ endpoint: String) throws(NodeError) {
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

    func openParentConnection() throws {
        guard let endpoint = configuration.parentEndpoint else { throw NodeError("this node has no parent endpoint") }
        // No routing id: the parent's libzmq picks one; the parent knows this node by its key.
        let socket = try ZMQSocket(context: context, kind: .dealer, options: configuration.socket)
        do {
            if case .curve(let key, _) = configuration.security, let parentKey {
                try socket.secure(.curveClient(key.pair, server: parentKey))
                monitorCount += 1
                parentMonitor = try socket.monitor(context: context, name: "parent-\(monitorCount)")
            }
            try socket.connect(endpoint)
        } catch {
            socket.close()
            throw NodeError("cannot connect to the parent at \(endpoint): \(error)")
        }
        parentSocket = socket
    }

    func closeParentConnection() {
        parentMonitor?.close()
        parentSocket?.close()
        parentMonitor = nil
        parentSocket = nil
    }

    func sendToParent(_ message: WireMessage, frame: [UInt8]) -> Bool {
        guard let parentSocket else { return false }
        do {
            return try parentSocket.send([frame])
        } catch {
            if sendLog.allows("send-to-parent", now: monotonicMillis()) {
                logger.warning("send to parent failed (at most one line every 10 s)", metadata: ["error": "\(error)"])
            }
            return false
        }
    }

    func sendToChild(_ connection: ConnectionID, _ message: WireMessage, frame: [UInt8]) -> ChildSendResult {
        guard let router else { return .notSent }
        do {
            return try router.send([connection.bytes, frame]) ? .sent : .notSent
        } catch {
            return error.isHostUnreachable ? .unreachable : .notSent
        }
    }

    func close() {
        closeParentConnection()
        router?.close()
        router = nil
    }
}
