import CZeroMQ

/// A failed libzmq call, with the operation and endpoint it concerned.
public struct ZMQError: Error, Sendable, CustomStringConvertible {
    /// The `errno` libzmq reported.
    public var code: Int32
    /// What was being done, e.g. `bind`, `connect`, `send`.
    public var operation: String
    /// The endpoint involved, when there is one.
    public var endpoint: String?

    init(_ operation: String, endpoint: String? = nil, code: Int32 = zmq_errno()) {
        self.code = code
        self.operation = operation
        self.endpoint = endpoint
    }

    public var message: String { String(cString: zmq_strerror(code)) }

    /// The peer is not connected (ROUTER with `ZMQ_ROUTER_MANDATORY`).
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }
    /// The operation would block.
    public var isWouldBlock: Bool { code == EAGAIN }
    /// The context was terminated.
    public var isTerminated: Bool { code == ETERM }

    public var description: String {
        var text = "ZeroMQ \(operation) failed"
        if let endpoint { text += " on \(endpoint)" }
        return text + ": \(message) (errno \(code))"
    }
}
