import CZeroMQ

/// A libzmq context. Contexts are thread-safe; the sockets made from them are not.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }

    /// Terminates the context. Every socket must have been closed (with a finite linger) first.
    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// True when this libzmq can encrypt and authenticate (CURVE, built with libsodium).
    public static var hasCurve: Bool { zmq_has("curve") != 0 }

    /// The libzmq version, e.g. `4.3.4`.
    public static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
