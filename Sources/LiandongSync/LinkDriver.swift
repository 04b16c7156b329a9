import LiandongCore
import LiandongStore
import LiandongTransport
import LiandongWire
import Logging

/// A connection from a child as the transport names it: ZeroMQ's routing id at a ROUTER, the
/// simulator's connection number.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var description: String { bytes.map { String($0, radix: 16) }.joined() }
}

/// Who a connection authenticated as: under CURVE, the child node whose enrolled key the
/// connection's handshake proved (the ZAP user id `"<node> <key>"`, Protocols/SPEC.md §2.1).
public struct PeerIdentity: Hashable, Sendable {
    public var node: NodeID
    public var key: CurveKey

    public init(node: NodeID, key: CurveKey) {
        self.node = node
        self.key = key
    }

    /// Parses a ZAP user id; nil unless it is `"<node> <key>"`.
    public init?(userID: String?) {
        guard let words = userID?.split(separator: " "), words.count == 2, let raw = Int64(words[0]), let key = CurveKey(z85: String(words[1])) else {
            return nil
        }
        self.init(node: NodeID(rawValue: raw), key: key)
    }

    public var userID: String { "\(node.rawValue) \(key)" }
}

/// What a child connection's send came to.
public enum ChildSendResult: Sendable {
    case sent
    /// Not sent now (a full queue); the session retries.
    case notSent
    /// The connection is gone: the driver forgets the child's session.
    case unreachable
}

/// What carries a node's frames. ZeroMQ sockets in `NodeRuntime`, the in-process network in the
/// simulator: the `LinkDriver` above it is the same, so the simulator runs the routing checks,
/// the reconnect back-off and the schedule window that a real node runs.
public protocol LinkTransport: AnyObject {
    /// Opens a new connection to the parent (closing none: the driver closes first).
    func openParentConnection() throws
    func closeParentConnection()
    /// Puts `frame` (the encoding of `message`) on the parent connection; false if it did not go.
    func sendToParent(_ message: WireMessage, frame: [UInt8]) -> Bool
    func sendToChild(_ connection: ConnectionID, _ message: WireMessage, frame: [UInt8]) -> ChildSendResult
}

/// When and how the parent link is tried.
public struct LinkPolicy: Sendable {
    /// Whether this node has a parent to talk to at all.
    public var hasParent: Bool
    public var schedule: SyncSchedule
    /// Local time's offset from UTC, for the schedule's window.
    public var utcOffsetMinutes: Int
    /// First and largest delay between reconnect attempts; doubling, with ±25% jitter.
    public var reconnectInitialMillis: Int64
    public var reconnectMaxMillis: Int64
    /// How long to wait before trying a parent that refused this node's key again: its operator
    /// has to enrol it first (SPEC §2.1).
    public var refusedKeyRetryMillis: Int64 = 30_000
    /// The schedule does not apply (a one-shot `liandong sync --once`).
    public var ignoresSchedule = false

    public init(hasParent: Bool, schedule: SyncSchedule, utcOffsetMinutes: Int, reconnectInitialMillis: Int64, reconnectMaxMillis: Int64) {
        self.hasParent = hasParent
        self.schedule = schedule
        self.utcOffsetMinutes = utcOffsetMinutes
        self.reconnectInitialMillis = reconnectInitialMillis
        self.reconnectMaxMillis = reconnectMaxMillis
    }
}

/// What a child's message came to, for the caller's counters and checks.
public enum ChildMessageOutcome: Sendable, Equatable {
    case handled
    /// A hello the engine refused (wrong tier, version, tree); the refusal went back.
    case helloRefused(Refusal)
    /// A hello naming a node other than the one the connection authenticated as; refused, and
    /// no session was touched (SPEC §8.2).
    case impostor(claimed: NodeID, authenticated: NodeID)
    /// A message on a connection that has no session (or another key's): told to say hello.
    case noSession
    /// Not a frame of this protocol; answered `MALFORMED`.
    case malformed(String)
}

