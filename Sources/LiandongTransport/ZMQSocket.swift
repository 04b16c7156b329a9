import CZeroMQ

/// Options every Liandong socket sets, because libzmq's defaults are unsafe for a long-lived
/// service (Protocols/SPEC.md §2): unlimited message size, infinite linger, no heartbeats.
public struct SocketOptions: Sendable {
    /// Largest message accepted, in bytes (`ZMQ_MAXMSGSIZE`). A peer that sends more is disconnected.
    public var maxMessageBytes: Int64 = 16 * 1024 * 1024
    /// How long unsent messages are kept after close (`ZMQ_LINGER`), in milliseconds.
    public var lingerMillis: Int32 = 0
    /// ZMTP heartbeat interval (`ZMQ_HEARTBEAT_IVL`), in milliseconds; 0 disables.
    public var heartbeatIntervalMillis: Int32 = 1000
    /// Time without traffic after which libzmq drops the connection (`ZMQ_HEARTBEAT_TIMEOUT`).
    public var heartbeatTimeoutMillis: Int32 = 5000
    /// Outgoing and incoming queue bounds, in messages.
    public var highWaterMark: Int32 = 1000
    /// Reconnect interval and its maximum under back-off, in milliseconds.
    public var reconnectIntervalMillis: Int32 = 100
    public var reconnectIntervalMaxMillis: Int32 = 5000

    public init() {}
}

/// One ZeroMQ socket. Not `Sendable`: libzmq 4.3.4 has no thread-safe socket types, so a socket
/// is created, used and closed on one thread.
public final class ZMQSocket {
    public enum Kind: Sendable {
        case router, dealer, reply, request, pair

        var rawValue: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .dealer: ZMQ_DEALER
            case .reply: ZMQ_REP
            case .request: ZMQ_REQ
            case .pair: ZMQ_PAIR
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    public let kind: Kind
    private var closed = false

    public init(context: ZMQContext, kind: Kind, options: SocketOptions = SocketOptions()) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        self.kind = kind
        try set(ZMQ_MAXMSGSIZE, options.maxMessageBytes)
        try set(ZMQ_LINGER, options.lingerMillis)
        try set(ZMQ_SNDHWM, options.highWaterMark)
        try set(ZMQ_RCVHWM, options.highWaterMark)
        try set(ZMQ_RECONNECT_IVL, options.reconnectIntervalMillis)
        try set(ZMQ_RECONNECT_IVL_MAX, options.reconnectIntervalMaxMillis)
        if options.heartbeatIntervalMillis > 0 {
            try set(ZMQ_HEARTBEAT_IVL, options.heartbeatIntervalMillis)
            try set(ZMQ_HEARTBEAT_TIMEOUT, options.heartbeatTimeoutMillis)
            try set(ZMQ_HEARTBEAT_TTL, options.heartbeatTimeoutMillis)
        }
        if kind == .router {
            // Fail loudly instead of dropping messages for peers that are gone. No
            // ROUTER_HANDOVER: a connection claiming a routing id in use must never take over
            // (or, in libzmq 4.3.4, abort the process over) another peer's connection; the node
            // lets libzmq choose routing ids and identifies peers by their key (SPEC §2.1).
            try set(ZMQ_ROUTER_MANDATORY, Int32(1))
        }
    }

