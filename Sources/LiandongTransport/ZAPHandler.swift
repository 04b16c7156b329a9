import CZeroMQ

/// What the ZAP handler answers for a connecting client.
public enum ZAPVerdict: Sendable, Equatable {
    /// Admit the connection; `userID` is attached to every message it sends (`ReceivedMessage.userID`).
    case admit(userID: String)
    /// Refuse the handshake: the client gets a CURVE ERROR and no message of it ever arrives.
    case refuse(reason: String)
}

/// A ZAP request (ZeroMQ RFC 27) for a CURVE client.
public struct ZAPRequest: Sendable, Equatable {
    /// The client's long-term public key.
    public var clientKey: CurveKey
    /// The client's IP address as libzmq reports it.
    public var address: String
}

/// The context's ZeroMQ Authentication Protocol handler: a REP socket at
/// `inproc://zeromq.zap.01`, asked by libzmq during every CURVE handshake on a server socket of
/// the same context. It must be bound before any CURVE server socket binds: libzmq admits
/// every client when no handler is bound.
///
/// Serve it from the thread that owns it (`handlePending`), like every other socket.
public final class ZAPHandler {
    /// The ZAP domain every Liandong server socket sets.
    public static let domain = "liandong"
    static let endpoint = "inproc://zeromq.zap.01"

    public let socket: ZMQSocket

    public init(context: ZMQContext) throws(ZMQError) {
        socket = try ZMQSocket(context: context, kind: .reply)
        try socket.bind(Self.endpoint)
    }

    public func close() { socket.close() }

    /// Answers every waiting request with `decide`; returns how many were answered. A request
    /// that is not a CURVE request of ZAP 1.0 is refused.
    @discardableResult
    public func handlePending(_ decide: (ZAPRequest) -> ZAPVerdict) throws(ZMQError) -> Int {
        var answered = 0
        while let frames = try socket.receive() {
            answered += 1
            // version, request id, domain, address, identity, mechanism, credentials…
            let requestID = frames.count > 1 ? frames[1] : []
            let verdict: ZAPVerdict
            if frames.count >= 7, String(decoding: frames[0], as: UTF8.self) == "1.0",
                String(decoding: frames[5], as: UTF8.self) == "CURVE", let key = CurveKey(bytes: frames[6])
            {
                verdict = decide(ZAPRequest(clientKey: key, address: String(decoding: frames[3], as: UTF8.self)))
            } else {
                verdict = .refuse(reason: "only CURVE clients are admitted")
            }
            let reply: [[UInt8]] =
                switch verdict {
                case .admit(let userID): [Array("1.0".utf8), requestID, Array("200".utf8), Array("OK".utf8), Array(userID.utf8), []]
                case .refuse(let reason): [Array("1.0".utf8), requestID, Array("400".utf8), Array(reason.utf8.prefix(200)), [], []]
                }
            try socket.send(reply, blocking: true)
        }
        return answered
    }
}