/// The link policy of one node, shared by every transport: the parent link follows the
/// schedule, reconnects back off with jitter, a refusal stops the retries, a failed key
/// handshake retries slowly; each child's session belongs to the connection its hello came on,
/// for the node that connection authenticated as, and a reconnecting child's new connection
/// replaces its old session. All on the one thread that drives the node.
public final class LinkDriver {
    public let engine: SyncEngine
    public let policy: LinkPolicy
    private let transport: any LinkTransport
    private let logger: Logger
    private var random: any RandomNumberGenerator

    /// The link to the parent while a connection is open.
    public private(set) var parent: SyncLink?
    /// A refusal from the parent: its cause needs fixing, the node does not retry (SPEC §8.3).
    public private(set) var refused: Refusal?
    /// When the parent may next be tried (monotonic milliseconds).
    public private(set) var nextConnectMillis: Int64 = 0
    private var reconnectDelayMillis: Int64
    /// An operator asked for a sync now: the parent link is allowed whatever the schedule.
    public var forced = false

    public struct Child {
        public let connection: ConnectionID
        public let link: SyncLink
        /// Whom the connection authenticated as (nil on insecure links).
        public let identity: PeerIdentity?
    }

    public private(set) var children: [NodeID: Child] = [:]
    private var peerLog = LogRateLimiter()

    public init(engine: SyncEngine, policy: LinkPolicy, transport: any LinkTransport, logger: Logger, random: any RandomNumberGenerator = SystemRandomNumberGenerator()) {
        self.engine = engine
        self.policy = policy
        self.transport = transport
        self.logger = logger
        self.random = random
        self.reconnectDelayMillis = policy.reconnectInitialMillis
    }

    private var replica: Replica { engine.replica }

    /// Time passes: the parent link connects, acts or hangs up; every child's session acts.
    public func tick(now: Int64) {
        tickParent(now: now)
        // In the order of the children's codes: the same input gives the same output (the
        // simulator replays a seed exactly).
        for node in children.keys.sorted() {
            guard let child = children[node] else { continue }
            handle(engine.tick(child.link, now: now) { self.send($0, to: child) }, child: child)
        }
    }

    // MARK: The parent link (this node is the child)

    /// True when the schedule, or an operator's sync, lets this node talk to its parent now.
    /// The window is read on the node's corrected clock (its own plus the offset to its parent's,
    /// docs/durability-and-time.md): a hall PC whose clock is hours off still syncs in the night
    /// window its operator set.
    public func parentLinkAllowed(now: Int64) -> Bool {
        if forced || policy.ignoresSchedule { return true }
        let local = SyncSchedule.localMinute(millis: engine.correctedMillis(engine.wall(now)), utcOffsetMinutes: policy.utcOffsetMinutes)
        return policy.schedule.isOpen(atLocalMinute: local)
    }

    private func tickParent(now: Int64) {
        guard policy.hasParent, refused == nil else { return }
        let allowed = parentLinkAllowed(now: now)
        guard let parent else {
            if allowed && now >= nextConnectMillis { connectParent(now: now) }
            return
        }
        handleParent(engine.tick(parent, now: now) { self.sendToParent($0) }, now: now)
        if let link = self.parent, !allowed, link.session.isInSync(head: engine.head) {
            // Outside the window, once in sync: hang up until the next window or a forced sync.
            logger.info("sync window closed; link to parent idle until it opens", metadata: ["sync.schedule": "\(policy.schedule)"])
            engine.recordProgress(link, now: now, force: true)
            if let peer = link.peer { try? replica.recordContact(peer: peer, role: .parent, nowMillis: engine.wall(now), state: .idle) }
            closeParent()
            nextConnectMillis = now
            reconnectDelayMillis = policy.reconnectInitialMillis
        }
    }

    private func connectParent(now: Int64) {
        do {
            try transport.openParentConnection()
            let (link, actions) = try engine.openParentLink(now: now)
            parent = link
            handleParent(engine.perform(actions, on: link, now: now) { self.sendToParent($0) }, now: now)
        } catch {
            logger.warning("cannot connect to parent", metadata: ["error": "\(error)"])
            closeParent()
            scheduleReconnect(now: now)
        }
    }