    deinit { close() }

    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    public func set(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var v = value
        guard zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size) == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    public func set(_ option: Int32, _ value: Int64) throws(ZMQError) {
        var v = value
        guard zmq_setsockopt(handle, option, &v, MemoryLayout<Int64>.size) == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    public func set(_ option: Int32, bytes: [UInt8]) throws(ZMQError) {
        let result = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard result == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    /// The identity a DEALER presents to its ROUTER (`ZMQ_ROUTING_ID`); set before `connect`.
    public func setRoutingID(_ id: String) throws(ZMQError) { try set(ZMQ_ROUTING_ID, bytes: Array(id.utf8)) }

    public func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("bind", endpoint: endpoint) }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("connect", endpoint: endpoint) }
    }

    /// The endpoint actually bound (resolves `tcp://127.0.0.1:*` to a port).
    public var lastEndpoint: String {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends a multipart message. Returns false when it would block (`blocking: false`).
    @discardableResult
    public func send(_ frames: [[UInt8]], blocking: Bool = false) throws(ZMQError) -> Bool {
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = blocking ? 0 : ZMQ_DONTWAIT
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            let result = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            if result < 0 {
                let error = ZMQError("send")
                if error.isWouldBlock && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one multipart message, or nil when none is waiting (`blocking: false`).
    public func receive(blocking: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        try receiveMessage(blocking: blocking)?.frames
    }

    /// Receives one multipart message with the user id the ZAP handler gave its connection
    /// (nil on an unauthenticated connection), or nil when none is waiting.
    public func receiveMessage(blocking: Bool = false) throws(ZMQError) -> ReceivedMessage? {
        var frames: [[UInt8]] = []
        var userID: String?
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let result = zmq_msg_recv(&message, handle, blocking || !frames.isEmpty ? 0 : ZMQ_DONTWAIT)
            if result < 0 {
                let error = ZMQError("receive")
                if error.isWouldBlock && frames.isEmpty { return nil }
                if error.code == EINTR && frames.isEmpty { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message), size > 0 {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 {
                if let property = zmq_msg_gets(&message, "User-Id") { userID = String(cString: property) }
                return ReceivedMessage(frames: frames, userID: userID.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }
}

/// A multipart message and who sent it.
public struct ReceivedMessage: Sendable {
    public var frames: [[UInt8]]
    /// The ZAP user id of the connection it came on (CURVE only).
    public var userID: String?
}

extension ZMQSocket {
    /// Handshake failures and disconnections of this socket, read from the returned PAIR
    /// socket (`ZMQSocket.monitorEvents`). `name` must be unique in the context.
    public func monitor(context: ZMQContext, name: String) throws(ZMQError) -> ZMQSocket {
        let endpoint = "inproc://monitor-\(name)"
        let events = ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
            | ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED
        guard zmq_socket_monitor(handle, endpoint, events) == 0 else { throw ZMQError("socket_monitor", endpoint: endpoint) }
        let pair = try ZMQSocket(context: context, kind: .pair)
        try pair.connect(endpoint)
        return pair
    }

    /// The monitor events waiting on a PAIR socket made by `monitor`.
    public func monitorEvents() -> [MonitorEvent] {
        var events: [MonitorEvent] = []
        while let frames = try? receive(), frames.count >= 1, frames[0].count >= 6 {
            let code = Int32(frames[0][0]) | Int32(frames[0][1]) << 8
            let value = UInt32(frames[0][2]) | UInt32(frames[0][3]) << 8 | UInt32(frames[0][4]) << 16 | UInt32(frames[0][5]) << 24
            switch code {
            case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: events.append(.authenticationFailed(status: Int(value)))
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: events.append(.handshakeFailed)
            case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: events.append(.handshakeSucceeded)
            case ZMQ_EVENT_DISCONNECTED: events.append(.disconnected)
            default: break
            }
        }
        return events
    }
}

/// What a socket monitor reports.
public enum MonitorEvent: Sendable, Equatable {
    /// The peer refused this socket's credentials (ZAP status, e.g. 400): a CURVE server that
    /// does not know this node's key.
    case authenticationFailed(status: Int)
    /// The security handshake failed otherwise (wrong server key, mechanism mismatch).
    case handshakeFailed
    case handshakeSucceeded
    case disconnected
}

/// Waits until one of `sockets` can be read or `timeoutMillis` passes. Returns, per socket,
/// whether a message is waiting.
public func zmqPollReadable(_ sockets: [ZMQSocket], timeoutMillis: Int) throws(ZMQError) -> [Bool] {
    var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    let result = zmq_poll(&items, Int32(items.count), timeoutMillis)
    if result < 0 {
        let error = ZMQError("poll")
        if error.code == EINTR { return Array(repeating: false, count: sockets.count) }
        throw error
    }
    return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
}
