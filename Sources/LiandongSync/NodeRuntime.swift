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

    private var engine: SyncEngine?
    private var context: ZMQContext?
    private var router: ZMQSocket?
    private var control: ZMQSocket?
    private var parent: ParentLink?
    private var children: [NodeID: ChildLink] = [:]
    private var pendingSyncRequest: (head: ChangeSeq, deadline: Int64)?
    private var random = SystemRandomNumberGenerator()

    private let malformed = Counter(label: "liandong_malformed_messages_total")
    private var malformedLog = LogRateLimiter()

    final class ParentLink {
        let socket: ZMQSocket
        let link: SyncLink
        init(socket: ZMQSocket, link: SyncLink) {
            self.socket = socket
            self.link = link
        }
    }

    final class ChildLink {
        let routingID: [UInt8]
        let link: SyncLink
        init(routingID: [UInt8], link: SyncLink) {
            self.routingID = routingID
            self.link = link
        }
    }

    private var nextConnectMillis: Int64 = 0
    private var reconnectDelayMillis: Int64
    private var refused: Refusal?

    public init(replica: Replica, configuration: NodeConfiguration, logger: Logger, stop: StopSignal, mode: RuntimeMode = .serve) {
        self.replica = replica
        self.configuration = configuration
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
        let engine: SyncEngine
        do { engine = try SyncEngine(replica: replica, session: configuration.session, drift: configuration.drift, logger: logger) } catch {
            throw NodeError("\(error)")
        }
        self.engine = engine

        defer { flushProgress(engine) }
        while !stopSignal.isStopped {
            if let result = try step(engine) { return result }
        }
        logger.info("node stopping", metadata: ["node.id": "\(replica.node)"])
    }

    /// One turn of the loop: wait briefly for input, handle it, let the sessions act.
    private func step(_ engine: SyncEngine) throws(NodeError) -> Void? {
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
            if socket === router { drainRouter(engine) }
            else if socket === parent?.socket { drainParent(engine) }
            else if socket === control { handleControl(engine) }
        }
        // Sessions run on monotonic time; the engine maps it to the system clock (`observeClock`).
        let now = monotonicMillis()
        let wall = wallClockMillis()
        engine.observeClock(wallMillis: wall, monotonicMillis: now)
        engine.refreshHead()
        tickParent(engine, now: now)
        for child in Array(children.values) { handle(engine.tick(child.link, now: now) { self.sendToChild(child.routingID, $0) }, child: child) }
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
            if let peer = parent.link.peer { try? replica.recordContact(peer: peer, role: "parent", nowMillis: engine.wall(now), state: .idle) }
            parent.socket.close()
            self.parent = nil
            nextConnectMillis = now
            reconnectDelayMillis = configuration.reconnectInitialMillis
        }
    }

    private func connectParent(_ engine: SyncEngine, _ endpoint: String, now: Int64) {
        guard let context else { return }
        do {
            let socket = try ZMQSocket(context: context, kind: .dealer, options: configuration.socket)
            try socket.setRoutingID(replica.node.description)
            try socket.connect(endpoint)
            let (link, actions) = try engine.openParentLink(now: now)
            let parent = ParentLink(socket: socket, link: link)
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
                    parent?.socket.close()
                    parent = nil
                    continue
                }
                logger.info("reconnecting to parent", metadata: ["peer.endpoint": "\(configuration.parentEndpoint ?? "")", "reconnect.delay_ms": "\(reconnectDelayMillis)"])
                dropParent(now: now)
            }
        }
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
            logger.warning("send to parent failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    // MARK: Child links (this node is the parent)

    private func drainRouter(_ engine: SyncEngine) {
        guard let router else { return }
        while let frames = receive(router) {
            let now = monotonicMillis()
            guard frames.count == 2 else { continue }
            let routingID = frames[0]
            guard let envelope = decode(frames[1], from: String(decoding: routingID, as: UTF8.self)) else {
                sendToChild(routingID, .error(WireError(code: .malformed, message: "undecodable frame")))
                continue
            }
            if case .hello(let hello) = envelope.message {
                acceptHello(engine, hello, envelope: envelope, routingID: routingID, now: now)
                continue
            }
            guard let child = children.values.first(where: { $0.routingID == routingID }) else {
                sendToChild(routingID, .error(WireError(code: .noSession, message: "send a hello first")))
                continue
            }
            handle(engine.receive(envelope.message, on: child.link, now: now) { self.sendToChild(child.routingID, $0) }, child: child)
        }
    }

    private func acceptHello(_ engine: SyncEngine, _ hello: Hello, envelope: Envelope, routingID: [UInt8], now: Int64) {
        let (link, actions) = engine.acceptHello(hello, protocolVersion: envelope.protocolVersion, schemaVersion: envelope.schemaVersion, now: now)
        guard let link else {
            for case .send(let message) in actions { sendToChild(routingID, message) }
            return
        }
        if routingID != Array(hello.node.description.utf8) {
            sendToChild(routingID, .refusal(Refusal(code: .unknownNode, reason: "routing id does not match node \(hello.node)")))
            return
        }
        let child = ChildLink(routingID: routingID, link: link)
        children[hello.node] = child
        handle(engine.perform(actions, on: link, now: now) { self.sendToChild(routingID, $0) }, child: child)
    }

    /// Acts on what the engine reports about a child link.
    private func handle(_ events: [LinkEvent], child: ChildLink) {
        guard events.contains(.closed), let peer = child.link.peer, children[peer] === child else { return }
        children[peer] = nil
    }

    @discardableResult
    private func sendToChild(_ routingID: [UInt8], _ message: WireMessage) -> Bool {
        guard let router, let engine else { return false }
        do {
            return try router.send([routingID, engine.frame(message)])
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

    private func receive(_ socket: ZMQSocket) -> [[UInt8]]? {
        do { return try socket.receive() } catch {
            logger.debug("receive failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func decode(_ payload: [UInt8], from peer: String) -> Envelope? {
        do { return try Envelope(decoding: payload) } catch {
            malformed.increment()
            if malformedLog.allows(peer, now: wallClockMillis()) {
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