    /// A message from the parent connection: `payload` is its frame.
    /// Returns the decoding error when it was not a frame of this protocol (answered `MALFORMED`).
    @discardableResult
    public func receiveFromParent(_ payload: [UInt8], now: Int64) -> (any Error)? {
        let envelope: Envelope
        do { envelope = try Envelope(decoding: payload) } catch {
            if parent != nil { _ = sendToParent(.error(WireError(code: .malformed, message: "undecodable frame"))) }
            return error
        }
        receiveFromParent(envelope, now: now)
        return nil
    }

    /// A decoded message from the parent connection.
    public func receiveFromParent(_ envelope: Envelope, now: Int64) {
        guard let parent else { return }
        handleParent(engine.receive(envelope.message, on: parent, now: now) { self.sendToParent($0) }, now: now)
    }

    /// Acts on what the engine reports about the parent link.
    private func handleParent(_ events: [LinkEvent], now: Int64) {
        for event in events {
            switch event {
            case .established:
                reconnectDelayMillis = policy.reconnectInitialMillis
            case .refused(let refusal):
                refused = refusal
            case .closed:
                closeParent()
                // A refusal needs its cause fixed; the node does not retry (SPEC §8.3).
                guard refused == nil else { continue }
                logger.info("reconnecting to parent", metadata: ["reconnect.delay_ms": "\(reconnectDelayMillis)"])
                scheduleReconnect(now: now)
            }
        }
    }

    /// The parent's key handshake failed (`reason` says how): shown in `status`, retried slowly
    /// (the parent's operator may enrol the key at any time), or the end of a one-shot sync.
    public func parentHandshakeFailed(_ reason: String, now: Int64) {
        if peerLog.allows("parent-handshake", now: now) {
            logger.error("cannot connect to parent", metadata: ["error": "\(reason)"])
        }
        if let node = replica.tree.parent(of: replica.node) {
            try? replica.recordContact(peer: node, role: .parent, nowMillis: engine.wall(now), error: .some(reason), state: .refused)
        }
        if policy.ignoresSchedule { refused = Refusal(code: .notEnrolled, reason: reason) }
        closeParent()
        scheduleReconnect(now: now)
        nextConnectMillis = max(nextConnectMillis, now + policy.refusedKeyRetryMillis)
    }

    /// Someone waits for the parent link to be confirmed in sync (digests agree, SPEC §16):
    /// compare as soon as both directions are caught up.
    public func confirmParentWhenCaughtUp() { parent?.session.confirmWhenCaughtUp() }

    /// True when the parent link is in sync and, where the parent compares digests, they agreed
    /// at the current head: both replicas hold the same rows.
    public var parentConfirmedInSync: Bool {
        guard let parent else { return false }
        return parent.session.isConfirmedInSync(head: engine.head) || (parent.session.digestUnsupported && parent.session.isInSync(head: engine.head))
    }

    /// Try the parent now, skipping any back-off (an operator's `liandong sync`).
    public func connectSoon() {
        nextConnectMillis = 0
        parent?.session.compareDigestsSoon()
    }

    /// Ends every session as a restart would (without recording their progress), and tries the
    /// parent again at `reconnectAt`.
    public func restartSessions(reconnectAt: Int64) {
        closeParent()
        children = [:]
        nextConnectMillis = reconnectAt
        reconnectDelayMillis = policy.reconnectInitialMillis
    }

    private func closeParent() {
        transport.closeParentConnection()
        parent = nil
    }

    private func scheduleReconnect(now: Int64) {
        let spread = reconnectDelayMillis / 4
        let jitter = Int64.random(in: -spread...spread, using: &random)
        nextConnectMillis = now + reconnectDelayMillis + jitter
        reconnectDelayMillis = min(policy.reconnectMaxMillis, reconnectDelayMillis * 2)
    }

    @discardableResult
    private func sendToParent(_ message: WireMessage) -> Bool {
        transport.sendToParent(message, frame: engine.frame(message))
    }

    // MARK: Child links (this node is the parent)

    /// A frame from a child's connection, which authenticated as `identity` (nil on insecure links).
    @discardableResult
    public func receiveFromChild(_ payload: [UInt8], on connection: ConnectionID, identity: PeerIdentity?, now: Int64) -> ChildMessageOutcome {
        let envelope: Envelope
        do { envelope = try Envelope(decoding: payload) } catch {
            send(.error(WireError(code: .malformed, message: "undecodable frame")), to: connection)
            return .malformed("\(error)")
        }
        return receiveFromChild(envelope, on: connection, identity: identity, now: now)
    }

    /// A decoded message from a child's connection.
    public func receiveFromChild(_ envelope: Envelope, on connection: ConnectionID, identity: PeerIdentity?, now: Int64) -> ChildMessageOutcome {
        if case .hello(let hello) = envelope.message {
            return acceptHello(hello, envelope: envelope, connection: connection, identity: identity, now: now)
        }
        // A message belongs to the session of its connection, and only if that connection is
        // the one the session was opened on by the same key.
        guard let child = children.values.first(where: { $0.connection == connection }), child.identity == identity else {
            send(.error(WireError(code: .noSession, message: "send a hello first")), to: connection)
            return .noSession
        }
        handle(engine.receive(envelope.message, on: child.link, now: now) { self.send($0, to: child) }, child: child)
        return .handled
    }

    /// A hello opens a session only for the node its connection authenticated as, and a refused
    /// hello touches no other session (SPEC §8.2).
    private func acceptHello(_ hello: Hello, envelope: Envelope, connection: ConnectionID, identity: PeerIdentity?, now: Int64) -> ChildMessageOutcome {
        if let identity, identity.node != hello.node {
            send(
                .refusal(
                    Refusal(code: .notEnrolled, reason: "this connection's key \(identity.key.short)… is enrolled for node \(identity.node); it cannot speak as node \(hello.node)")),
                to: connection)
            return .impostor(claimed: hello.node, authenticated: identity.node)
        }
        let link: SyncLink
        let actions: [SessionAction]
        switch engine.acceptHello(hello, protocolVersion: envelope.protocolVersion, schemaVersion: envelope.schemaVersion, now: now) {
        case .welcomed(let opened, let welcome):
            link = opened
            actions = welcome
        case .refused(let refusal):
            send(.refusal(refusal), to: connection)
            return .helloRefused(refusal)
        }
        if let previous = children[hello.node], previous.connection != connection {
            // The same node (the same enrolled key, under CURVE) on a new connection: it
            // reconnected, and its old connection is dead or about to be.
            logger.info("child reconnected; its previous session is replaced", metadata: ["peer.node": "\(hello.node)"])
            engine.recordProgress(previous.link, now: now, force: true)
        }
        let child = Child(connection: connection, link: link, identity: identity)
        children[hello.node] = child
        handle(engine.perform(actions, on: link, now: now) { self.send($0, to: child) }, child: child)
        return .handled
    }

    /// Drops a child's session, telling it why (its key was revoked).
    public func dropChild(_ node: NodeID, telling refusal: Refusal, now: Int64) {
        guard let child = children.removeValue(forKey: node) else { return }
        send(.refusal(refusal), to: child.connection)
        engine.recordProgress(child.link, now: now, force: true)
    }

    /// Forgets a child's session without a word (its node was moved elsewhere, or it restarted).
    public func forgetChild(_ node: NodeID) { children[node] = nil }

    private func handle(_ events: [LinkEvent], child: Child) {
        guard events.contains(.closed), let peer = child.link.peer, children[peer]?.connection == child.connection else { return }
        children[peer] = nil
    }

    @discardableResult
    private func send(_ message: WireMessage, to child: Child) -> Bool {
        send(message, to: child.connection, on: child.link)
    }

    @discardableResult
    private func send(_ message: WireMessage, to connection: ConnectionID, on link: SyncLink? = nil) -> Bool {
        switch transport.sendToChild(connection, message, frame: engine.frame(message, on: link)) {
        case .sent: return true
        case .notSent: return false
        case .unreachable:
            if let node = children.first(where: { $0.value.connection == connection })?.key {
                children[node] = nil
                logger.info("child disconnected", metadata: ["peer.node": "\(node)"])
            }
            return false
        }
    }

    // MARK: Shared

    /// Persists every session's progress (on the way out, and before sessions end).
    public func flushProgress(now: Int64) {
        if let parent { engine.recordProgress(parent, now: now, force: true) }
        for child in children.values { engine.recordProgress(child.link, now: now, force: true) }
    }

    /// Closes the parent connection (the node stops).
    public func close(now: Int64) {
        flushProgress(now: now)
        closeParent()
    }
}
